"""Build analyses with hand-made NER mentions, so the resolution tests do not depend on the NER model."""

from __future__ import annotations

import re

from marsad.entities import EntitiesStage
from marsad.model import Analysis, Entity, Mention
from marsad.pipeline import Pipeline

_TEXT = Pipeline(["text"])
STAGE = EntitiesStage()


def analysed(text: str, mentions: list[tuple[str, str]] = (), published: str | None = "2025-10-26") -> Analysis:
    """``text`` through the text layer, the given (surface, type) NER mentions (every occurrence),
    then the entities stage."""
    a = _TEXT(text, published=published)
    out: list[Mention] = []
    for surface, type_ in mentions:
        for m in re.finditer(re.escape(surface), text):
            if any(x.start < m.end() and m.start() < x.end for x in out):
                continue
            out.append(Mention(f"m{len(out) + 1}", m.start(), m.end(), surface, type_, 0))
    a.mentions = sorted(out, key=lambda m: m.start)
    return STAGE(a)


def entity_of(a: Analysis, surface: str, nth: int = 0) -> Entity | None:
    """The entity of the ``nth`` mention whose text is ``surface``."""
    found = [m for m in a.mentions if m.text == surface]
    if len(found) <= nth:
        return None
    return a.entity(found[nth].entity)


def texts(a: Analysis, ent: Entity) -> list[str]:
    return [m.text for m in a.mentions if m.entity == ent.id]


def by_id(a: Analysis, entity_id: str) -> Entity | None:
    return a.entity(entity_id)

"""Hand-made analyses for the quotes tests: the text layer runs for real, mentions and entities are
written by the test, so attribution is tested without depending on the NER and entities stages."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from marsad.model import Analysis, Entity, Mention
from marsad.pipeline import Pipeline


def make_analysis(
    text: str,
    mentions: Sequence[tuple[str, str, str | None] | tuple[str, str, str | None, int]] = (),
    entities: Sequence[tuple[str, str, str]] = (),
    *,
    title_first_line: bool = False,
) -> Analysis:
    """``mentions``: (surface, type, entity id[, occurrence]); ``entities``: (id, type, name)."""
    a = Pipeline(["text"])(text, title_first_line=title_first_line)
    ents = {eid: Entity(eid, etype, name) for eid, etype, name in entities}
    for n, spec in enumerate(mentions, 1):
        surface, mtype, eid = spec[0], spec[1], spec[2]
        occurrence = spec[3] if len(spec) > 3 else 1  # type: ignore[misc]
        s = -1
        for _ in range(occurrence):
            s = text.find(surface, s + 1)
            assert s >= 0, f"{surface!r} is not in the text"
        sent = next(i for i, x in enumerate(a.sentences) if x.start <= s < x.end)
        m = Mention(f"m{n}", s, s + len(surface), surface, mtype, sent, entity=eid)
        a.mentions.append(m)
        if eid:
            ents[eid].mentions.append(m.id)
    a.mentions.sort(key=lambda m: m.start)
    a.entities = list(ents.values())
    return a


@pytest.fixture
def build() -> Callable[..., Analysis]:
    return make_analysis

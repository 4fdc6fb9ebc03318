"""Hand-made analyses for event tests: the text layer runs for real; mentions, entities, times,
quantities and quotes are given by surface string, so the event coder is tested on its own."""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.model import Analysis, Entity, Mention, Quantity, Quote, Role, TimeExpr
from marsad.pipeline import Pipeline


@dataclass
class Ent:
    surface: str  # as written in the text (first occurrence unless ``nth`` says otherwise)
    id: str
    type: str = "PERSON"  # entity type
    country: str | None = None
    sector: str | None = None
    name_en: str | None = None
    mtype: str | None = None  # mention type; default from the entity type
    nth: int | None = None  # None: every occurrence not inside an earlier mention
    role: str | None = None


@dataclass
class Spec:
    text: str
    published: str = "2025-10-26"
    ents: list[Ent] = field(default_factory=list)
    times: list[tuple[str, str, str]] = field(default_factory=list)  # (surface, value, granularity)
    durations: list[tuple[str, str]] = field(default_factory=list)  # (surface, ISO duration)
    money: list[tuple[str, float, str, bool]] = field(default_factory=list)  # (surface, value, unit, approx)
    quotes: list[tuple[str, str]] = field(default_factory=list)  # (quoted surface, speaker entity id)
    title_first_line: bool = False


MTYPE = {"PERSON": "PERS", "ORG": "ORG", "COUNTRY": "LOC", "LOC": "LOC", "GROUP": "ORG", "MISC": "MISC"}


def _find(text: str, surface: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = text.find(surface, pos + 1)
        if pos < 0:
            raise ValueError(f"{surface!r} not in text")
    return pos


def _sent(a: Analysis, offset: int) -> int:
    return next(i for i, s in enumerate(a.sentences) if s.start <= offset < s.end)


def build(spec: Spec) -> Analysis:
    a = Pipeline(["text"])(spec.text, published=spec.published, title_first_line=spec.title_first_line)
    ents: dict[str, Entity] = {}
    taken: list[tuple[int, int]] = []
    n = 0
    for e in spec.ents:
        if e.nth is not None:
            starts = [_find(a.text, e.surface, e.nth)]
        else:
            starts, pos = [], a.text.find(e.surface)
            while pos >= 0:
                starts.append(pos)
                pos = a.text.find(e.surface, pos + 1)
            if not starts:
                continue  # a shared entity list: this one is not in this text
        for start in starts:
            end = start + len(e.surface)
            if any(s < end and start < t for s, t in taken):
                continue
            taken.append((start, end))
            n += 1
            m = Mention(f"m{n}", start, end, e.surface, e.mtype or MTYPE[e.type], _sent(a, start), entity=e.id)
            a.mentions.append(m)
            ent = ents.get(e.id)
            if ent is None:
                roles = [Role(e.role, country=e.country, sector=e.sector)] if e.role else []
                ent = Entity(e.id, e.type, e.surface, name_en=e.name_en, country=e.country, sector=e.sector,
                             roles=roles)  # fmt: skip
                ents[e.id] = ent
            ent.mentions.append(m.id)
    a.mentions.sort(key=lambda m: m.start)
    a.entities = list(ents.values())
    for n, (surface, value, gran) in enumerate(spec.times):
        surface, _, nth = surface.partition("#")  # "سبتمبر#1": the second occurrence
        s = _find(a.text, surface, int(nth or 0))
        a.times.append(TimeExpr(f"t{n}", s, s + len(surface), surface, "date", value, gran, True,
                                sentence=_sent(a, s)))  # fmt: skip
    for n, (surface, iso) in enumerate(spec.durations):
        s = _find(a.text, surface)
        a.quantities.append(Quantity(f"d{n}", s, s + len(surface), surface, None, "day", "duration", iso=iso,
                                     sentence=_sent(a, s)))  # fmt: skip
    for n, (surface, value, unit, approx) in enumerate(spec.money):
        s = _find(a.text, surface)
        a.quantities.append(Quantity(f"q{n}", s, s + len(surface), surface, value, unit, "money", approx,
                                     sentence=_sent(a, s)))  # fmt: skip
    for n, (surface, speaker) in enumerate(spec.quotes):
        s = _find(a.text, surface)
        a.quotes.append(Quote(f"qt{n}", s, s + len(surface), surface, "direct", _sent(a, s), speaker=speaker))
    return a


def code(spec: Spec) -> Analysis:
    from marsad.events import EventStage

    return EventStage()(build(spec))

"""Hand-built analysis layers for web tests: the pages must render whatever an Analysis holds, and
these tests must not depend on how far the NLP stages have got. Spans are found with str.find, so
offsets always slice back to their text."""

from __future__ import annotations

from marsad.model import Actor, Analysis, Entity, Event, Mention, Quantity, Quote, Role, Span, TimeExpr


def _span(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    i = text.find(needle, start)
    assert i >= 0, f"{needle!r} not in the text"
    return i, i + len(needle)


def add_layers(a: Analysis, *, speaker_needle: str, speaker_id: str, speaker_en: str, quote_open: str = "“",
               quote_close: str = "”", country_needles: dict[str, tuple[str, str]] | None = None,
               time_needle: str | None = None, qty_needle: str | None = None, max_quotes: int = 1) -> Analysis:
    """Add a person (with every mention of ``speaker_needle``), countries, the first ``max_quotes``
    quotations between ``quote_open``/``quote_close`` attributed to the person, a time, a quantity,
    an event."""
    text = a.document.text
    mid = 0
    person = Entity(id=speaker_id, type="PERSON", name=speaker_needle, name_en=speaker_en, kb_id=speaker_id,
                    roles=[Role(role_en="Secretary of State", country="USA", sector="GOV")], country="USA")
    a.entities.append(person)
    pos = 0
    while (i := text.find(speaker_needle, pos)) >= 0:
        mid += 1
        a.mentions.append(Mention(f"m{mid}", i, i + len(speaker_needle), speaker_needle, "PERS", 0, entity=person.id))
        person.mentions.append(f"m{mid}")
        pos = i + len(speaker_needle)
    for needle, (eid, en) in (country_needles or {}).items():
        ent = Entity(id=eid, type="COUNTRY", name=needle, name_en=en, kb_id=eid, country=eid.split(":")[-1])
        a.entities.append(ent)
        pos = 0
        while (i := text.find(needle, pos)) >= 0:
            mid += 1
            a.mentions.append(Mention(f"m{mid}", i, i + len(needle), needle, "LOC", 0, entity=ent.id))
            ent.mentions.append(f"m{mid}")
            pos = i + len(needle)
    qs = text.find(quote_open)
    n = 0
    while qs >= 0 and (qe := text.find(quote_close, qs + len(quote_open))) >= 0 and n < max_quotes:
        n += 1
        s = qs + len(quote_open)
        a.quotes.append(Quote(f"q{n}", s, qe, text[s:qe], "direct", 0, speaker=person.id,
                              speaker_text=speaker_needle, attribution="named"))
        qs = text.find(quote_open, qe + len(quote_close))
    if time_needle:
        s, e = _span(text, time_needle)
        a.times.append(TimeExpr("t1", s, e, text[s:e], "date", value="2025-10-25", granularity="day", resolved=True))
    if qty_needle:
        s, e = _span(text, qty_needle)
        a.quantities.append(Quantity("n1", s, e, text[s:e], 500000000.0, unit="USD", kind="money", approximate=True))
    countries = [e for e in a.entities if e.type == "COUNTRY"]
    if len(countries) >= 2:
        s, e = _span(text, speaker_needle)
        a.events.append(
            Event("e1", "CONSULT", 0, trigger=Span(s, e, text[s:e]), evidence=Span(s, e, text[s:e]),
                  actor=Actor(countries[0].id, countries[0].name, countries[0].name_en, countries[0].country, "GOV"),
                  recipient=Actor(countries[1].id, countries[1].name, countries[1].name_en, countries[1].country),
                  date="2025-10-25", summary_en=f"{countries[0].name_en} consulted {countries[1].name_en}.")
        )
    return a

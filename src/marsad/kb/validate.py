"""Checks on KB entries: what ``marsad kb validate`` and the KB tests run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from marsad.kb.store import _DATE_RE, ENTITY_TYPES, KBEntry, _day, norm_name

SECTORS = frozenset(
    [
        "GOV",
        "MIL",
        "JUD",
        "LEG",
        "PTY",
        "REB",
        "BUS",
        "MED",
        "JRN",
        "NGO",
        "IGO",
        "OPP",
        "SPY",
        "PPL",
        "ELI",
        "CVL",
        "EDU",
        "REL",
        "LAB",
        "AGR",
        "HLH",
        "REF",
        "CRM",
        "UAF",
        "MOD",
        "RAD",
        "INS",
        "SEP",
        "DEV",
        "ENV",
        "HRI",
        "COP",
    ]
)
_ID_PREFIX: dict[str, tuple[str, ...]] = {
    "PERSON": ("person:",),
    "COUNTRY": ("country:",),
    "ORG": ("org:",),
    "GROUP": ("group:", "org:"),  # organised groups (armed movements) may keep org: ids
    "LOC": ("loc:",),
    "MISC": ("misc:",),
}


def validate_entries(entries: Sequence[KBEntry], *, known_countries: Iterable[str] = ()) -> list[str]:
    """Problems found in ``entries`` (empty when all is well), each naming the entry's file and line.

    Checked: ids unique and prefixed by their type (``person:``, ``org:`` ...); no person twice under
    two ids (the same canonical Arabic name or the same English name); known types and
    sector codes; no empty names; ISO alpha-3 country codes that exist; role dates valid and ordered.
    """
    problems: list[str] = []
    counts = Counter(e.id for e in entries)
    for dup, n in counts.items():
        if n > 1:
            where = ", ".join(e.source for e in entries if e.id == dup)
            problems.append(f"id {dup!r} is used {n} times ({where})")
    # one person under two ids: the same canonical Arabic name (normalised) or the same English name
    seen: dict[tuple[str, str], str] = {}
    for e in entries:
        if e.type != "PERSON":
            continue
        keys = [("the Arabic name", norm_name(e.names_ar[0]))] if e.names_ar else []
        keys.append(("the English name", e.name_en.strip().casefold()))
        for what, key in keys:
            other = seen.setdefault((what, key), e.id)
            if other != e.id and key:
                problems.append(f"{e.source}: {e.id}: {what} {key!r} is also {other}'s: the same person twice?")
    countries = set(known_countries) | {e.country for e in entries if e.type == "COUNTRY" and e.country}
    for e in entries:
        at = f"{e.source}: {e.id}"
        if e.type not in ENTITY_TYPES:
            problems.append(f"{at}: type {e.type!r} is not one of {', '.join(ENTITY_TYPES)}")
        elif not any(e.id.startswith(p) and len(e.id) > len(p) for p in _ID_PREFIX[e.type]) or " " in e.id:
            problems.append(f"{at}: a {e.type} id is {' or '.join(_ID_PREFIX[e.type])}<slug> without spaces")
        if not e.name_en.strip():
            problems.append(f"{at}: empty English name")
        if not e.names_ar and not e.aliases:
            problems.append(f"{at}: no Arabic name and no alias: the entry can never match")
        for n in list(e.names_ar) + list(e.aliases) + list(e.capitals_ar) + list(e.demonyms_ar):
            if not n.strip():
                problems.append(f"{at}: an empty name")
        if e.sector and e.sector not in SECTORS:
            problems.append(f"{at}: sector {e.sector!r} is not a PLOVER sector code")
        if e.country and countries and e.country not in countries:
            problems.append(f"{at}: country {e.country!r} is not an ISO 3166 alpha-3 code the KB knows")
        if e.wikidata and not (e.wikidata.startswith("Q") and e.wikidata[1:].isdigit()):
            problems.append(f"{at}: wikidata {e.wikidata!r} is not a Q-number")
        if e.roles and e.type != "PERSON":
            problems.append(f"{at}: only persons hold roles")
        for r in e.roles:
            rat = f"{at}: role {r.role_en!r}"
            if not r.role_en.strip() or not r.role_key.strip():
                problems.append(f"{rat}: empty role name or key")
            for d in (r.start, r.end):
                if d and not _DATE_RE.match(d):
                    problems.append(f"{rat}: date {d!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
            dated = r.start and r.end and _DATE_RE.match(r.start) and _DATE_RE.match(r.end)
            if dated and _day(r.start, end=False) > _day(r.end, end=True):  # type: ignore[arg-type]
                problems.append(f"{rat}: starts ({r.start}) after it ends ({r.end})")
            if r.country and countries and r.country not in countries:
                problems.append(f"{rat}: country {r.country!r} unknown")
            if r.sector and r.sector not in SECTORS:
                problems.append(f"{rat}: sector {r.sector!r} is not a PLOVER sector code")
    return problems

"""Country entries of the KB, built from :mod:`marsad.gazetteer` (the one home of country data)."""

from __future__ import annotations

from functools import cache

from marsad.kb.store import KBEntry


@cache
def country_entries() -> tuple[KBEntry, ...]:
    """One ``country:ISO3`` entry per gazetteer country: names, capitals and demonym forms."""
    out = []
    for c in _gazetteer_countries():
        out.append(
            KBEntry(
                id=f"country:{c['iso3']}",
                type="COUNTRY",
                name_en=c["name_en"],
                names_ar=list(c["names_ar"]),
                aliases=list(c.get("aliases", [])),
                country=c["iso3"],
                iso2=c.get("iso2"),
                capitals_ar=list(c.get("capitals_ar", [])),
                capital_en=c.get("capital_en"),
                demonyms_ar=list(c.get("demonyms_ar", [])),
                source="marsad.gazetteer",
            )
        )
    return tuple(out)


def _gazetteer_countries() -> list[dict]:
    """Country records from the gazetteer's loader API."""
    from marsad import gazetteer

    return [
        {
            "iso2": c.iso2,
            "iso3": c.iso3,
            "name_en": c.name_en,
            "names_ar": list(c.names_ar),
            "capital_en": c.capital_en,
            "capitals_ar": list(c.capitals_ar),
            "demonyms_ar": list(c.demonyms_ar),
        }
        for c in gazetteer.countries()
    ]

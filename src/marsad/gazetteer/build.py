"""Rebuild the generated gazetteer files: ``python -m marsad.gazetteer.build``.

Inputs:
- CLDR's Arabic and English territory names, through babel (Unicode licence);
- ISO 3166-1 codes, through pycountry (LGPL-2.1: used here, at build time only; marsad never
  imports it at run time, the codes it gives are facts copied into ``data/countries.tsv``);
- nationality adjectives from the ArWikiCats package (MIT), read from its JSON file without
  importing the package;
- the lists under ``sources/`` written for marsad (capitals, name variants, extra demonyms,
  overrides for ArWikiCats' country names).

Outputs (deterministic: the same inputs give byte-identical files): ``data/countries.tsv`` and
``data/demonyms.tsv``. ``data/cities.tsv``, ``data/regions.tsv`` and ``data/stoplist.txt`` are
written by hand and only read here.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import re
from pathlib import Path

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
DATA = HERE / "data"

AR_TASHKEEL = re.compile("[\u064b-\u0652\u0670\u0640]")


def _rows(path: Path) -> list[list[str]]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out.append(line.split("\t"))
    return out


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _dedupe(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for v in values:
        v = re.sub(r"\s+", " ", v).strip()
        if v and v not in seen:
            seen.add(v)
            out.append(v)
    return out


def cldr_names(code: str, ar: dict[str, str]) -> list[str]:
    """CLDR's Arabic name split into usable variants: 'ميانمار (بورما)' -> both names; names with a
    dash qualifier ('الكونغو - كينشاسا') are kept only as their parts handled in sources/."""
    name = ar.get(code)
    if not name:
        return []
    names = []
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)
    if m:
        names += [m.group(1), m.group(2)]
    else:
        names.append(name.replace(" - ", " "))
    return names


EN_OVERRIDES = {"CD": "DR Congo", "CG": "Republic of the Congo", "PS": "Palestine", "TL": "Timor-Leste"}


def english_name(code: str, en: dict[str, str]) -> str:
    """CLDR's English name made plain: no parenthesised alternative, 'and' for '&', 'Saint'."""
    name = EN_OVERRIDES.get(code) or en[code]
    name = re.sub(r"\s*\(.*\)$", "", name).replace(" & ", " and ")
    return re.sub(r"\bSt\. ", "Saint ", name)


def arwikicats_nationalities() -> dict[str, dict[str, str]]:
    spec = importlib.util.find_spec("ArWikiCats")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("the ArWikiCats package is needed to build the gazetteer: pip install ArWikiCats")
    path = Path(next(iter(spec.submodule_search_locations))) / "jsons/nationalities/nationalities_data.json"
    return json.loads(path.read_text("utf-8"))


def demonym_forms(male: str, broken: list[str], female: str | None = None) -> list[str]:
    """Every surface form of a nisba adjective: masc./fem., sound plurals, duals, accusative,
    broken plurals, each with and without the article."""
    male = AR_TASHKEEL.sub("", male)
    fem = female or (male + "ة")
    base = [male, fem]
    if male.endswith("ي"):
        base += [male + "ون", male + "ين", male + "ان", fem[:-1] + "ات", fem[:-1] + "تان", fem[:-1] + "تين"]
    base += broken
    forms = []
    for f in base:
        forms += [f, "ال" + f]
    if male.endswith("ي"):
        forms.append(male + "ا")  # indefinite accusative (أمريكيًا), never with the article
    return _dedupe(forms)


def build() -> tuple[list[str], list[str]]:
    import pycountry
    from babel import Locale

    ar = dict(Locale("ar").territories)
    en = dict(Locale("en").territories)
    capitals = {r[0]: (r[1], _split(r[2])) for r in _rows(SOURCES / "capitals.tsv")}
    extra: dict[str, list[str]] = {}
    for r in _rows(SOURCES / "country_names.tsv"):
        extra.setdefault(r[0], []).extend(_split(r[1]))

    countries = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        names = _dedupe(extra.get(c.alpha_3, []) + cldr_names(c.alpha_2, ar))
        if not names:
            log.warning("no Arabic name for %s", c.alpha_3)
            continue
        name_en = english_name(c.alpha_2, en) if c.alpha_2 in en else getattr(c, "common_name", None) or c.name
        cap_en, caps_ar = capitals.get(c.alpha_3, ("", []))
        countries.append((c.alpha_2, c.alpha_3, name_en, names, cap_en, caps_ar))
    # Kosovo has a CLDR code (XK) but no ISO 3166-1 entry; it is widely used as XKX.
    if "XK" in ar:
        countries.append(("XK", "XKX", english_name("XK", en), _dedupe(cldr_names("XK", ar)), "Pristina", ["بريشتينا"]))
    countries.sort(key=lambda row: row[1])
    isos = {row[1] for row in countries}

    overrides = {r[0]: r[1] for r in _rows(SOURCES / "nationality_map.tsv")}
    dem: dict[str, list[str]] = {}
    for _key, v in sorted(arwikicats_nationalities().items()):
        country_en = v.get("en", "")
        iso = overrides.get(country_en)
        if iso is None:
            try:
                iso = pycountry.countries.lookup(country_en).alpha_3
            except LookupError:
                log.warning("ArWikiCats nationality %r: no ISO country for %r; skipped", _key, country_en)
                continue
        if iso == "-" or iso not in isos:
            continue
        broken = [] if v.get("males", "").startswith(v.get("male", "\0")) else [v["males"]]
        dem.setdefault(iso, []).extend(demonym_forms(v["male"], [b for b in broken if b], v.get("female") or None))
    for r in _rows(SOURCES / "demonyms_extra.tsv"):
        dem.setdefault(r[0], []).extend(demonym_forms(r[1], _split(r[2]) if len(r) > 2 else []))

    country_lines = [
        "# Generated by `python -m marsad.gazetteer.build` from CLDR (babel), ISO 3166 (pycountry) and",
        "# sources/*.tsv; do not edit: edit the sources and rebuild.",
        "# iso2\tiso3\tname_en\tnames_ar (| separated, preferred first)\tcapital_en\tcapitals_ar",
    ]
    for iso2, iso3, name_en, names, cap_en, caps in countries:
        country_lines.append("\t".join([iso2, iso3, name_en, "|".join(names), cap_en, "|".join(caps)]))
    dem_lines = [
        "# Generated by `python -m marsad.gazetteer.build` from ArWikiCats' nationalities (MIT) and",
        "# sources/demonyms_extra.tsv; do not edit: edit the sources and rebuild.",
        "# iso3\tforms (| separated)",
    ]
    for iso3 in sorted(dem):
        dem_lines.append(f"{iso3}\t{'|'.join(_dedupe(dem[iso3]))}")
    return country_lines, dem_lines


def main() -> None:
    parser = argparse.ArgumentParser(description="Rebuild marsad's generated gazetteer files.")
    parser.add_argument("--out", type=Path, default=DATA, help="output folder (default: the package's data/)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    country_lines, dem_lines = build()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "countries.tsv").write_text("\n".join(country_lines) + "\n", "utf-8")
    (args.out / "demonyms.tsv").write_text("\n".join(dem_lines) + "\n", "utf-8")
    log.info("wrote %d countries and %d demonym rows to %s", len(country_lines) - 3, len(dem_lines) - 3, args.out)


if __name__ == "__main__":
    main()

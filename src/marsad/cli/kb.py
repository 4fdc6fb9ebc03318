"""`marsad kb lookup|list|validate|add`: the actor knowledge base."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from marsad.cli import command, group
from marsad.errors import InputError

FORMATS = ("text", "json")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    kb = group(
        sub,
        "kb",
        help="look up, list, check and extend the actor knowledge base",
        description=(
            "The actor knowledge base: countries (from the gazetteer), international organisations, national\n"
            "bodies, media and persons with dated roles. Add your own actors in a TSV or JSON Lines file and\n"
            "pass it with --kb FILE or list it in MARSAD_KB (format: `python -c 'import marsad.kb; help(marsad.kb)'`)."
        ),
    )

    p = command(
        kb,
        "lookup",
        help="find entries by Arabic or English name, alias or id",
        description="Find KB entries whose names, aliases or id match NAME (exact names first, then substrings).",
        examples=(
            "  marsad kb lookup روبيو\n"
            "  marsad kb lookup 'وزارة الخارجية الأمريكية'\n"
            "  marsad kb lookup USSM --kb my-actors.jsonl\n"
            "  marsad kb lookup 'Shehbaz' --date 2023-01-01 --format json\n"
        ),
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="show the roles held on this date (default: all roles)")
    _common(p)
    p.set_defaults(func=run_lookup)

    p = command(
        kb,
        "list",
        help="list entries, optionally of one type or country",
        description="List KB entries (id, type, English name, first Arabic name, country, sector).",
        examples=(
            "  marsad kb list --type PERSON\n"
            "  marsad kb list --type ORG --country PAK\n"
            "  marsad kb list --type COUNTRY --format json > countries.json\n"
        ),
    )
    p.add_argument("--type", choices=("PERSON", "ORG", "COUNTRY", "LOC", "GROUP", "MISC"), type=str.upper)
    p.add_argument("--country", metavar="ISO3", type=str.upper, help="entries of this country only")
    _common(p)
    p.set_defaults(func=run_list)

    p = command(
        kb,
        "validate",
        help="check the shipped KB and your own KB files",
        description=(
            "Check KB files: unique ids, known types and PLOVER sectors, no empty names, ISO countries that\n"
            "exist, valid and ordered role dates. Without FILE, checks the shipped KB (and MARSAD_KB).\n"
            "Exit status 1 when a problem is found."
        ),
        examples=("  marsad kb validate\n  marsad kb validate my-actors.jsonl more-actors.tsv\n"),
    )
    p.add_argument("files", nargs="*", metavar="FILE")
    p.set_defaults(func=run_validate)

    p = command(
        kb,
        "add",
        help="append an entry to a user KB file (JSON Lines)",
        description=(
            "Append one entry to FILE (JSON Lines, created if missing) after checking it. Roles are given as\n"
            "ROLE_KEY|ROLE_EN|COUNTRY|SECTOR|START|END (empty fields allowed; ROLE_KEY as in the title lexicon:\n"
            "foreign-minister, defence-minister, head-of-state, head-of-government, army-chief, ...)."
        ),
        examples=(
            "  marsad kb add my-actors.jsonl --id person:ishaq-dar --type PERSON --name-en 'Ishaq Dar' \\\n"
            "      --ar 'إسحاق دار' --ar 'اسحق دار' --country PAK --sector GOV \\\n"
            "      --role 'foreign-minister|Foreign Minister|PAK|GOV|2024-03-11|'\n"
            "  marsad kb add my-actors.jsonl --id org:ussm --type ORG --name-en 'US Strategic Metals' \\\n"
            "      --ar 'شركة المعادن الأمريكية' --alias USSM --alias 'US Strategic Metals' --country USA --sector BUS\n"
            "  MARSAD_KB=my-actors.jsonl marsad analyze article.txt --published 2025-10-26\n"
        ),
    )
    p.add_argument("file", metavar="FILE", type=Path)
    p.add_argument("--id", required=True, help="stable id: person:<slug>, org:<slug>, group:<slug>, loc:<slug>")
    p.add_argument(
        "--type", required=True, type=str.upper, choices=("PERSON", "ORG", "COUNTRY", "LOC", "GROUP", "MISC")
    )
    p.add_argument("--name-en", required=True, help="English name")
    p.add_argument("--ar", action="append", default=[], metavar="NAME", help="Arabic name or variant (repeatable)")
    p.add_argument("--alias", action="append", default=[], metavar="NAME", help="Latin-script name or acronym")
    p.add_argument("--country", type=str.upper, metavar="ISO3")
    p.add_argument(
        "--sector", type=str.upper, metavar="CODE", help="PLOVER sector: GOV MIL JUD LEG PTY REB BUS MED ..."
    )
    p.add_argument("--wikidata", metavar="QID", help="only where certain")
    p.add_argument("--subtype", help="igo, media, company, foreign-ministry, army, ...")
    p.add_argument("--role", action="append", default=[], metavar="SPEC", help="KEY|ROLE_EN|COUNTRY|SECTOR|START|END")
    p.set_defaults(func=run_add)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kb", action="append", default=[], metavar="FILE", help="also load this user KB file (repeatable)")
    p.add_argument("--format", choices=FORMATS, default="text")


def _line(e) -> str:  # type: ignore[no-untyped-def]
    head = f"{e.id}\t{e.type}\t{e.name_en}\t{e.names_ar[0] if e.names_ar else ''}\t{e.country or ''}\t{e.sector or ''}"
    return head


def run_lookup(args: argparse.Namespace) -> int:
    from marsad.kb import load_kb
    from marsad.pipeline import parse_date

    day = parse_date(args.date, what="--date")
    kb = load_kb(args.kb)
    found = kb.search(args.name)
    if args.format == "json":
        print(json.dumps([e.to_json() for e in found], ensure_ascii=False, indent=2))
        return 0 if found else 1
    if not found:
        print(f"nothing in the KB matches {args.name!r}", file=sys.stderr)
        return 1
    for e in found:
        print(_line(e))
        if len(e.names_ar) > 1:
            print(f"    Arabic: {' | '.join(e.names_ar)}")
        if e.aliases:
            print(f"    aliases: {' | '.join(e.aliases)}")
        if e.capitals_ar:
            print(f"    capital: {e.capital_en or ''} ({' | '.join(e.capitals_ar)})")
        if e.wikidata:
            print(f"    wikidata: {e.wikidata}")
        roles = e.roles_on(day) if day else e.roles
        for r in roles:
            print(f"    role: {r.role_en} ({r.country or '?'}, {r.sector or '?'}) {r.start or '?'} .. {r.end or 'now'}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from marsad.kb import load_kb

    kb = load_kb(args.kb)
    rows = [
        e
        for e in kb.entries.values()
        if (not args.type or e.type == args.type) and (not args.country or e.country == args.country)
    ]
    if args.format == "json":
        print(json.dumps([e.to_json() for e in rows], ensure_ascii=False, indent=2))
    else:
        for e in rows:
            print(_line(e))
        print(f"{len(rows)} entries", file=sys.stderr)
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from marsad.kb import load_entries, validate_entries
    from marsad.kb.countries import country_entries
    from marsad.kb.store import shipped_entries, user_kb_paths

    countries = list(country_entries())
    if args.files:
        entries = load_entries(args.files)
        what = ", ".join(args.files)
    else:
        entries = countries + list(shipped_entries())
        extra = user_kb_paths()
        if extra:
            entries += load_entries(extra)
        what = "the shipped KB" + (" and MARSAD_KB" if extra else "")
    problems = validate_entries(entries, known_countries=[c.country for c in countries if c.country])
    for p in problems:
        print(p)
    print(f"{what}: {len(entries)} entries, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def run_add(args: argparse.Namespace) -> int:
    from marsad.kb import load_entries, validate_entries
    from marsad.kb.countries import country_entries
    from marsad.kb.store import _entry

    roles = []
    for spec in args.role:
        parts = [p.strip() for p in spec.split("|")]
        if len(parts) > 6 or len(parts) < 2:
            raise InputError(f"--role {spec!r}: expected KEY|ROLE_EN|COUNTRY|SECTOR|START|END")
        parts += [""] * (6 - len(parts))
        key, role_en, country, sector, start, end = parts
        roles.append(
            {
                "role_key": key or role_en,
                "role_en": role_en,
                "country": country or None,
                "sector": sector or None,
                "start": start or None,
                "end": end or None,
            }
        )
    record = {
        "id": args.id,
        "type": args.type,
        "name_en": args.name_en,
        "names_ar": args.ar,
        "aliases": args.alias,
        "country": args.country,
        "sector": args.sector,
        "wikidata": args.wikidata,
        "subtype": args.subtype,
        "roles": roles,
    }
    entry = _entry(record, "the new entry")
    existing = load_entries([args.file]) if args.file.exists() else []
    if any(e.id == entry.id for e in existing):
        raise InputError(f"{args.file}: already has an entry with id {entry.id!r}")
    countries = [c.country for c in country_entries() if c.country]
    problems = validate_entries([entry], known_countries=countries)
    if problems:
        raise InputError("; ".join(problems))
    with args.file.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"added {entry.id} to {args.file}", file=sys.stderr)
    return 0

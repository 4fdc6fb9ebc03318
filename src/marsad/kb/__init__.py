"""The actor knowledge base: countries, organisations, media and persons with dated roles.

Every entry has a stable marsad id (``person:marco-rubio``, ``org:un-general-assembly``,
``country:PAK``), a type (PERSON, ORG, COUNTRY, LOC, GROUP, MISC), an English name, Arabic names with
their spelling variants, Latin-script aliases (English variants, acronyms), the country it belongs to
(ISO 3166 alpha-3), a PLOVER sector code and, for persons, roles with start and end dates. A Wikidata
id is given only where it is certain.

Countries are not listed here: they are built from :mod:`marsad.gazetteer` (names, variants,
capitals, demonyms), so the country data lives in one place.

Shipped data (``marsad/kb/data/``) and user files share two formats.

**TSV** (UTF-8, tab-separated, ``#`` starts a comment line; the first non-comment line is the header).
An *entries* file has the header::

    id  type  name_en  names_ar  aliases  country  sector  wikidata  subtype

``names_ar`` and ``aliases`` hold several values separated by ``|``; the first Arabic name is the
canonical one. ``subtype`` refines the type (``igo``, ``media``, ``company``, ``foreign-ministry``,
``army``, ``seat-of-government`` ...); national bodies carry the subtype the generic body rules of the
entities stage use (``foreign-ministry`` with country ``USA`` is what "وزارة الخارجية الأمريكية"
links to). Empty cells are allowed except ``id``, ``type`` and ``name_en``.

A *roles* file has the header::

    id  role_key  role_en  country  sector  start  end

one row per role held (``id`` is the person's id; dates are ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``;
an empty ``end`` means the role is still held). ``role_key`` is the canonical key the title lexicon
uses (``foreign-minister``, ``head-of-state``, ``head-of-government``, ``army-chief`` ...).

**JSON Lines** (``.jsonl``), one entry per line, roles inline::

    {"id": "person:jane-doe", "type": "PERSON", "name_en": "Jane Doe", "names_ar": ["جين دو"],
     "aliases": [], "country": "GBR", "sector": "GOV", "wikidata": null, "subtype": null,
     "roles": [{"role_key": "foreign-minister", "role_en": "Foreign Secretary", "country": "GBR",
                "sector": "GOV", "start": "2030-01-01", "end": null}]}

User files are added with ``marsad analyze --kb FILE`` / ``marsad kb ... --kb FILE`` or listed in the
``MARSAD_KB`` environment variable (paths separated by ``:``). A user entry with the id of a shipped
entry replaces it; ``marsad kb add`` appends an entry to a JSON Lines file; ``marsad kb validate``
checks files before use.
"""

from __future__ import annotations

from marsad.kb.store import (
    KB,
    KBEntry,
    KBRole,
    default_kb,
    load_entries,
    load_kb,
    user_kb_paths,
)
from marsad.kb.validate import validate_entries

__all__ = [
    "KB",
    "KBEntry",
    "KBRole",
    "default_kb",
    "load_entries",
    "load_kb",
    "user_kb_paths",
    "validate_entries",
]

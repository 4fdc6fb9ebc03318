"""Loading, indexing and querying the knowledge base (format: see :mod:`marsad.kb`)."""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from marsad.errors import InputError, ResourceError
from marsad.text.normalize import normalize_word

log = logging.getLogger(__name__)

ENTITY_TYPES = ("PERSON", "ORG", "COUNTRY", "LOC", "GROUP", "MISC")
ENTRY_COLUMNS = ("id", "type", "name_en", "names_ar", "aliases", "country", "sector", "wikidata", "subtype")
ROLE_COLUMNS = ("id", "role_key", "role_en", "country", "sector", "start", "end")
ENV_VAR = "MARSAD_KB"
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SPACE_RE = re.compile(r"\s+")


def norm_name(name: str) -> str:
    """The matching form of an Arabic (or any) name: normalised letters, single spaces."""
    return _SPACE_RE.sub(" ", normalize_word(name)).strip()


def _day(value: str, *, end: bool) -> str:
    """A full ISO day for a possibly partial date (``2025`` -> ``2025-01-01`` or ``2025-12-31``)."""
    if len(value) == 4:
        return value + ("-12-31" if end else "-01-01")
    if len(value) == 7:
        return value + ("-31" if end else "-01")
    return value


@dataclass(slots=True)
class KBRole:
    """A dated role: ``role_en`` of ``country`` in ``sector`` from ``start`` to ``end`` (None: still held)."""

    role_key: str
    role_en: str
    country: str | None = None
    sector: str | None = None
    start: str | None = None
    end: str | None = None

    def active_on(self, day: str | None) -> bool:
        """Whether the role was held on ``day`` (ISO date); with no date, whether it is still held."""
        if day is None:
            return self.end is None
        if self.start and _day(self.start, end=False) > day:
            return False
        return not (self.end and _day(self.end, end=True) < day)


@dataclass(slots=True)
class KBEntry:
    id: str
    type: str
    name_en: str
    names_ar: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # Latin-script names and acronyms
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    subtype: str | None = None
    roles: list[KBRole] = field(default_factory=list)
    # Countries only (filled from the gazetteer).
    iso2: str | None = None
    capitals_ar: list[str] = field(default_factory=list)
    capital_en: str | None = None
    demonyms_ar: list[str] = field(default_factory=list)
    source: str = ""  # file:line the entry came from

    def roles_on(self, day: str | None) -> list[KBRole]:
        return [r for r in self.roles if r.active_on(day)]

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("source")
        for k in ("iso2", "capitals_ar", "capital_en", "demonyms_ar"):
            if not out[k]:
                out.pop(k)
        return out


# --- reading files --------------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.rstrip("\n").split("\t")]


def _multi(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


def _opt(cell: str | None) -> str | None:
    return cell.strip() or None if cell else None


def _read_tsv(text: str, where: str) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """(kind, rows) of a TSV file: kind is ``entries`` or ``roles`` by its header."""
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = _cells(line)
        if header is None:
            header = cells
            if tuple(header[: len(ROLE_COLUMNS)]) == ROLE_COLUMNS:
                kind = "roles"
            elif tuple(header[: len(ENTRY_COLUMNS)]) == ENTRY_COLUMNS:
                kind = "entries"
            else:
                raise InputError(
                    f"{where}:{lineno}: unknown header {line.strip()!r}; an entries file starts with "
                    f"{' <TAB> '.join(ENTRY_COLUMNS)}, a roles file with {' <TAB> '.join(ROLE_COLUMNS)}"
                )
            continue
        if len(cells) > len(header):
            raise InputError(f"{where}:{lineno}: {len(cells)} columns, the header has {len(header)} (a stray tab?)")
        cells += [""] * (len(header) - len(cells))
        rows.append((lineno, dict(zip(header, cells, strict=True))))
    if header is None:
        raise InputError(f"{where}: empty file (no header line)")
    return kind, rows


def _entry(d: dict[str, Any], where: str) -> KBEntry:
    def listed(v: Any) -> list[str]:
        if v is None:
            return []
        if isinstance(v, str):
            return _multi(v)
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            return [x.strip() for x in v if x.strip()]
        raise InputError(f"{where}: expected a list of strings, got {v!r}")

    for key in ("id", "type", "name_en"):
        if not str(d.get(key) or "").strip():
            raise InputError(f"{where}: the {key!r} field is empty; every entry needs id, type and name_en")
    roles = []
    for r in d.get("roles") or []:
        if not isinstance(r, dict) or not r.get("role_en"):
            raise InputError(f"{where}: every role needs at least role_en (got {r!r})")
        roles.append(
            KBRole(
                role_key=str(r.get("role_key") or r["role_en"]).strip(),
                role_en=str(r["role_en"]).strip(),
                country=_opt(r.get("country")),
                sector=_opt(r.get("sector")),
                start=_opt(r.get("start")),
                end=_opt(r.get("end")),
            )
        )
    return KBEntry(
        id=str(d["id"]).strip(),
        type=str(d["type"]).strip().upper(),
        name_en=str(d["name_en"]).strip(),
        names_ar=listed(d.get("names_ar")),
        aliases=listed(d.get("aliases")),
        country=_opt(d.get("country")),
        sector=_opt(d.get("sector")),
        wikidata=_opt(d.get("wikidata")),
        subtype=_opt(d.get("subtype")),
        roles=roles,
        source=where,
    )


def parse_text(text: str, where: str) -> tuple[list[KBEntry], list[tuple[str, KBRole, str]]]:
    """Entries and (person id, role, where) rows from the text of one KB file."""
    entries: list[KBEntry] = []
    roles: list[tuple[str, KBRole, str]] = []
    if where.endswith((".jsonl", ".json")):
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{where}:{lineno}: not valid JSON ({e.msg}); one entry per line") from e
            if not isinstance(data, dict):
                raise InputError(f"{where}:{lineno}: expected a JSON object")
            entries.append(_entry(data, f"{where}:{lineno}"))
        return entries, roles
    kind, rows = _read_tsv(text, where)
    for lineno, row in rows:
        w = f"{where}:{lineno}"
        if kind == "entries":
            entries.append(_entry(row, w))
        else:
            if not row["id"] or not row["role_en"]:
                raise InputError(f"{w}: a role row needs the person id and role_en")
            roles.append(
                (
                    row["id"],
                    KBRole(
                        role_key=row["role_key"] or row["role_en"],
                        role_en=row["role_en"],
                        country=_opt(row["country"]),
                        sector=_opt(row["sector"]),
                        start=_opt(row["start"]),
                        end=_opt(row["end"]),
                    ),
                    w,
                )
            )
    return entries, roles


def load_entries(paths: Sequence[str | Path]) -> list[KBEntry]:
    """Entries of user KB files (TSV or JSON Lines), roles files attached to their persons."""
    entries: list[KBEntry] = []
    roles: list[tuple[str, KBRole, str]] = []
    for p in paths:
        path = Path(p)
        try:
            text = path.read_text("utf-8")
        except OSError as e:
            raise InputError(f"{path}: cannot read the KB file ({e.strerror})") from e
        e_, r_ = parse_text(text, str(path))
        entries += e_
        roles += r_
    _attach(entries, roles, strict=False)
    return entries


def _attach(entries: list[KBEntry], roles: list[tuple[str, KBRole, str]], *, strict: bool) -> list[str]:
    by_id = {e.id: e for e in entries}
    orphans = []
    for pid, role, where in roles:
        if pid in by_id:
            by_id[pid].roles.append(role)
        else:
            orphans.append(f"{where}: role for unknown id {pid!r}")
    if strict and orphans:
        raise ResourceError("; ".join(orphans))
    return orphans


SHIPPED_FILES = ("orgs.tsv", "national.tsv", "media.tsv", "persons.tsv", "roles.tsv")


@cache
def shipped_entries() -> tuple[KBEntry, ...]:
    """The shipped entries (without countries), loaded once per process."""
    entries: list[KBEntry] = []
    roles: list[tuple[str, KBRole, str]] = []
    base = resources.files("marsad.kb").joinpath("data")
    for name in SHIPPED_FILES:
        try:
            text = base.joinpath(name).read_text("utf-8")
        except OSError as e:
            raise ResourceError(f"marsad/kb/data/{name} is missing or unreadable; reinstall marsad") from e
        e_, r_ = parse_text(text, f"marsad/kb/data/{name}")
        entries += e_
        roles += r_
    _attach(entries, roles, strict=True)
    return tuple(entries)


def user_kb_paths(extra: Iterable[str | Path] = ()) -> list[Path]:
    """User KB files: those in ``MARSAD_KB`` (separated by ``os.pathsep``) then ``extra``."""
    env = os.environ.get(ENV_VAR, "")
    paths = [Path(p) for p in env.split(os.pathsep) if p.strip()]
    return paths + [Path(p) for p in extra]


# --- the index ------------------------------------------------------------------------------------


class KB:
    """Entries by id plus the indexes the entities stage and ``marsad kb`` use."""

    def __init__(self, entries: Iterable[KBEntry]) -> None:
        self.entries: dict[str, KBEntry] = {}
        for e in entries:
            self.entries[e.id] = e  # later (user) entries replace earlier ones
        self.by_name: dict[str, list[str]] = {}  # normalised Arabic name -> ids
        self.by_alias: dict[str, list[str]] = {}  # Latin alias (acronyms exact, names lower-case) -> ids
        self.capitals: dict[str, list[str]] = {}  # normalised capital name -> country ids
        self.demonyms: dict[str, list[str]] = {}  # normalised demonym form -> country ids
        self.by_subtype: dict[tuple[str, str], str] = {}  # (subtype, country) -> id
        self.countries: dict[str, str] = {}  # ISO3 -> id
        for e in self.entries.values():
            for n in e.names_ar:
                for v in name_variants(n):
                    _add(self.by_name, v, e.id)
            for a in e.aliases:
                _add(self.by_alias, alias_key(a), e.id)
            for c in e.capitals_ar:
                _add(self.capitals, norm_name(c), e.id)
            for d in e.demonyms_ar:
                _add(self.demonyms, norm_name(d), e.id)
            if e.subtype and e.country:
                self.by_subtype.setdefault((e.subtype, e.country), e.id)
            if e.type == "COUNTRY" and e.country:
                self.countries[e.country] = e.id

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, entry_id: str) -> bool:
        return entry_id in self.entries

    def get(self, entry_id: str | None) -> KBEntry | None:
        return self.entries.get(entry_id) if entry_id else None

    def country(self, iso3: str | None) -> KBEntry | None:
        return self.entries.get(self.countries.get(iso3 or "", ""), None)

    def lookup(self, name: str) -> list[KBEntry]:
        """Entries whose Arabic name, Latin alias, capital or demonym is ``name`` (any script)."""
        ids: list[str] = []
        key = norm_name(name)
        for table in (self.by_name, self.capitals, self.demonyms):
            ids += table.get(key, [])
        ids += self.by_alias.get(alias_key(name), [])
        if not ids and key.startswith("ال"):
            ids += self.demonyms.get(key[2:], [])
        seen: dict[str, KBEntry] = {}
        for i in ids:
            seen.setdefault(i, self.entries[i])
        return list(seen.values())

    def search(self, query: str, limit: int = 20) -> list[KBEntry]:
        """Entries whose id, English or Arabic names contain ``query`` (for ``marsad kb lookup``)."""
        exact = self.lookup(query)
        q_ar = norm_name(query)
        q_en = query.casefold()
        out = {e.id: e for e in exact}
        for e in self.entries.values():
            if len(out) >= limit:
                break
            if (
                q_en in e.id.casefold()
                or q_en in e.name_en.casefold()
                or any(q_en in a.casefold() for a in e.aliases)
                or any(q_ar in norm_name(n) for n in e.names_ar)
            ):
                out.setdefault(e.id, e)
        return list(out.values())[:limit]

    def holders(self, role_keys: Iterable[str], country: str | None, day: str | None) -> list[KBEntry]:
        """Persons holding one of ``role_keys`` for ``country`` on ``day``."""
        keys = set(role_keys)
        out = []
        for e in self._persons():
            for r in e.roles:
                if r.role_key in keys and (country is None or r.country == country) and r.active_on(day):
                    out.append(e)
                    break
        return out

    def _persons(self) -> list[KBEntry]:
        cached = getattr(self, "_persons_cache", None)
        if cached is None:
            cached = [e for e in self.entries.values() if e.type == "PERSON" and e.roles]
            self._persons_cache = cached
        return cached


_ABD_RE = re.compile(r"\bعبد ?ال")


def name_variants(name: str) -> list[str]:
    """Matching forms of an Arabic name: as normalised, plus عبد ال written joined or apart
    (عبد العزيز / عبدالعزيز), which normalisation does not fold."""
    key = norm_name(name)
    out = [key]
    if "عبد" in key:
        joined = _ABD_RE.sub("عبدال", key)
        apart = _ABD_RE.sub("عبد ال", key)
        out += [v for v in (joined, apart) if v not in out]
    return out


def alias_key(alias: str) -> str:
    """Acronyms (all capitals, 2-6 letters) match exactly; longer Latin names case-insensitively."""
    a = _SPACE_RE.sub(" ", alias.strip())
    if a.replace(".", "").isupper() and len(a.replace(".", "")) <= 6:
        return a.replace(".", "")
    return a.casefold()


def _add(table: dict[str, list[str]], key: str, value: str) -> None:
    if not key:
        return
    ids = table.setdefault(key, [])
    if value not in ids:
        ids.append(value)


@cache
def _default(paths: tuple[str, ...]) -> KB:
    from marsad.kb.countries import country_entries

    entries = list(country_entries()) + list(shipped_entries())
    if paths:
        entries += load_entries(list(paths))
    return KB(entries)


def load_kb(extra: Iterable[str | Path] = ()) -> KB:
    """The shipped KB (countries from the gazetteer included) plus ``MARSAD_KB`` and ``extra`` files;
    built once per process for each set of files."""
    return _default(tuple(str(p) for p in user_kb_paths(extra)))


def default_kb() -> KB:
    return load_kb()

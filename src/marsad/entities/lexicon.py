"""The entities stage's lexicons (``marsad/entities/data/``), loaded once per process.

Every spelling goes through :func:`marsad.text.normalize_word`, like the text it is matched against.
Phrases are stored as tuples of normalised words for the token matcher.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from marsad.errors import ResourceError
from marsad.kb.store import norm_name


@dataclass(frozen=True, slots=True)
class Title:
    role_key: str
    sector: str | None
    refers_to: tuple[str, ...]  # role keys a bare reference may resolve to
    phrase: tuple[str, ...]  # normalised words
    definite: bool  # has the article (or is a construct with a definite genitive)


@dataclass(frozen=True, slots=True)
class Body:
    subtype: str
    sector: str | None
    name_en: str
    phrase: tuple[str, ...]
    definite: bool


@dataclass(frozen=True, slots=True)
class Modifier:
    effect: str  # add-role | former | acting | elect
    value: str | None


@dataclass(slots=True, eq=False)
class Lexicon:
    """What the entities stage matches besides KB names and gazetteer places."""

    titles: dict[tuple[str, ...], Title] = field(default_factory=dict)
    role_names: dict[tuple[str, str], str] = field(default_factory=dict)  # (role_key, ISO3 or *) -> English
    modifiers: dict[str, Modifier] = field(default_factory=dict)
    bodies: dict[tuple[str, ...], Body] = field(default_factory=dict)
    descriptors: dict[str, str | None] = field(default_factory=dict)  # head noun -> sector
    ambiguous: frozenset[str] = frozenset()

    def role_en(self, role_key: str, country: str | None) -> str:
        return (
            self.role_names.get((role_key, country or "*"))
            or self.role_names.get((role_key, "*"))
            or role_key.replace("-", " ").capitalize()
        )


def _rows(name: str) -> list[tuple[int, list[str]]]:
    try:
        text = resources.files("marsad.entities").joinpath("data", name).read_text("utf-8")
    except OSError as e:
        raise ResourceError(f"marsad/entities/data/{name} is missing or unreadable; reinstall marsad") from e
    out = []
    header_seen = False
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen and name.endswith(".tsv"):
            header_seen = True
            continue
        out.append((n, [c.strip() for c in line.split("\t")]))
    return out


def _need(name: str, n: int, row: list[str], k: int) -> list[str]:
    if len(row) < k or not row[0]:
        raise ResourceError(f"marsad/entities/data/{name} line {n}: expected {k} tab-separated columns")
    return row + [""] * (k - len(row))


def _phrase(spelling: str) -> tuple[str, ...]:
    return tuple(norm_name(spelling).split(" "))


def _definite(phrase: tuple[str, ...]) -> bool:
    return any(w.startswith("ال") for w in phrase)


@cache
def default_lexicon() -> Lexicon:
    lex = Lexicon()
    for n, row in _rows("titles.tsv"):
        spellings, key, sector, refers = _need("titles.tsv", n, row, 4)[:4]
        refs = () if refers.strip() == "-" else tuple(r.strip() for r in refers.split(",") if r.strip()) or (key,)
        for s in spellings.split("|"):
            if s.strip():
                ph = _phrase(s)
                lex.titles.setdefault(ph, Title(key, sector or None, refs, ph, _definite(ph)))
    for n, row in _rows("role_names.tsv"):
        key, country, role_en = _need("role_names.tsv", n, row, 3)[:3]
        lex.role_names[(key, country or "*")] = role_en
    for n, row in _rows("title_modifiers.tsv"):
        spellings, effect, value = _need("title_modifiers.tsv", n, row, 3)[:3]
        for s in spellings.split("|"):
            if s.strip():
                lex.modifiers[norm_name(s)] = Modifier(effect, value or None)
    for n, row in _rows("bodies.tsv"):
        spellings, subtype, sector, name_en = _need("bodies.tsv", n, row, 4)[:4]
        for s in spellings.split("|"):
            if s.strip():
                ph = _phrase(s)
                lex.bodies.setdefault(ph, Body(subtype, sector or None, name_en, ph, _definite(ph)))
    for n, row in _rows("descriptors.tsv"):
        spellings, sector = _need("descriptors.tsv", n, row, 2)[:2]
        for s in spellings.split("|"):
            if s.strip():
                lex.descriptors[norm_name(s)] = sector or None
    lex.ambiguous = frozenset(norm_name(r[0].split("#", 1)[0]) for _, r in _rows("ambiguous.txt") if r[0].strip())
    return lex

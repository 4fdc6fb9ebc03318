"""Units, currencies, approximation markers and date context: the quantities stage's lexicons.

Every table is a file under ``marsad/quantities/data/`` (format in its header comment), loaded once
per process, every entry run through :func:`marsad.text.normalize_word`.

- ``units.tsv``: time units (durations), people (unit ``person``) and measures (km, t, barrel ...).
- ``currency_nouns.tsv`` (hand-made) and ``currencies.tsv`` (generated from CLDR by
  ``python -m marsad.quantities.build_currencies``): currency words to ISO 4217 codes.
- ``markers.tsv``: نحو / حوالي (approximate), أكثر من (lower bound), أقل من (upper bound) ...
- ``context.tsv``: words that make a number part of a date or an identifier (عام 2025، 26 أكتوبر).
- ``not_counted.txt``: particles and prepositions that never name what a number counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from marsad.errors import ResourceError
from marsad.text.normalize import normalize_word

__all__ = [
    "ISO_DURATION",
    "UnitNoun",
    "adjective_key",
    "context_words",
    "currency_tables",
    "markers",
    "not_counted",
    "unit_noun",
    "units",
]


@dataclass(slots=True, frozen=True)
class UnitNoun:
    unit: str
    kind: str  # duration | count | number
    number: str  # "1" singular, "2" dual, "n" plural
    words: int = 1  # how many words the form has

    @property
    def count(self) -> float:
        """What the noun counts on its own: 2 for a dual, 1 otherwise."""
        return 2.0 if self.number == "2" else 1.0


# unit -> (ISO 8601 designator, multiplier, in the time part)
ISO_DURATION: dict[str, tuple[str, int, bool]] = {
    "second": ("S", 1, True),
    "minute": ("M", 1, True),
    "hour": ("H", 1, True),
    "day": ("D", 1, False),
    "week": ("W", 1, False),
    "month": ("M", 1, False),
    "year": ("Y", 1, False),
    "decade": ("Y", 10, False),
    "century": ("Y", 100, False),
}


def _rows(name: str, ncols: tuple[int, ...]) -> list[tuple[int, list[str]]]:
    try:
        raw = resources.files("marsad.quantities").joinpath(f"data/{name}").read_text("utf-8")
    except OSError as exc:  # pragma: no cover - packaging error
        raise ResourceError(f"marsad/quantities/data/{name} is missing: reinstall marsad") from exc
    out = []
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) not in ncols:
            raise ResourceError(
                f"marsad/quantities/data/{name} line {lineno}: expected {' or '.join(map(str, ncols))} "
                f"tab-separated columns, got {len(parts)}: {line!r}"
            )
        out.append((lineno, parts))
    return out


def _norm_phrase(text: str) -> tuple[str, ...]:
    return tuple(normalize_word(w) for w in text.split())


@cache
def units() -> dict[tuple[str, ...], UnitNoun]:
    """Normalised form (a tuple of one or two words) -> UnitNoun."""
    table: dict[tuple[str, ...], UnitNoun] = {}
    for lineno, (form, unit, kind, number) in _rows("units.tsv", (4,)):
        if kind not in ("duration", "count", "number", "percent") or number not in ("1", "2", "n"):
            raise ResourceError(
                f"marsad/quantities/data/units.tsv line {lineno}: bad kind {kind!r} or number {number!r}"
            )
        key = _norm_phrase(form)
        table.setdefault(key, UnitNoun(unit, kind, number, len(key)))
    return table


@lru_cache(maxsize=8192)
def unit_noun(word: str) -> UnitNoun | None:
    """The unit a single (normalised or not) word names: شهر, أيام, يومين, جنود ... or None."""
    return units().get((normalize_word(word),))


_ADJ_ENDINGS = ("يتين", "يتان", "يين", "يون", "يات", "يان", "يه", "يا", "ي")


@lru_cache(maxsize=8192)
def adjective_key(word: str) -> str:
    """A nisba adjective reduced to its stem for agreement-blind matching: الأمريكية → امريك."""
    w = normalize_word(word)
    if w.startswith("ال") and len(w) > 4:
        w = w[2:]
    for end in _ADJ_ENDINGS:
        if w.endswith(end) and len(w) - len(end) >= 2:
            return w[: -len(end)]
    return w


@dataclass(slots=True, frozen=True)
class CurrencyTables:
    nouns: dict[str, str]  # normalised form -> noun lemma (normalised)
    defaults: dict[str, str | None]  # lemma -> code (None: ambiguous)
    qualified: dict[tuple[str, ...], str]  # (lemma, adjective key, further words...) -> code
    symbols: dict[str, str]  # normalised sign/abbreviation -> code
    codes: frozenset[str]  # every ISO code known (for "500 USD")
    qualified_only: frozenset[str]  # nouns that are a currency only with their qualifier (دينار صربي)


@cache
def currency_tables() -> CurrencyTables:
    nouns: dict[str, str] = {}
    defaults: dict[str, str | None] = {}
    qualified: dict[tuple[str, ...], str] = {}
    symbols: dict[str, str] = {}
    codes: set[str] = set()
    name = "currency_nouns.tsv"
    for lineno, parts in _rows(name, tuple(range(2, 12))):
        kind = parts[0]
        if kind == "noun":
            lemma = normalize_word(parts[1])
            for form in parts[1:]:
                nouns.setdefault(normalize_word(form), lemma)
        elif kind == "default" and len(parts) == 3:
            defaults[normalize_word(parts[1])] = None if parts[2] == "-" else parts[2]
        elif kind == "qualifier" and len(parts) == 4:
            words = _norm_phrase(parts[2])
            qualified[(normalize_word(parts[1]), adjective_key(words[0]), *words[1:])] = parts[3]
            codes.add(parts[3])
        elif kind == "symbol" and len(parts) == 3:
            symbols[normalize_word(parts[1])] = parts[2]
        else:
            raise ResourceError(f"marsad/quantities/data/{name} line {lineno}: cannot read {parts!r}")
    codes.update(c for c in defaults.values() if c)
    # CLDR names: the first word is the noun, the rest the qualifier. Plural/dual forms of a noun
    # map to the noun of the code's first (singular) name.
    first_noun: dict[str, str] = {}
    for lineno, parts in _rows("currencies.tsv", (3,)):
        code, kind, text = parts
        codes.add(code)
        if kind == "symbol":
            symbols.setdefault(normalize_word(text).rstrip("."), code)
            continue
        words = _norm_phrase(text)
        if not words:
            raise ResourceError(f"marsad/quantities/data/currencies.tsv line {lineno}: empty name")
        lemma = first_noun.setdefault(code, words[0])
        if words[0] != lemma and words[0] not in nouns:
            nouns[words[0]] = lemma
        if len(words) > 1:
            qualified.setdefault((lemma, adjective_key(words[1]), *words[2:]), code)
        else:
            nouns.setdefault(words[0], lemma)
            defaults.setdefault(lemma, code)
    only = frozenset(k[0] for k in qualified if k[0] not in nouns)
    return CurrencyTables(nouns, defaults, qualified, symbols, frozenset(codes), only)


@cache
def markers() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """position ("before"/"after") -> [(normalised words, effect)], longest phrases first."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {"before": [], "after": []}
    for lineno, (phrase, effect, position) in _rows("markers.tsv", (3,)):
        if effect not in ("approximate", "lower", "upper") or position not in out:
            raise ResourceError(f"marsad/quantities/data/markers.tsv line {lineno}: bad effect or position")
        out[position].append((_norm_phrase(phrase), effect))
    for lst in out.values():
        lst.sort(key=lambda x: -len(x[0]))
    return out


@cache
def context_words() -> dict[str, frozenset[str]]:
    """where -> normalised words (before, after, ordinal_before, ordinal_after, fraction_after, rank_before)."""
    acc: dict[str, set[str]] = {}
    for lineno, (word, where, _what) in _rows("context.tsv", (3,)):
        if where not in ("before", "after", "ordinal_before", "ordinal_after", "fraction_after", "rank_before"):
            raise ResourceError(f"marsad/quantities/data/context.tsv line {lineno}: bad position {where!r}")
        acc.setdefault(where, set()).add(normalize_word(word))
    return {k: frozenset(v) for k, v in acc.items()}


@cache
def not_counted() -> frozenset[str]:
    """Normalised words that never name what a number counts (``data/not_counted.txt``)."""
    try:
        raw = resources.files("marsad.quantities").joinpath("data/not_counted.txt").read_text("utf-8")
    except OSError as exc:  # pragma: no cover - packaging error
        raise ResourceError("marsad/quantities/data/not_counted.txt is missing: reinstall marsad") from exc
    words = (line.split("#", 1)[0].strip() for line in raw.splitlines())
    return frozenset(normalize_word(w) for w in words if w)

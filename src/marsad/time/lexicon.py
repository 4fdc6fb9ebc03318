"""The time lexicons: data files under ``marsad/time/data``, loaded once per process.

Every file is UTF-8 text, one entry per line, columns separated by a TAB; ``#`` starts a comment.
Each entry is run through :func:`marsad.text.normalize_word`, so lexicons are written in ordinary
spelling (hamza, taa marbuta, diacritics) and still match the normalised text. See the header of
each file for its columns; ``README.md`` in ``data/`` lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from marsad.errors import ResourceError
from marsad.text import normalize_word

DATA = "data"


def read_rows(name: str, ncols: int, required: int | None = None) -> list[tuple[str, ...]]:
    """Rows of a data file as ``ncols``-tuples; the first ``required`` columns (default all) must be
    present, missing optional trailing columns become ""."""
    need = ncols if required is None else required
    try:
        text = resources.files("marsad.time").joinpath(f"{DATA}/{name}").read_text("utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ResourceError(f"time lexicon {name} is missing from marsad/time/data ({exc}); reinstall marsad") from exc
    rows: list[tuple[str, ...]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < need:
            raise ResourceError(
                f"marsad/time/data/{name}, line {lineno}: expected {need} TAB-separated columns, got {len(cols)}: "
                f"{line!r} (separate the columns with a TAB)"
            )
        cols = (cols + [""] * ncols)[: max(ncols, len(cols))]
        cols[0] = " ".join(normalize_word(w) for w in cols[0].split())
        rows.append(tuple(cols))
    return rows


@dataclass(frozen=True, slots=True)
class Lexicon:
    months: dict[str, int]  # normalised name -> month number (Gregorian)
    hijri_months: dict[str, int]
    ambiguous: frozenset[str]  # month names that need a date context
    month_cues: frozenset[str]
    weekdays: dict[str, int]  # name with the article -> ISO weekday
    directions: dict[str, str]
    units: dict[str, tuple[str, int]]  # form -> (unit, 1 | 2 | 0)
    relative_days: dict[str, tuple[int, str]]
    pod_nouns: dict[str, str]
    pod_adverbs: dict[str, str]
    hours: dict[str, int]
    ordinals: dict[str, int]
    centuries: dict[str, int]
    decades: dict[str, int]
    modifiers: dict[str, tuple[str | None, str | None]]
    references: dict[str, tuple[str, str | None]]
    sets: dict[str, str]
    tense: dict[str, str]
    future_exceptions: tuple[str, ...]
    number_words: dict[str, str]


@cache
def lexicon() -> Lexicon:
    months: dict[str, int] = {}
    ambiguous: set[str] = set()
    for name, num, _system, *flags in read_rows("months.tsv", 4, 3):
        months[name] = int(num)
        if "ambiguous" in flags:
            ambiguous.add(name)
    hijri: dict[str, int] = {}
    for name, num, *flags in read_rows("hijri_months.tsv", 3, 2):
        hijri[name] = int(num)
        if "ambiguous" in flags:
            ambiguous.add(name)
    pod_nouns: dict[str, str] = {}
    pod_adverbs: dict[str, str] = {}
    for word, code, role in read_rows("parts_of_day.tsv", 3):
        (pod_nouns if role == "noun" else pod_adverbs)[word] = code
    return Lexicon(
        months=months,
        hijri_months=hijri,
        ambiguous=frozenset(ambiguous),
        month_cues=frozenset(r[0] for r in read_rows("month_cues.txt", 1)),
        weekdays={w: int(n) for w, n in read_rows("weekdays.tsv", 2)},
        directions={w: d for w, d in read_rows("directions.tsv", 2)},
        units={w: (u, int(n)) for w, u, n in read_rows("units.tsv", 3)},
        relative_days={w: (int(n), pod) for w, n, pod in read_rows("relative_days.tsv", 3, 2)},
        pod_nouns=pod_nouns,
        pod_adverbs=pod_adverbs,
        hours={w: int(n) for w, n in read_rows("hours.tsv", 2)},
        ordinals={w: int(n) for w, n in read_rows("ordinals.tsv", 2)},
        centuries={w: int(n) for w, n in read_rows("centuries.tsv", 2)},
        decades={w: int(n) for w, n in read_rows("decades.tsv", 2)},
        modifiers={w: (None if m == "-" else m, None if r == "-" else r) for w, m, r in read_rows("modifiers.tsv", 3)},
        references={w: (v, None if g == "-" else g) for w, v, g in read_rows("references.tsv", 3)},
        sets={w: v for w, v in read_rows("sets.tsv", 2)},
        tense={w: t for w, t in read_rows("tense.tsv", 2)},
        future_exceptions=tuple(r[0] for r in read_rows("future_exceptions.txt", 1)),
        number_words={w: v for w, v in read_rows("number_words.txt", 2)},
    )

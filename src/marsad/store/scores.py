"""PLOVER cooperation-conflict scores: a number from -10 (most conflictual) to +10 (most cooperative)
for each PLOVER event type and mode, used by ``Store.relations`` to sum the tone of what two actors
did to each other. The table is ``data/plover_scores.tsv`` (from the PLOVER manual; see its header)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from marsad.errors import ResourceError


@cache
def score_table() -> dict[tuple[str, str], float]:
    """``{(TYPE, mode): score}``; the type's base score is under mode ``""``."""
    table: dict[tuple[str, str], float] = {}
    path = resources.files("marsad.store") / "data" / "plover_scores.tsv"
    for lineno, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ResourceError(f"{path}, line {lineno}: expected TYPE<TAB>MODE<TAB>SCORE, got {line!r}")
        try:
            table[(parts[0].strip().upper(), parts[1].strip().lower())] = float(parts[2])
        except ValueError as exc:
            raise ResourceError(f"{path}, line {lineno}: score {parts[2]!r} is not a number") from exc
    return table


def plover_score(event_type: str | None, mode: str | None = None) -> float | None:
    """The score of a PLOVER type (and mode, when the table has one for it); None for unknown types."""
    if not event_type:
        return None
    table = score_table()
    t = event_type.upper()
    if mode:
        m = mode.strip().lower().replace("_", "-").replace(" ", "-")
        if (t, m) in table:
            return table[(t, m)]
    return table.get((t, ""))

"""Compile the UniversalPetrarch Arabic verb dictionary into marsad trigger lines.

Build-time only: nothing at run time reads ``../shared``. Run from the repository root::

    python -m marsad.events.build_upetrarch \\
        --dictionary ../shared/data/upetrarch_arabic/dictionaries/CAMEO.ar.0.5.txt \\
        --plover ../shared/data/plover/CAMEO2PLOVER-2021.txt \\
        --out src/marsad/events/data/triggers_upetrarch.tsv

The dictionary (MIT, Open Event Data Alliance) has synonym sets (``&NAME`` then ``+word_word_`` lines)
and verb blocks: a header ``--- LEMMA [CODE] ---``, member verbs (``سيطر+على  [141]  # take``; ``+``
joins a verb to its particles) and patterns (``- PRE * POST [CODE] # comment``, ``*`` standing for the
verb). Each member verb becomes a ``verb`` line; each pattern with words after ``*`` becomes a ``verb``
line per member with the pattern's first content word (synonym sets expanded) as its cue. CAMEO codes
become PLOVER types and modes through the CAMEO→PLOVER table; a code the table lacks (CAMEO 01, 02:
statements and appeals) is not imported. The English rendering is a generic one for the PLOVER type.
Every output line carries its provenance (dictionary file and line) in an eighth column.

A malformed dictionary line stops the build with the file and line. The summary printed at the end
says how many lines were read, imported and left out, and why.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from marsad.errors import InputError
from marsad.events.lexicon import PLOVER_MODES, PLOVER_TYPES
from marsad.text import normalize_word

log = logging.getLogger(__name__)

# generic English renderings (past|base) of each PLOVER type, the recipient after them
TYPE_EN = {
    "AGREE": "agreed with|agree with", "CONSULT": "consulted with|consult with", "SUPPORT": "supported|support",
    "COOPERATE": "cooperated with|cooperate with", "AID": "gave aid to|give aid to",
    "RETREAT": "yielded to|yield to", "CONCEDE": "made a concession to|make a concession to",
    "REQUEST": "made a demand of|make a demand of", "ACCUSE": "criticised|criticise", "REJECT": "rejected|reject",
    "THREATEN": "threatened|threaten", "PROTEST": "protested against|protest against",
    "SANCTION": "sanctioned|sanction", "MOBILIZE": "mobilised against|mobilise against", "COERCE": "coerced|coerce",
    "ASSAULT": "attacked|attack",
}  # fmt: skip
PREPOSITIONS = frozenset({"ل", "ب", "في", "من", "إلى", "الى", "على", "عن", "مع", "ضد", "ك", "حول", "خلال", "بين"})
_CODE_RE = re.compile(r"\[([0-9]{2,4}|---)\]")
_HEADER_RE = re.compile(r"^---\s+(\S.*?)\s*\[([0-9]{2,4}|---)\]\s+---\s*$")


@dataclass(frozen=True, slots=True)
class Cameo:
    type: str
    mode: str | None


@dataclass(slots=True)
class Compiled:
    lines: list[str]
    stats: Counter


def load_cameo_table(path: Path) -> dict[str, Cameo]:
    """CAMEO code -> PLOVER type and mode, from ``CAMEO2PLOVER-2021.txt``."""
    table: dict[str, Cameo] = {}
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        body = line.split("#", 1)[0].strip()
        if not body or set(body) <= set("~-="):  # blank, comment or a rule line
            continue
        code, sep, rest = body.partition(":")
        if not sep or not code.strip().isdigit():
            raise InputError(f"{path}:{n}: expected 'CODE: TYPE, mode, context', got {line!r}")
        cols = [c.strip() for c in rest.split(",")]
        typ = cols[0].upper()
        if typ not in PLOVER_TYPES:
            continue  # e.g. codes PLOVER drops
        mode = cols[1] if len(cols) > 1 and cols[1] in PLOVER_MODES.get(typ, ()) else None
        table[code.strip()] = Cameo(typ, mode)
    return table


def _plover(code: str, table: dict[str, Cameo]) -> Cameo | None:
    # a 4-digit code the table lacks falls back to its 3-digit parent
    return table.get(code) or (table.get(code[:3]) if len(code) == 4 else None)


def imperfect(past: str) -> str | None:
    """The 3ms imperfect of an unvocalised perfect, where the spelling alone decides it."""
    p = past
    if len(p) < 3 or p[-1] in "ىاي" or (len(p) == 3 and p[1] in "اوي"):
        return None  # defective and hollow verbs need vowels we do not have
    if p.startswith("است") and len(p) >= 6:
        return "ي" + p[1:]
    if p[0] in "اأإآ":
        # أرسل -> يرسل, اعتقل -> يعتقل; a 3-letter one (أكد -> يؤكد, أخذ -> يأخذ) is not spelled alike
        return "ي" + p[1:] if len(p) >= 4 else None
    if len(p) > 5:
        return None
    return "ي" + p


def _member(raw: str, path: Path, n: int) -> tuple[str, tuple[str, ...]]:
    """A member verb and its particles: سيطر+على -> (سيطر, (على,))."""
    parts = [p for p in raw.replace("_", " ").split("+") if p.strip()]
    if not parts or not re.fullmatch(r"[\u0621-\u064A\u0671 ]+", "".join(parts)):
        raise InputError(f"{path}:{n}: cannot read the verb {raw!r}")
    words = parts[0].split()
    return words[0], tuple(w for p in parts[1:] for w in p.split()) + tuple(words[1:])


def _pattern_cues(post: str, synsets: dict[str, list[str]]) -> list[str]:
    """Cue words of a pattern's words after ``*``: its first content word, synonym sets expanded."""
    toks = re.findall(r"&[^\s(){}]+|[^\s(){}$+\-]+", post)
    for t in toks:
        if t.startswith("&"):
            members = synsets.get(t[1:])
            if members:
                return [m for m in members if " " not in m or len(m.split()) <= 3][:40]
            return []
        if t in PREPOSITIONS or len(t) < 2 or t == "هوو":
            continue
        if re.fullmatch(r"[\u0621-\u064A\u0671]+", t):
            return [t]
    return []


def compile_dictionary(path: Path, table: dict[str, Cameo]) -> Compiled:
    text = path.read_text("utf-8")
    stats: Counter = Counter()
    synsets: dict[str, list[str]] = {}
    current: str | None = None
    in_verbs = False
    blocks: list[tuple[int, str, list[tuple[int, str, tuple[str, ...], str | None]], list[tuple[int, str, str]]]] = []
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s:
            continue
        if s.startswith("#"):
            if "VERB PATTERNS" in s:
                in_verbs = True
            continue
        if not in_verbs:
            if s.startswith("&"):
                current = s[1:].split()[0]
                synsets[current] = []
            elif s.startswith("+") or s.startswith("_"):
                if current is None:
                    raise InputError(f"{path}:{n}: a synonym-set member before any &SET line")
                synsets[current].append(s.strip("+_").replace("_", " ").strip())
            else:
                raise InputError(f"{path}:{n}: expected &SET or +member in the synonym sets, got {s[:40]!r}")
            continue
        stats["dictionary lines"] += 1
        if s.startswith("---"):
            m = _HEADER_RE.match(s)
            if not m:
                raise InputError(f"{path}:{n}: malformed block header {s!r} (expected --- LEMMA [CODE] ---)")
            blocks.append((n, m.group(2), [], []))
            continue
        if not blocks:
            raise InputError(f"{path}:{n}: a line before the first --- LEMMA [CODE] --- header")
        body, _, _comment = s.partition("#")
        if s.startswith("-"):
            codes = _CODE_RE.findall(body)
            if len(codes) != 1 or "*" not in body:
                raise InputError(f"{path}:{n}: a pattern needs one * and one [CODE], got {s[:60]!r}")
            post = body[body.index("*") + 1 : body.index("[")]
            blocks[-1][3].append((n, codes[0], post))
            stats["patterns"] += 1
            continue
        codes = _CODE_RE.findall(body)
        raw = _CODE_RE.sub("", body).strip()
        if not raw:
            raise InputError(f"{path}:{n}: a member line without a verb")
        # a few members list two verbs with an Arabic comma (أعلن،+خبر): each is a member
        for one in filter(None, (x.strip("+") for x in raw.split()[0].split("،"))):
            verb, particles = _member(one, path, n)
            blocks[-1][2].append((n, normalize_word(verb), tuple(normalize_word(p) for p in particles), codes[0] if codes else None))
            stats["member verbs"] += 1
    # (verb, type, mode, cameo) -> cue -> first source line; lines of one verb and code share a line
    merged: dict[tuple[str, str, str, str], dict[str, int]] = {}

    def emit(n: int, verb: str, code: str, cues: list[str], why: str) -> None:
        pl = _plover(code, table)
        if pl is None:
            stats[f"left out: CAMEO {code[:2]} not in the PLOVER table ({why})"] += 1
            return
        slot = merged.setdefault((verb, pl.type, pl.mode or "-", code), {})
        if all(c in slot for c in cues):
            stats["left out: duplicate of an earlier line"] += 1
            return
        for c in cues:
            slot.setdefault(c, n)
        stats[f"imported ({why})"] += 1

    for _hn, hcode, members, patterns in blocks:
        if not members:
            stats["left out: block without member verbs"] += 1
        for n, verb, particles, code in members:
            code = code or (hcode if hcode != "---" else None)
            if code:
                emit(n, verb, code, [" ".join(particles)], "member verb with a code")
            for pn, pcode, post in patterns:
                cues = _pattern_cues(post, synsets)
                if not cues:
                    stats["left out: pattern with no content word after *"] += 1
                    continue
                emit(pn, verb, pcode, cues, "pattern")
    out: list[str] = []
    src = path.name
    for (verb, typ, mode, code), cues in merged.items():
        pres = imperfect(verb)
        groups = [[c for c in sorted(cues) if c]]
        if "" in cues:
            groups.append([""])
        for group in filter(None, groups):
            lines_from = sorted({cues[c] for c in group})
            out.append("\t".join((
                "verb", f"{verb}/{pres or '-'}", typ, mode, code, "/".join(group) or "-", TYPE_EN[typ],
                f"{src}:" + ",".join(map(str, lines_from)),
            )))  # fmt: skip
    return Compiled(out, stats)


HEADER = """\
# GENERATED by python -m marsad.events.build_upetrarch from the UniversalPetrarch Arabic verb dictionary
# (CAMEO.ar.0.5.txt, MIT, Open Event Data Alliance) and the CAMEO->PLOVER table; do not edit: edit
# triggers.tsv, whose lines win over these. Columns as in triggers.tsv, plus the source line upstream.
# pos	forms	type	mode	cameo	cue	en	source
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dictionary", required=True, type=Path, help="CAMEO.ar.0.5.txt")
    ap.add_argument("--plover", required=True, type=Path, help="CAMEO2PLOVER-2021.txt")
    ap.add_argument("--out", required=True, type=Path, help="the trigger file to write")
    args = ap.parse_args(argv)
    try:
        table = load_cameo_table(args.plover)
        got = compile_dictionary(args.dictionary, table)
    except (InputError, OSError) as exc:
        print(f"build_upetrarch: {exc}", file=sys.stderr)
        return 2
    args.out.write_text(HEADER + "\n".join(got.lines) + "\n", encoding="utf-8")
    for k, v in sorted(got.stats.items()):
        print(f"{v:6d}  {k}")
    print(f"{len(got.lines):6d}  lines written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The event lexicon: Arabic triggers, modality markers, agent nouns, objects and context cues.

Everything is data under ``marsad/events/data`` (formats in the header of each file and in
``data/README.md``), loaded once per process and normalised with :func:`marsad.text.normalize_word`.
Verb lines give the perfect and imperfect of the 3rd person masculine singular; every person of both
is generated here, so a user adds ``verb  زار/يزور ...`` and ``زارت``, ``يزورون``, ``نزور``,
``سيزور`` all match. Users extend the lexicon by passing their own trigger file
(``EventStage(triggers="my.tsv")``) or by adding lines to the packaged one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from marsad.caches import word_cache
from marsad.errors import ResourceError
from marsad.text import normalize_word

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

PLOVER_MODES: dict[str, frozenset[str]] = {
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "RETREAT": frozenset({"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
    "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "REJECT": frozenset({"assist", "change", "yield", "meet"}),
    "THREATEN": frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"}),
    "PROTEST": frozenset({"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"}),
    "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
    "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
    "COERCE": frozenset({
        "seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
        "misinformation", "cyber",
    }),
    "ASSAULT": frozenset({
        "abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
        "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "unconventional",
    }),
}  # fmt: skip

# Proclitics a trigger may carry. Verbs: conjunctions, the purpose/jussive lam and the future sin.
VERB_PREFIXES = ("", "و", "ف", "ل", "س", "وس", "فس", "ول", "فل")
NOUN_PREFIXES = (
    "", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وب", "فب", "ول", "فل", "وك",
    "وبال", "فبال", "وكال",
)  # fmt: skip
SUFFIXES = ("", "ه", "ها", "هم", "هما", "هن", "كم", "نا")
NOUN_SUFFIXES = (*SUFFIXES, "ي")


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One line of the trigger lexicon."""

    pos: str  # verb | noun
    lemma: str  # the first form as written
    type: str
    mode: str | None
    cameo: str | None
    cues: tuple[tuple[str, ...], ...]  # normalised cue phrases (each a tuple of words)
    en_past: str
    en_base: str
    source: str  # file:line, for messages and provenance
    origin: str | None = None  # where an imported line came from upstream (CAMEO.ar.0.5.txt:1206)


@dataclass(frozen=True, slots=True)
class FormInfo:
    entry: TriggerEntry
    tense: str  # past | present | noun
    person: str  # 3 | 1s | 1p | t (ambiguous -t: 3fs or 1s/2ms) | -


@dataclass(slots=True)
class Lexicon:
    forms: dict[str, list[FormInfo]] = field(default_factory=dict)
    entries: list[TriggerEntry] = field(default_factory=list)
    markers: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    agents: dict[str, tuple[str, str]] = field(default_factory=dict)  # bare noun -> (sector, English)
    objects: list[tuple[tuple[str, ...], str]] = field(default_factory=list)  # (words, English), longest first
    contexts: list[tuple[str, int, tuple[str, ...]]] = field(default_factory=list)  # (context, weight, phrase)


# --- form generation ---------------------------------------------------------------------------


def verb_forms(past: str | None, present: str | None) -> list[tuple[str, str, str]]:
    """(form, tense, person) for every person of a verb given its normalised 3ms perfect/imperfect."""
    out: list[tuple[str, str, str]] = []
    if past:
        p = past
        out.append((p, "past", "3"))
        if p.endswith("ي") or p.endswith("ا"):  # defective: التقى، دعا
            b = p[:-1]
            out += [(b + "ت", "past", "t"), (b + "وا", "past", "3"), (b + "يا", "past", "3")]
            out += [(b + "يت", "past", "t"), (b + "ينا", "past", "1p"), (b + "ا", "past", "3")]
            out += [(b + "ونا", "past", "1p")] if p.endswith("ا") else []
        else:
            out += [(p + "ت", "past", "t"), (p + "ا", "past", "3"), (p + "تا", "past", "3")]
            out += [(p + "وا", "past", "3"), (p + "نا", "past", "1p"), (p + "تم", "past", "3")]
    if present:
        if not present.startswith("ي"):
            raise ValueError(f"imperfect {present!r} must start with ي")
        r = present[1:]
        people = {"ي": "3", "ت": "t", "ن": "1p", "ا": "1s"}
        for pre, person in people.items():
            out.append((pre + r, "present", person))
        out += [("ي" + r + "ون", "present", "3"), ("ت" + r + "ون", "present", "3"), ("ي" + r + "ان", "present", "3")]
        out += [("ت" + r + "ان", "present", "3"), ("ت" + r + "ين", "present", "t")]
        if r[-1:] in ("ي", "و", "ا"):  # defective: يلتقون، يدعون; jussive after لم: يلتق
            out += [("ي" + r[:-1] + "ون", "present", "3"), ("ت" + r[:-1] + "ون", "present", "3")]
            jussive = r[:-1]
        elif len(r) == 3 and r[1] in ("و", "ي", "ا"):  # hollow: jussive after لم drops the vowel: يزر
            jussive = r[0] + r[2]
        else:
            jussive = ""
        if len(jussive) >= 2:
            out += [(pre + jussive, "present", person) for pre, person in people.items()]
    return out


def noun_forms(word: str) -> list[str]:
    """A noun with its construct, dual and accusative forms (pronoun suffixes are stripped at match time)."""
    out = [word]
    if word.endswith("ه"):  # taa marbuta: زياره -> زيارت+ه، زيارتان
        stem = word[:-1] + "ت"
        out += [stem, stem + "ان", stem + "ين", word[:-1] + "ا"]  # also a bare accusative spelling
    elif word.endswith("ات"):
        pass
    else:
        out += [word + "ا", word + "ان", word + "ين"]
    return out


_PREFIX_SETS = {True: frozenset(NOUN_PREFIXES), False: frozenset(VERB_PREFIXES)}
_SUFFIX_SETS = {True: frozenset(NOUN_SUFFIXES), False: frozenset(SUFFIXES)}


@word_cache
def analyses(norm: str, noun: bool = True) -> tuple[tuple[str, str, str], ...]:
    """Ways to read a normalised word as prefix + bare form + suffix (the identity first)."""
    prefixes, suffixes = _PREFIX_SETS[noun], _SUFFIX_SETS[noun]
    n = len(norm)
    pres = [norm[:k] for k in range(min(5, n - 1)) if norm[:k] in prefixes]
    sufs = [norm[n - k :] if k else "" for k in range(min(4, n - 1)) if k == 0 or norm[n - k :] in suffixes]
    out = []
    for pre in pres:
        for suf in sufs:
            bare = norm[len(pre) : n - len(suf)]
            if len(bare) >= 2:
                out.append((pre, bare, suf))
    return tuple(out)


@word_cache
def bare_forms(norm: str) -> tuple[str, ...]:
    """Every bare form a word may be read as (with its clitics stripped), for cue and object matching, each
    once, in the order of :func:`analyses`. A tuple, not a set: a cache of 200k small frozensets held about
    25 MB after 1,000 articles."""
    return tuple(dict.fromkeys(b for _, b, _ in analyses(norm, True)))


def _norm_words(text: str) -> tuple[str, ...]:
    return tuple(normalize_word(w) for w in text.split())


def cue_forms(word: str) -> frozenset[str]:
    """Bare forms a cue word may appear as."""
    return frozenset(noun_forms(word)) | {word}


# --- loading -----------------------------------------------------------------------------------


def _lines(path: Path | None, name: str) -> list[tuple[int, list[str], str]]:
    try:
        if path is None:
            text = resources.files("marsad.events").joinpath(f"data/{name}").read_text("utf-8")
            where = f"marsad/events/data/{name}"
        else:
            text = Path(path).read_text("utf-8")
            where = str(path)
    except OSError as exc:
        raise ResourceError(f"cannot read the event lexicon file {path or name}: {exc}") from exc
    out = []
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append((i, [c.strip() for c in line.split("\t")], where))
    return out


def parse_triggers(lines: list[tuple[int, list[str], str]]) -> list[TriggerEntry]:
    entries = []
    for i, cols, where in lines:
        if len(cols) not in (7, 8):
            raise ResourceError(
                f"{where}:{i}: expected 7 tab-separated columns (pos, forms, type, mode, cameo, cue, en) "
                f"and an optional source, found {len(cols)}"
            )
        pos, forms, typ, mode, cameo, cue, en = cols[:7]
        origin = cols[7] if len(cols) == 8 and cols[7] not in ("", "-") else None
        if pos not in ("verb", "noun"):
            raise ResourceError(f"{where}:{i}: pos must be 'verb' or 'noun', not {pos!r}")
        if typ not in PLOVER_TYPES:
            raise ResourceError(f"{where}:{i}: {typ!r} is not a PLOVER event type ({', '.join(PLOVER_TYPES)})")
        mode_v = None if mode == "-" else mode
        if mode_v is not None and mode_v not in PLOVER_MODES.get(typ, frozenset()):
            raise ResourceError(f"{where}:{i}: {mode_v!r} is not a PLOVER mode of {typ}")
        cues = tuple(_norm_words(c) for c in cue.split("/")) if cue != "-" else ()
        past, _, base = en.partition("|")
        entries.append(
            TriggerEntry(pos, forms.split("/")[0], typ, mode_v, None if cameo == "-" else cameo, cues,
                         past.strip(), (base or past).strip(), f"{where}:{i}", origin)
        )  # fmt: skip
    return entries


def index_forms(entries: list[TriggerEntry], lines: list[tuple[int, list[str], str]]) -> dict[str, list[FormInfo]]:
    forms: dict[str, list[FormInfo]] = defaultdict(list)
    for entry, (i, cols, where) in zip(entries, lines, strict=True):
        raw = [normalize_word(f.strip()) if f.strip() != "-" else "" for f in cols[1].split("/")]
        if entry.pos == "verb":
            if len(raw) < 2:
                raise ResourceError(f"{where}:{i}: a verb needs PAST/PRESENT forms (write - for one you leave out)")
            try:
                generated = verb_forms(raw[0] or None, raw[1] or None)
            except ValueError as exc:
                raise ResourceError(f"{where}:{i}: {exc}") from exc
            generated += [(f, "past", _person(f)) for f in raw[2:] if f]
            for f, tense, person in generated:
                forms[f].append(FormInfo(entry, tense, person))
        else:
            for w in raw:
                for f in noun_forms(w) if w else ():
                    forms[f].append(FormInfo(entry, "noun", "-"))
    return dict(forms)


def _person(form: str) -> str:
    """Person of an extra (irregular) perfect form: زرنا we, زرت I/you/she, else he/they."""
    if form.endswith("نا"):
        return "1p"
    return "t" if form.endswith("ت") else "3"


IMPORTED = "triggers_upetrarch.tsv"


def merge_imported(
    forms: dict[str, list[FormInfo]], entries: list[TriggerEntry], imported: list[tuple[int, list[str], str]]
) -> tuple[dict[str, list[FormInfo]], list[TriggerEntry], int]:
    """Add imported lines under the hand-written ones: a form the hand-written lines generate is never
    taken from the import (they win on conflict). Only imported lines with a cue are used: a plain
    imported verb (عبر "say" coded 190, use force) fires on every use of a common word."""
    kept = [(e, ln) for e, ln in zip(parse_triggers(imported), imported, strict=True) if e.cues]
    new = index_forms([e for e, _ in kept], [ln for _, ln in kept]) if kept else {}
    out = dict(forms)
    used: set[int] = set()
    for f, infos in new.items():
        if f in forms:
            continue
        out[f] = infos
        used.update(id(i.entry) for i in infos)
    added = [e for e, _ in kept if id(e) in used]
    return out, entries + added, len(added)


def load_lexicon(triggers: str | Path | None = None, *, imported: bool = False) -> Lexicon:
    """Load the packaged lexicon, or the packaged data with ``triggers`` as the trigger file.

    ``imported`` adds the triggers compiled from the UniversalPetrarch Arabic dictionary
    (``data/triggers_upetrarch.tsv``, see :mod:`marsad.events.build_upetrarch`) under the trigger file's."""
    lines = _lines(Path(triggers) if triggers else None, "triggers.tsv")
    entries = parse_triggers(lines)
    forms = index_forms(entries, lines)
    if imported:
        forms, entries, _ = merge_imported(forms, entries, _lines(None, IMPORTED))
    lex = Lexicon(forms=forms, entries=entries)
    markers: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for i, cols, where in _lines(None, "markers.tsv"):
        if len(cols) != 2:
            raise ResourceError(f"{where}:{i}: expected kind<TAB>marker")
        markers[cols[0]].append(_norm_words(cols[1]))
    lex.markers = dict(markers)
    for i, cols, where in _lines(None, "agents.tsv"):
        if len(cols) != 3:
            raise ResourceError(f"{where}:{i}: expected noun<TAB>sector<TAB>English")
        for w in cols[0].split("/"):
            lex.agents[" ".join(_norm_words(w))] = ("" if cols[1] == "-" else cols[1], cols[2])
    objects = []
    for i, cols, where in _lines(None, "objects.tsv"):
        if len(cols) != 2:
            raise ResourceError(f"{where}:{i}: expected Arabic<TAB>English")
        objects += [(_norm_words(w), cols[1]) for w in cols[0].split("/")]
    lex.objects = sorted(objects, key=lambda o: -len(o[0]))
    contexts = []
    for i, cols, where in _lines(None, "contexts.tsv"):
        if len(cols) != 3 or not cols[1].isdigit():
            raise ResourceError(f"{where}:{i}: expected context<TAB>weight<TAB>cue/cue/...")
        contexts += [(cols[0], int(cols[1]), _norm_words(w)) for w in cols[2].split("/")]
    lex.contexts = contexts
    return lex


@cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon, loaded once per process."""
    return load_lexicon()

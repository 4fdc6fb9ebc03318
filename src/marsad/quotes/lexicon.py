"""The quotation lexicons: ``data/speech_verbs.tsv`` and ``data/cues.tsv``, loaded once per process.

Every entry runs through :func:`marsad.text.normalize_word`, so the files are written in ordinary
spelling and still match the normalised text. The header of each file documents its columns; users
may extend both files (or pass their own :class:`QuoteLexicon` to the stage).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from marsad.errors import ResourceError
from marsad.text import normalize_word

FRAMES = frozenset({"COLON", "AN", "ILA_AN", "MIN_AN", "ALA_AN", "ILA", "MIN", "ALA", "BI", "BIAN"})
CLASSES = frozenset({"say", "describe", "answer", "passive", "question"})
CUE_CLASSES = frozenset(
    {
        "via",
        "question",
        "statement",
        "issued",
        "anonymous",
        "aside",
        "title",
        "orgnoun",
        "adjunct",
        "boundary",
        "notverb",
    }
)

PAST_SUFFIXES = ("", "ت", "ا", "تا", "وا", "نا", "تم")
PRESENT_PREFIXES = ("ي", "ت", "ن", "ا")
PRESENT_SUFFIXES = ("", "ون", "ان", "ين")
PARTICIPLE_SUFFIXES = ("", "ا", "ه", "ين", "ون", "ان")  # normalised: -ًا -> ا, -ة -> ه


@dataclass(frozen=True, slots=True)
class Verb:
    lemma: str  # normalised past 3ms
    frames: frozenset[str]
    cls: str


@dataclass(frozen=True, slots=True)
class VerbForm:
    verb: Verb
    participle: bool  # مؤكدًا، مشيرًا: the subject is the main clause's


@dataclass(slots=True)
class QuoteLexicon:
    """Normalised speech-verb forms and nominal cue phrases."""

    forms: dict[str, VerbForm] = field(default_factory=dict)
    phrases: dict[str, list[tuple[tuple[str, ...], bool]]] = field(default_factory=dict)  # class -> (words, clitic)
    words: dict[str, frozenset[str]] = field(default_factory=dict)  # class -> one-word entries
    by_first: dict[str, list[tuple[str, tuple[str, ...], bool]]] = field(default_factory=dict)  # first word ->
    cache: dict[tuple, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def add_verb(
        self,
        past: str,
        present: str = "-",
        participle: str = "-",
        frames: str = "COLON AN",
        cls: str = "say",
        extra: str = "",
        extra_participles: str = "",
    ) -> None:
        """Add a verb with all its generated forms (see ``speech_verbs.tsv`` for the columns)."""
        past_n = normalize_word(past)
        verb = Verb(past_n, frozenset(frames.split()), cls)
        finite: set[str] = {past_n + s for s in PAST_SUFFIXES}
        if present and present != "-":
            stem = normalize_word(present)
            finite.update(p + stem + s for p in PRESENT_PREFIXES for s in PRESENT_SUFFIXES)
        parts: set[str] = set()
        if participle and participle != "-":
            base = normalize_word(participle)
            parts.update(base + s for s in PARTICIPLE_SUFFIXES)
        finite.update(normalize_word(w) for w in extra.split())
        parts.update(normalize_word(w) for w in extra_participles.split())
        for f in finite:
            self.forms.setdefault(f, VerbForm(verb, False))
        for f in parts:
            self.forms.setdefault(f, VerbForm(verb, True))

    def add_phrase(self, phrase: str, cls: str) -> None:
        clitic = phrase.endswith("+")
        words = tuple(normalize_word(w) for w in phrase.rstrip("+").split())
        if len(words) == 1 and not clitic:
            self.words[cls] = self.words.get(cls, frozenset()) | {words[0]}
        self.phrases.setdefault(cls, []).append((words, clitic))
        self.by_first.setdefault(words[0], []).append((cls, words, clitic))

    def first_words(self, classes: tuple[str, ...]) -> frozenset[str]:
        """First words of the phrases of ``classes`` (cached until the lexicon changes)."""
        key = (classes, len(self.by_first), sum(map(len, self.by_first.values())))
        if key not in self.cache:
            self.cache[key] = frozenset(w for w, lst in self.by_first.items() if any(c[0] in classes for c in lst))
        return self.cache[key]

    def cue_keys(self, classes: tuple[str, ...]) -> frozenset[str]:
        """Every token form that may start a cue: verb forms and first words of the phrases of
        ``classes``, bare or with و/ف attached."""
        key = ("keys", classes, len(self.forms), sum(map(len, self.by_first.values())))
        if key not in self.cache:
            base = set(self.forms) | self.first_words(classes)
            self.cache[key] = frozenset(base | {p + w for p in "وف" for w in base if len(w) > 1})
        return self.cache[key]

    def is_(self, cls: str, norm: str) -> bool:
        return norm in self.words.get(cls, ())


def _rows(name: str, ncols: int, required: int) -> list[tuple[int, list[str]]]:
    try:
        text = resources.files("marsad.quotes").joinpath(f"data/{name}").read_text("utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ResourceError(
            f"quotes lexicon {name} is missing from marsad/quotes/data ({exc}); reinstall marsad"
        ) from exc
    out = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < required:
            raise ResourceError(
                f"marsad/quotes/data/{name}, line {lineno}: expected at least {required} TAB-separated columns, "
                f"got {len(cols)}: {line!r} (separate the columns with a TAB)"
            )
        out.append((lineno, (cols + [""] * ncols)[:ncols]))
    return out


@cache
def default_lexicon() -> QuoteLexicon:
    """The packaged lexicon (built once per process)."""
    lex = QuoteLexicon()
    for lineno, (past, present, participle, frames, cls, extra, extra_parts) in _rows("speech_verbs.tsv", 7, 5):
        bad = set(frames.split()) - FRAMES
        if bad or cls not in CLASSES:
            raise ResourceError(
                f"marsad/quotes/data/speech_verbs.tsv, line {lineno}: unknown frame(s) {sorted(bad)} or class "
                f"{cls!r}; frames are {sorted(FRAMES)}, classes {sorted(CLASSES)}"
            )
        lex.add_verb(past, present, participle, frames, cls, extra, extra_parts)
    for lineno, (phrase, cls) in _rows("cues.tsv", 2, 2):
        if cls not in CUE_CLASSES:
            raise ResourceError(
                f"marsad/quotes/data/cues.tsv, line {lineno}: unknown class {cls!r}; classes are {sorted(CUE_CLASSES)}"
            )
        lex.add_phrase(phrase, cls)
    return lex

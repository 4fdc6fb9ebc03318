"""Tokenisation with clitic analysis.

Surface tokens keep their offsets; clitics are features of a token, never separate tokens (the
clitic segments are what an Arabic word is made of, not what the text says). Latin-script words and
acronyms (USSM, U.S.), numbers in any script with their separators, URLs and e-mail addresses stay
whole. Every non-whitespace character belongs to exactly one token.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources

from marsad.caches import word_cache
from marsad.text.normalize import normalize_word

AR_LETTERS = "\u0621-\u063a\u0641-\u064a\u066e-\u066f\u0671-\u06d3\u06d5\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc"
AR_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"
DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
LATIN = "A-Za-z\u00c0-\u024f"

TOKEN_RE = re.compile(
    rf"""
    (?P<word>[\u200e\u200f{AR_MARKS}]*[{AR_LETTERS}][{AR_LETTERS}{AR_MARKS}]*)
  | (?P<url>(?:https?://|www\.)[^\s<>"“”«»]*[^\s<>"“”«».,،;:!?)\]'’])
  | (?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
  | (?P<number>[{DIGITS}]+(?:[.,\u066b\u066c][{DIGITS}]+)*[%\u066a]?)
  | (?P<latin>(?:[{LATIN}]\.){{2,}}|[{LATIN}][{LATIN}0-9]*(?:[-'’&][{LATIN}0-9]+)*)
  | (?P<other>[^\W\d_]+)
  | (?P<char>\S)
    """,
    re.VERBOSE,
)

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
# Pronoun enclitics, longest first. Single-letter ي and ك are too ambiguous to strip without a
# lexicon (nisba adjectives, roots); the NER model sees the raw suffix as a feature anyway.
ENCLITICS = ("هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا", "ه")
FUTURE_PREFIXES = ("ي", "ت", "ن", "ا")


@cache
def clitic_exceptions() -> frozenset[str]:
    text = resources.files("marsad.text").joinpath("data/clitic_exceptions.txt").read_text("utf-8")
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(normalize_word(w) for w in words if w)


@word_cache
def analyze_clitics(norm: str, ends_with_taa_marbuta: bool = False) -> tuple[str, str, str]:
    """Split a normalised Arabic word into (proclitics, stem, enclitic).

    A heuristic analyser with no stem lexicon: it strips the definite article and the clitics that
    may precede it (و ف ب ك ل), a conjunction before a stem of three or more letters, the future
    ``س`` before an imperfect prefix, and a pronoun suffix when at least three letters remain.
    Words listed in ``data/clitic_exceptions.txt`` are left whole. :func:`refine_clitics` corrects
    the analysis where word frequencies can tell more (the NER features use it).
    """
    exceptions = clitic_exceptions()
    if len(norm) < 3 or norm in exceptions:
        return "", norm, ""
    prefix = ""
    rest = norm
    if rest[0] in CONJUNCTIONS and len(rest) > 3 and rest not in exceptions:
        prefix, rest = rest[0], rest[1:]
    if rest.startswith("لل") and len(rest) > 3:  # ل + ال with the alef dropped
        prefix, rest = prefix + "لل", rest[2:]
    elif rest[:1] in PREPOSITIONS and rest[1:3] == "ال" and len(rest) > 4:
        prefix, rest = prefix + rest[:3], rest[3:]
    elif rest.startswith("ال") and len(rest) > 3:
        prefix, rest = prefix + "ال", rest[2:]
    elif (
        rest[:1] == "س" and rest[1:2] in FUTURE_PREFIXES and len(rest) >= 5 and rest not in exceptions
    ):
        prefix, rest = prefix + "س", rest[1:]
    elif prefix and rest in exceptions:
        pass
    suffix = ""
    if "ال" not in prefix and "لل" not in prefix and not ends_with_taa_marbuta:
        rest, suffix = _strip_enclitic(rest)
    if len(rest) < 2:  # stripping left too little: the analysis was wrong, keep the word whole
        return "", norm, ""
    return prefix, rest, suffix


def _strip_enclitic(rest: str) -> tuple[str, str]:
    """(stem, pronoun suffix) of ``rest``: the longest enclitic that leaves three letters or more."""
    for enc in ENCLITICS:
        if rest.endswith(enc) and len(rest) - len(enc) >= 3:
            return rest[: -len(enc)], enc
    return rest, ""


# Word frequencies settle two readings the letters alone cannot (:func:`refine_clitics`): a reading
# is taken or refused when one side is at least ten times (one Zipf unit) as common as the other.
CLITIC_ZIPF_MARGIN = 1.0  # NER 5-fold CV F1 (the CRF): 0.75 -> 76.78, 1.0 -> 76.86, 1.5 -> 76.37
PREP_MAX_ZIPF = 6.0  # a rest this common is a function word: كولا is no ك + ولا
UNKNOWN_ZIPF = 1.5  # a form the frequency table lacks counts as this rare


def refine_clitics(
    norm: str,
    analysis: tuple[str, str, str],
    zipf: Callable[[str], float | None],
    ends_with_taa_marbuta: bool = False,
) -> tuple[str, str, str]:
    """:func:`analyze_clitics`' ``analysis`` of ``norm``, corrected with ``zipf`` (a normalised
    form's Zipf frequency in general Arabic, None when unknown):

    - a first و/ف read as a conjunction is part of the word when the whole is ten times as common
      as the rest (فيليب، فلوريدا، وقعت; a pronoun suffix still comes off: وجهها -> وجه + ها);
    - a preposition ب ل ك on a word without the article is split off when the rest (three letters or
      more, not starting with ال, rarer than a function word) is ten times as common as the whole
      (لسلتيك -> ل + سلتيك, while لبنان and كولا stay whole).
    """
    prefix, stem, suffix = analysis
    if prefix[:1] in CONJUNCTIONS:
        whole = zipf(norm)
        if whole is not None and whole >= _zipf_or_unknown(zipf, norm[1:]) + CLITIC_ZIPF_MARGIN:
            prefix = ""
            stem, suffix = (norm, "") if ends_with_taa_marbuta else _strip_enclitic(norm)
    if "ال" in prefix or "لل" in prefix or stem[:1] not in PREPOSITIONS or len(stem) < 4 or stem.startswith("ال", 1):
        return prefix, stem, suffix
    rest = zipf(stem[1:])
    if rest is not None and rest < PREP_MAX_ZIPF and rest >= _zipf_or_unknown(zipf, stem) + CLITIC_ZIPF_MARGIN:
        return prefix + stem[0], stem[1:], suffix
    return prefix, stem, suffix


def _zipf_or_unknown(zipf: Callable[[str], float | None], form: str) -> float:
    z = zipf(form)
    return UNKNOWN_ZIPF if z is None else z


@lru_cache(maxsize=4096)
def char_kind(ch: str) -> str:
    cat = unicodedata.category(ch)
    if cat.startswith("P"):
        return "punct"
    if cat.startswith("S"):
        return "symbol"
    return "other"

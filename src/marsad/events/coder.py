"""Rule-based PLOVER event coding over the layers below (tokens, mentions/entities, times, quantities,
quotes).

The steps, each a small function over one sentence or the whole document:

1. **Triggers** (:meth:`EventCoder.find_triggers`): every word is read as prefix + form + suffix and
   looked up in the lexicon; lines with a cue need that cue a few words later in the same clause.
2. **Suppression** (:meth:`EventCoder.keep`): verbal nouns that are not events of their own — the
   topic of a talk (بحث التعاون), a purpose (لاستثمار after the signing), a backdrop (على هامش
   اجتماعات ...), the subject of a negated claim (أن تعزيز العلاقات لا يأتي على حساب ...).
3. **Arguments** (:meth:`EventCoder.arguments`): Arabic is mostly verb-subject-object: the subject
   is the first mention after the verb with no preposition (titles may come between), else a mention
   right before the verb, else the subject carried over (pro-drop) from the sentence's previous event,
   the previous sentences' events, or the quoted speaker for first-person verbs. The recipient is the
   next mention with no preposition or one of مع/إلى/لـ/على/ضد/بـ; ``بين X و Y`` and coordinated
   subjects give a compound actor (PLOVER: reciprocal events put every party in ``actor``).
4. **Modality** (:mod:`marsad.events.modality`), then PLOVER's future rule: cooperative events
   (CONSULT, SUPPORT, COOPERATE, AID) that are only intended become AGREE; an intended RETREAT becomes
   CONCEDE.
5. **Date, duration, amounts, objects** from the time and quantity layers and the objects lexicon.
6. **Merging**: several triggers for one event (زار ... في زيارة) become one event; a headline event
   that repeats a body event is merged into it.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from marsad.events import passive
from marsad.events.lexicon import (
    NOUN_PREFIXES,
    NOUN_SUFFIXES,
    SUFFIXES,
    VERB_PREFIXES,
    FormInfo,
    Lexicon,
    TriggerEntry,
    analyses,
    bare_forms,
    cue_forms,
    default_lexicon,
)
from marsad.events.modality import Modality, detect_modality
from marsad.events.passive import RESULT_NOUNS
from marsad.events.render import render_event
from marsad.model import Actor, Analysis, Entity, Event, Mention, Quantity, Quote, Span, TimeExpr, Token
from marsad.text import normalize_word, strip_tashkeel

log = logging.getLogger(__name__)


def _n(*words: str) -> frozenset[str]:
    return frozenset(normalize_word(w) for w in words)


CLAUSE_PUNCT = frozenset("،,؛;:—–.!?؟")
# Standalone prepositions and what they make of the mention after them.
RECIPIENT_PREPS = _n("مع", "إلى", "الى", "على", "ضد", "بحق", "تجاه", "نحو", "لدى", "ل", "ب")
PLACE_PREPS = _n("في", "داخل", "قرب", "شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي", "جنوبي", "شرقي", "غربي",
                 "ضواحي", "أطراف")  # fmt: skip
SKIP_PREPS = _n("من", "عن", "منذ", "عبر", "أمام", "حتى", "عند", "بعد", "قبل", "خلال", "أثناء")
TOPIC_PREPS = _n("بشأن", "حول", "عن", "تجاه")
BETWEEN = _n("بين")
INCLUDE_VERBS = _n("ضم", "جمع", "ضمت", "جمعت", "يضم", "تضم", "يجمع", "تجمع", "بحضور", "شارك", "حضره", "حضرها")
WORD_RECIPIENT_PREPS = RECIPIENT_PREPS - _n("ل", "ب")  # written as words, not clitics
NEGATORS = _n("لا", "لم", "لن", "ليس", "ليست")
SUBJECT_FILLERS = _n("قد", "لقد", "وقد", "فقد", "كانت", "كان", "بدورها", "بدوره", "أيضا")  # between subject and verb
FIRST_PERSON_CUES = _n("كنت", "أنا", "لقد")
STANDALONE_PREPS = RECIPIENT_PREPS | PLACE_PREPS | SKIP_PREPS | TOPIC_PREPS | BETWEEN
SUBJECT_STOPS = STANDALONE_PREPS | _n("إن", "أن", "ان", "بأن", "لأن", "التي", "الذي", "الذين")
RESUMPTIVE = _n("خلالها", "خلاله", "فيها", "فيه", "بعدها", "بعده", "حيث", "عندها", "معه", "معها", "اثرها")
FRAME_WORDS = _n("هامش", "خلال", "أثناء", "قبيل", "عقب", "إثر", "بعد", "قبل", "بمناسبة", "بعيد")
COMPLEMENTIZERS = _n("أن", "إن", "بأن", "وأن", "لأن")
DURATION_CUES = _n("استمر", "استمرت", "دام", "دامت", "لمدة", "مدتها", "مدته", "طوال", "تستمر", "يستمر", "تدوم")
MULTILATERAL_CUES = _n("هامش", "قمة", "القمة")
PHONE_CUES = _n("هاتفيا", "هاتفي", "الهاتف", "هاتفية")
DISCUSS_LEMMAS = _n("بحث", "ناقش", "تباحث")
OBJECT_GENITIVE_MODES = frozenset({"arrest", "targeted", "abduct", "deport", "release", "seize"})
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
AGREE_CAMEO = {"CONSULT": "036", "SUPPORT": "032", "COOPERATE": "031", "AID": "033"}
CONFLICT_TYPES = frozenset({"ASSAULT", "PROTEST", "COERCE", "MOBILIZE"})
ENTITY_RANK = {"PERSON": 0, "ORG": 1, "GROUP": 2, "COUNTRY": 3, "LOC": 4, "MISC": 5}
MENTION_TYPE_TO_ENTITY = {"PERS": "PERSON", "PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "GPE": "COUNTRY",
                          "NORP": "COUNTRY", "MISC": "MISC", "TITLE": "PERSON"}  # fmt: skip
SPEECH_WORDS = _n("تصريحات", "تصريح", "مؤتمر", "قال", "أكد", "أضاف", "صرح", "بيان", "مقابلة", "كلمة", "خطاب",
                  "أعلن", "تصريحاته", "حديثه")  # fmt: skip

HAL_PARTICIPLES = _n("نافيا")  # lemmas of participles that stand as a circumstantial clause (حال)
OBJECT_TYPES = frozenset({"ASSAULT", "COERCE", "AID", "SANCTION"})  # a genitive of their nouns is the one acted on
CONTENT_VERBS = frozenset({"THREATEN", "REQUEST", "ACCUSE", "REJECT", "AGREE"})
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
# where words are published: a medium, never a party (قال عبر تويتر، كتب على فيسبوك)
PLATFORMS = _n("تويتر", "تويتير", "فيسبوك", "فيس بوك", "يوتيوب", "إنستغرام", "انستغرام", "إنستجرام", "تلغرام", "تيليغرام",
               "واتساب", "تيك توك", "سناب شات", "إكس", "منصة إكس", "Twitter", "Facebook", "YouTube", "X")  # fmt: skip
READINESS = _n("مستعد")  # lemma of the readiness participles (مستعدة، مستعدون)
IMPERSONAL = _n("يجب", "ينبغي")  # obligations with no subject (the lexicon writes them imperfect only)
HIS_COUNTRY = _n("بلاده", "بلادها", "بلادنا", "بلادي", "دولته", "دولتها", "حكومته", "حكومتها", "حكومتنا")
PRONOUN_COMPS = _n("إنه", "أنه", "انه", "بأنه", "وإنه", "وأنه", "إنها", "أنها", "انها", "بأنها", "وأنها", "وإنها")
# nouns of works whose quoted title follows them
WORK_NOUNS = _n("فيلم", "كتاب", "رواية", "مسلسل", "مسرحية", "أغنية", "اغنية", "قصيدة", "ديوان", "ألبوم", "البوم",
                "برنامج", "لوحة", "معرض", "عرض", "وثائقي", "مقال", "مقالة", "قصة", "مجموعة", "عنوان", "بعنوان",
                "شريط", "عمل", "كتابه", "فيلمه", "روايته", "كتابها", "فيلمها", "روايتها")  # fmt: skip
OPENING_QUOTES = frozenset({"«", "“", '"', "„", "‹"})
CLOSING_QUOTES = {"«": "»", "“": "”", "„": "“", "‹": "›"}
TIME_LEADS = frozenset({"في", "خلال", "غضون", "منذ", "مساء", "صباح", "يوم", "ليل", "ليلة", "فجر", "حتى", "قبل", "بعد"})
TIME_PREPS = _n("في", "منذ", "خلال", "يوم", "مساء", "صباح", "فجر", "ليل", "ليلة")
BACKGROUND_WORDS = _n("منذ", "إثر", "اثر", "عقب", "بعد", "قبل", "إبان", "ابان", "خلال", "أثناء")
STOPPING_WORDS = _n("وقف", "إيقاف", "إنهاء", "منع", "تجنب", "تفادي", "نبذ")
DEMONSTRATIVES = _n("هذه", "هذا", "تلك", "ذلك", "هذين", "هاتين")
TO_WORDS = _n("إلى", "الى", "على", "عن", "ب")
NOT_NAMES = frozenset({"TITLE", "NORP"})  # mention types whose words may still be triggers
VERBAL = frozenset({"AGREE", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
NOUN_PREFIX_SET, VERB_PREFIX_SET = frozenset(NOUN_PREFIXES), frozenset(VERB_PREFIXES)
NOUN_SUFFIX_SET, VERB_SUFFIX_SET = frozenset(NOUN_SUFFIXES), frozenset(SUFFIXES)
ALL_PREFIXES, ALL_SUFFIXES = NOUN_PREFIX_SET | VERB_PREFIX_SET, NOUN_SUFFIX_SET | VERB_SUFFIX_SET
PLACE_CUE = ("@LOC",)  # a cue that is a place name right after the trigger, not a word
CUE_WINDOW = 10  # word tokens after a trigger in which its cue may appear
SUBJECT_WINDOW = 8
RECIPIENT_WINDOW = 14


@dataclass(slots=True)
class Candidate:
    """A trigger found in the text, before arguments are filled."""

    tok: int  # token index
    form: FormInfo
    prefix: str
    suffix: str
    cue: tuple[int, int] | None  # token range of the cue
    sentence: int
    clause: int
    purpose: bool = False  # a لـ + verbal noun, kept because an intention marker governs it


@dataclass(slots=True)
class Args:
    actor: list[Mention] = field(default_factory=list)
    actor_agent: tuple[str, str, str] | None = None  # (text, sector, English) of a generic agent noun
    actor_country: str | None = None  # ISO3 when the actor is only a country adjective or a speaker's state
    recipient: list[Mention] = field(default_factory=list)
    recipient_agent: tuple[str, str, str] | None = None  # a common-noun recipient (دبلوماسيين روسيين)
    recipient_country: str | None = None
    place: Mention | None = None
    inherited: bool = False  # actor carried over from context (pro-drop, pronoun)
    subject_first: bool = False  # the subject stands before the verb (SVO): a count after it is the object
    compound: bool = False


@dataclass(slots=True)
class _Doc:
    """Per-document indexes built once."""

    a: Analysis
    tokens: list[Token]
    words: list[int]  # indices of word/latin tokens
    sent_tokens: dict[int, list[int]]
    clause_of: list[int]
    mention_at: dict[int, Mention]  # token index where a mention starts -> mention
    mention_tok: dict[str, tuple[int, int]]  # mention id -> (first, last) token
    entities: dict[str, Entity]
    starts: list[int]  # token start offsets, sorted
    quotes: list[Quote]
    times_by_sent: dict[int, list[TimeExpr]]
    qty_by_sent: dict[int, list[Quantity]]
    title_sentences: frozenset[int]
    in_name: frozenset[int] = frozenset()
    trigger_toks: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # sentence -> kept triggers (token, type)
    covering: dict[int, Mention] | None = None
    _sent_words: dict[int, list[int]] = field(default_factory=dict)
    time_toks: frozenset[int] = frozenset()  # tokens of time expressions and the preposition before them
    agents: dict[int, tuple[str, str, str] | None] = field(default_factory=dict)  # token -> agent phrase, memo
    marker_hits: dict[str, dict[int, list[tuple[int, int]]]] = field(default_factory=dict)  # kind -> sentence -> spans

    def sent_words(self, sentence: int) -> list[int]:
        """The word tokens of a sentence, in order (built on first use)."""
        got = self._sent_words.get(sentence)
        if got is None:
            got = self._sent_words[sentence] = [
                j for j in self.sent_tokens.get(sentence, []) if self.tokens[j].kind in ("word", "latin", "number")
            ]
        return got

    def tok_at(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)


def _parenthetical_commas(a: Analysis) -> set[int]:
    """Start offsets of the commas around a time set off in the middle of a clause (أعلنت السلطات، السبت،
    اعتقال ...; شن سلاح الجو، السبت، غارات): news style, not a clause boundary."""
    out: set[int] = set()
    text = a.text
    for t in a.times:
        i = t.start - 1
        while i >= 0 and text[i] == " ":
            i -= 1
        for _ in range(2):  # في غضون الساعات القادمة، صباح يوم ...: a short lead word or two
            j = i
            while j >= 0 and text[j] not in " ،,":
                j -= 1
            if text[j + 1 : i + 1] not in TIME_LEADS:
                break
            i = j
            while i >= 0 and text[i] == " ":
                i -= 1
        j = t.end
        while j < len(text) and text[j] == " ":
            j += 1
        if i >= 0 and j < len(text) and text[i] in "،," and text[j] in "،,":
            out.update((i, j))
    return out


def _build_doc(a: Analysis) -> _Doc:
    tokens = a.tokens
    sent_tokens: dict[int, list[int]] = {}
    clause_of = []
    clause = 0
    soft = _parenthetical_commas(a) if a.times else set()
    prev_sent: int | None = None
    members: list[int] = []
    add_clause = clause_of.append
    for i, t in enumerate(tokens):
        if t.sentence != prev_sent:  # a new sentence opens a new clause
            if prev_sent is not None:
                clause += 1
            prev_sent = t.sentence
            members = sent_tokens.setdefault(t.sentence, [])
        members.append(i)
        if t.text in CLAUSE_PUNCT and t.kind in ("punct", "symbol") and t.start not in soft:
            clause += 1
            add_clause(clause)
            clause += 1
        else:
            add_clause(clause)
    starts = [t.start for t in tokens]
    mention_at: dict[int, Mention] = {}
    mention_tok: dict[str, tuple[int, int]] = {}
    for m in sorted(a.mentions, key=lambda m: (m.start, -(m.end - m.start))):
        first = max(0, bisect.bisect_right(starts, m.start) - 1)
        if first < len(tokens) and tokens[first].end <= m.start:
            first += 1
        last = max(first, bisect.bisect_left(starts, m.end) - 1)
        mention_tok[m.id] = (first, last)
        if first not in mention_at:
            mention_at[first] = m
    words = [i for i, t in enumerate(tokens) if t.kind in ("word", "latin", "number")]
    sent_starts = [s.start for s in a.sentences]
    times: dict[int, list[TimeExpr]] = {}
    for x in a.times:
        times.setdefault(_sent_of(a, sent_starts, x.start), []).append(x)
    qty: dict[int, list[Quantity]] = {}
    for q in a.quantities:
        qty.setdefault(_sent_of(a, sent_starts, q.start), []).append(q)
    title = frozenset(i for i, s in enumerate(a.sentences) if s.is_title)
    in_name = frozenset(
        k for m in a.mentions if m.type not in NOT_NAMES for k in range(mention_tok[m.id][0], mention_tok[m.id][1] + 1)
    ) | _titled_works(tokens)
    time_toks: set[int] = set()
    for x in a.times:
        first = max(0, bisect.bisect_right(starts, x.start) - 1)
        last = max(first, bisect.bisect_left(starts, x.end) - 1)
        time_toks.update(range(first, last + 1))
        j = first - 1
        while j >= 0 and tokens[j].kind not in ("word", "number", "latin"):
            j -= 1
        if j >= 0 and tokens[j].norm in TIME_PREPS:
            time_toks.add(j)
    d = _Doc(a, tokens, words, sent_tokens, clause_of, mention_at, mention_tok,
             {e.id: e for e in a.entities}, starts, list(a.quotes), times, qty, title, in_name)  # fmt: skip
    d.time_toks = frozenset(time_toks)
    return d


def _titled_works(tokens: list[Token]) -> frozenset[int]:
    """Tokens of a title in quotation marks after a work noun (فيلم «اغتيال جيسي جيمس»، رواية «أن تقتل
    طائرا محاكيا»): a title names a work, it reports no event."""
    out: set[int] = set()
    for i, t in enumerate(tokens):
        if t.text not in OPENING_QUOTES or i == 0:
            continue
        prev = next((tokens[j] for j in range(i - 1, max(-1, i - 3), -1) if tokens[j].kind == "word"), None)
        if prev is None or prev.sentence != t.sentence or not (
            prev.norm in WORK_NOUNS or any(b in WORK_NOUNS for b in bare_forms(prev.norm))
        ):
            continue
        close = CLOSING_QUOTES.get(t.text, t.text)
        for j in range(i + 1, min(len(tokens), i + 40)):
            if tokens[j].text == close or tokens[j].sentence != t.sentence:
                out.update(range(i + 1, j))
                break
    return frozenset(out)


def _sent_of(a: Analysis, starts: list[int], offset: int) -> int:
    i = bisect.bisect_right(starts, offset) - 1
    return i if i >= 0 and offset < a.sentences[i].end else -1


class EventCoder:
    """Codes the events of one analysis. Stateless between documents; the lexicon is shared."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or default_lexicon()
        self._cue_sets: dict[tuple[str, ...], tuple[frozenset[str], ...]] = {}
        self._objects: dict[str, list[tuple[tuple[str, ...], str]]] | None = None
        self._readings: dict[tuple[str, bool], list[tuple[FormInfo, str, str]]] = {}
        self._cue_firsts: dict[int, frozenset[str]] = {}

    # --- 1. triggers -----------------------------------------------------------------------------

    def readings(self, tok: Token) -> list[tuple[FormInfo, str, str]]:
        """Lexicon readings of one token: (form info, prefix, suffix)."""
        if tok.kind != "word":
            return []
        taa = tok.norm.endswith("ه") and strip_tashkeel(tok.text).endswith("ة")  # taa marbuta: a noun, never a verb
        key = (tok.norm, taa)
        got = self._readings.get(key)
        if got is None:
            if len(self._readings) > 200_000:
                self._readings.clear()
            got = self._readings[key] = self._compute_readings(tok.norm, taa)
        return got

    def _compute_readings(self, norm: str, taa: bool) -> list[tuple[FormInfo, str, str]]:
        forms = self.lex.forms
        n = len(norm)
        pres = [norm[:k] for k in range(min(5, n - 1)) if norm[:k] in ALL_PREFIXES]
        sufs = [""] if taa else [norm[n - k :] if k else "" for k in range(min(4, n - 1)) if k == 0 or norm[n - k :] in ALL_SUFFIXES]
        found: list[tuple[FormInfo, str, str]] = []
        for pre in pres:
            for suf in sufs:
                bare = norm[len(pre) : n - len(suf)]
                infos = forms.get(bare) if len(bare) >= 2 else None
                if infos:
                    found += [(info, pre, suf) for info in infos]
        if not found:
            return []
        out = []
        seen = set()
        for noun in (False, True) if not taa else (True,):
            prefixes, suffixes = (NOUN_PREFIX_SET, NOUN_SUFFIX_SET) if noun else (VERB_PREFIX_SET, VERB_SUFFIX_SET)
            for info, pre, suf in found:
                if (info.tense == "noun") != noun or pre not in prefixes or suf not in suffixes:
                    continue
                if info.tense == "past" and pre.lstrip("وف"):  # لـ and سـ go with an imperfect only
                    continue
                key = (id(info.entry), info.tense, info.person)
                if key not in seen:
                    seen.add(key)
                    out.append((info, pre, suf))
        return out

    def _find_cue(self, d: _Doc, seq: list[int], k: int, entry: TriggerEntry) -> tuple[int, int] | None:
        """(position in seq, length) of the nearest cue of ``entry`` after seq[k] in its clause."""
        firsts = self._cue_firsts.get(id(entry))
        if firsts is None:
            firsts = self._cue_firsts[id(entry)] = frozenset().union(*(self._cue_words(p)[0] for p in entry.cues))
        clause = d.clause_of[seq[k]]
        if PLACE_CUE in entry.cues:
            # @LOC: a place named right after the trigger (تحرير الحديدة، تحرير مدينة الحديدة); the cue is a
            # condition, not a span: the place stays free to be the recipient
            for kk in range(k + 1, min(len(seq), k + 3)):
                m = d.mention_at.get(seq[kk])
                if m is not None and self._entity_type(d, m) in ("LOC", "COUNTRY") and d.clause_of[seq[kk]] == clause:
                    return k, 1
        for kk in range(k + 1, min(len(seq), k + 1 + CUE_WINDOW)):
            if d.clause_of[seq[kk]] != clause:
                return None
            norm = d.tokens[seq[kk]].norm
            single = any(len(p[0]) == 1 for p in entry.cues)
            if not single and norm not in firsts and firsts.isdisjoint(bare_forms(norm)):
                continue
            length = max((self._match_phrase(d, seq, kk, p) for p in entry.cues), default=0)
            if length:
                return kk, length
        return None

    def _cue_words(self, phrase: tuple[str, ...]) -> tuple[frozenset[str], ...]:
        got = self._cue_sets.get(phrase)
        if got is None:
            got = tuple(cue_forms(w) for w in phrase)
            self._cue_sets[phrase] = got
        return got

    def _object_index(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        if self._objects is None:
            self._objects = {}
            for words, en in self.lex.objects:
                self._objects.setdefault(words[0], []).append((words, en))
        return self._objects

    def _match_object(self, d: _Doc, seq: list[int], k: int, words: tuple[str, ...]) -> bool:
        """An object name at seq[k], its words carrying at most proclitics (و ب ال ...)."""
        if k + len(words) > len(seq):
            return False
        for off, w in enumerate(words):
            t = d.tokens[seq[k + off]]
            if len(w) <= 3 and len(words) == 1:  # short names clash with common words (ذهب went, ارز in بارز)
                if not any(b == w and not suf and "ال" in pre for pre, b, suf in analyses(t.norm, True)):
                    return False
            elif t.norm != w and not any(b == w and not suf for _, b, suf in analyses(t.norm, True)):
                return False
        return True

    def _in_name(self, d: _Doc, j: int) -> bool:
        """Whether token ``j`` lies inside a name (مجلس التعاون الخليجي is not a cooperation event)."""
        return j in d.in_name

    def _match_phrase(self, d: _Doc, seq: list[int], k: int, phrase: tuple[str, ...]) -> int:
        """Length in tokens of ``phrase`` matched at seq[k], or 0."""
        sets = self._cue_words(phrase)
        if k + len(sets) > len(seq):
            return 0
        for off, forms in enumerate(sets):
            t = d.tokens[seq[k + off]]
            word = phrase[off]
            if len(word) == 1:  # a bare preposition cue: the next word carries it as a prefix
                if not (t.norm.startswith(word) and len(t.norm) > 2):
                    return 0
                continue
            if t.norm not in forms and forms.isdisjoint(bare_forms(t.norm)):
                return 0
        return len(sets)

    def find_triggers(self, d: _Doc, sentence: int) -> list[Candidate]:
        toks = d.sent_tokens.get(sentence, [])
        seq = [i for i in toks if d.tokens[i].kind in ("word", "latin", "number")]
        consumed: set[int] = {j for j in seq if self._in_name(d, j)}
        cands: list[Candidate] = []
        for k, i in enumerate(seq):
            if i in consumed:
                continue
            readings = self.readings(d.tokens[i])
            if not readings:
                continue
            best: tuple[int, int, FormInfo, str, str, tuple[int, int]] | None = None
            plain: list[tuple[FormInfo, str, str]] = []
            tried: dict[int, tuple[int, int] | None] = {}
            for n, (info, pre, suf) in enumerate(readings):
                entry = info.entry
                if not entry.cues:
                    plain.append((info, pre, suf))
                    continue
                if id(entry) not in tried:
                    tried[id(entry)] = self._find_cue(d, seq, k, entry)
                hit = tried[id(entry)]
                if hit is not None:
                    cand = (hit[0] - k, n, info, pre, suf, (seq[hit[0]], seq[hit[0] + hit[1] - 1]))
                    if best is None or cand[:2] < best[:2]:
                        best = cand
            if best is not None:
                _, _, info, pre, suf, cue = best
                cands.append(Candidate(i, info, pre, suf, cue, sentence, d.clause_of[i]))
                consumed.update(j for j in seq if cue[0] <= j <= cue[1])
            elif plain:
                # a definite article means a noun; otherwise prefer the verb reading
                plain.sort(key=lambda r: (("ال" in r[1] or "لل" in r[1]) != (r[0].tense == "noun"), r[0].tense == "noun"))
                info, pre, suf = plain[0]
                cands.append(Candidate(i, info, pre, suf, None, sentence, d.clause_of[i]))
        return cands

    # --- 2. suppression --------------------------------------------------------------------------

    def _prev_words(self, d: _Doc, i: int, n: int, *, same_clause: bool = True) -> list[int]:
        out = []
        j = i - 1
        while j >= 0 and len(out) < n:
            t = d.tokens[j]
            if t.sentence != d.tokens[i].sentence or (same_clause and d.clause_of[j] != d.clause_of[i]):
                break
            if t.kind in ("word", "latin", "number"):
                out.append(j)
            j -= 1
        return out

    def _next_words(self, d: _Doc, i: int, n: int, *, same_clause: bool = True) -> list[int]:
        out = []
        j = i + 1
        while j < len(d.tokens) and len(out) < n:
            t = d.tokens[j]
            if t.sentence != d.tokens[i].sentence or (same_clause and d.clause_of[j] != d.clause_of[i]):
                break
            if t.kind in ("word", "latin", "number"):
                out.append(j)
            j += 1
        return out

    def keep(self, d: _Doc, c: Candidate, cands: list[Candidate]) -> bool:
        if c.form.tense != "noun":
            return True
        toks = d.tokens
        prev = self._prev_words(d, c.tok, 3)
        prev_norms = [toks[j].norm for j in prev]
        earlier = [o for o in cands if o.tok < c.tok]
        # the verbal noun of an event already told by a verb: زار واشنطن في زيارة رسمية
        for o in earlier:
            if o.form.tense != "noun" and o.form.entry.type == c.form.entry.type and o.form.entry.mode == c.form.entry.mode:
                return False
        # readiness for a named act: مستعدة للتوسط is the mediation, intended (the noun after carries it)
        if normalize_word(c.form.entry.lemma) in READINESS:
            nxt = self._next_words(d, c.tok, 1)
            if nxt and self.readings(toks[nxt[0]]):
                return False
        # a name in construct: أجهزة الإنقاذ، لجنة التحقيق، قوات الدعم (an agent head without ال, then the noun)
        if prev and "ال" in c.prefix and "ال" not in (toks[prev[0]].prefix or "") and self._agent_head(toks[prev[0]]) is not None:
            return False
        # topic of a preposition: حول زيارة، بشأن تعزيز العلاقات
        if prev_norms[:1] and prev_norms[0] in TOPIC_PREPS:
            return False
        # topic of a discussion verb: بحث الطرفان التعاون الأمني
        for o in earlier:
            if (
                o.clause == c.clause
                and o.form.tense != "noun"
                and normalize_word(o.form.entry.lemma) in DISCUSS_LEMMAS
                and c.tok - o.tok <= 4
            ):
                return False
        # backdrop: على هامش اجتماعات ...، خلال زيارة ... when another event is told
        if any(n in FRAME_WORDS for n in prev_norms[:2]) and len(cands) > 1 and not self._visit_with_destination(d, c):
            return False  # a visit in the frame (خلال زيارة للقاهرة) still tells where someone went
        # purpose: وقّعت مذكرة تفاهم ... لاستثمار (absorbed by the event before it); after an
        # intention (فرصة لتوسيع العلاقات) it is the intended event
        if c.prefix.lstrip("وف") in ("ل", "لل"):
            if any(o.clause == c.clause for o in earlier):
                return False
            if self._has_marker(d, c.tok, "intended", 6):
                c.purpose = True
            elif not self._has_marker(d, c.tok, "undergo", 3):
                return False
        # content of a verbal act: هددت بفرض عقوبات، طالب بالإفراج، اتهمه بالهجوم، دعا إلى وقف
        for o in earlier:
            if (
                o.clause == c.clause
                and o.form.entry.type in CONTENT_VERBS
                and c.tok - o.tok <= 6
                and (c.prefix.lstrip("وف")[:1] in ("ب", "ل") or self._prev_is(d, c.tok, TO_WORDS))
            ):
                return False
        # what a ceasefire stops is no event of its own: وقف القتال، وقف إطلاق النار، إنهاء الحرب
        if prev_norms[:1] and any(b in STOPPING_WORDS for b in (prev_norms[0], *bare_forms(prev_norms[0]))):
            return False
        # the object of a denial or refusal: نفت الوزارة هذه الاتهامات، رفض الهجوم على (one event, REJECT)
        for o in earlier:
            if (
                o.clause == c.clause
                and o.form.entry.type == "REJECT"
                and c.tok - o.tok <= 5
                and ("ال" in c.prefix or any(toks[j].norm in DEMONSTRATIVES for j in prev[:1]))
                and c.form.entry.type in ("ACCUSE", "REQUEST", "AGREE", "THREATEN")
            ):
                return False
        # subject of an embedded, negated claim: أن تعزيز العلاقات ... لا يأتي على حساب
        if prev_norms[:1] and prev_norms[0] in COMPLEMENTIZERS:
            for j in self._next_words(d, c.tok, 8):
                if toks[j].norm in NEGATORS:
                    return False
        return True

    def _nisba_after(self, d: _Doc, k: int, n: int = 2) -> Mention | None:
        """A country adjective among the ``n`` words after token ``k`` (الدبلوماسيين الروس)."""
        for j in self._next_words(d, k, n):
            m = d.mention_at.get(j)
            if m is not None and m.type == "NORP":
                return m
        return None

    def _lam_object_after(self, d: _Doc, last: int) -> bool:
        """Whether the word after a verbal noun's genitive carries the object's ل (للمسجد، لمواقع)."""
        for k in self._next_words(d, last, 3):
            m = d.mention_at.get(k)
            if m is not None and m.type != "NORP":
                return self.prep_of(d, k, m) == "ل"
            t = d.tokens[k]
            if (t.prefix or "").lstrip("وف").startswith("ل") and not self.readings(t):
                return True
            if m is None and ("ال" not in (t.prefix or "") or self.readings(t)):
                return False  # only adjectives may stand between: اقتحام الوزير الإسرائيلي للمسجد
        return False

    def _visit_with_destination(self, d: _Doc, c: Candidate) -> bool:
        if c.form.entry.mode != "visit":
            return False
        for k in self._next_words(d, c.tok, 2):
            m = d.mention_at.get(k)
            if m is not None and self._entity_type(d, m) in ("LOC", "COUNTRY") and self.prep_of(d, k, m) in ("ل", "إلى", "الى"):
                return True
        return False

    def _prev_is(self, d: _Doc, i: int, words: frozenset[str]) -> bool:
        prev = self._prev_words(d, i, 1)
        return bool(prev) and d.tokens[prev[0]].norm in words

    def _has_marker(self, d: _Doc, i: int, kind: str, window: int) -> bool:
        prev = list(reversed(self._prev_words(d, i, window)))
        norms = [d.tokens[j].norm for j in prev]
        for phrase in self.lex.markers.get(kind, ()):
            n = len(phrase)
            for k in range(len(norms) - n + 1):
                if all(norms[k + m] == phrase[m] or phrase[m] in bare_forms(norms[k + m]) for m in range(n)):
                    return True
        return False

    # --- 3. arguments ----------------------------------------------------------------------------

    def prep_of(self, d: _Doc, first: int, m: Mention) -> str:
        """The preposition governing the mention starting at token ``first`` ('' when none)."""
        t = d.tokens[first]
        lead = ""
        if m.start > t.start:  # the mention leaves the clitics out: بواشنطن -> ب
            lead = normalize_word(d.a.text[t.start : m.start])
        elif t.prefix:
            lead = t.prefix
        lead = lead.lstrip("وف")
        if lead.startswith("لل") or lead.startswith("ل"):
            return "ل"
        if lead.startswith("ب"):
            return "ب"
        if lead.startswith("ك"):
            return "ك"
        # walk back over a title or a head noun before the name (مع الرئيس المصري السيسي، بدور الجزائر)
        for step, j in enumerate(self._prev_words(d, first, 4)):
            t = d.tokens[j]
            p = t.norm
            p = p[1:] if p[:1] in ("و", "ف") and len(p) > 2 and p[1:] in STANDALONE_PREPS else p
            if p in STANDALONE_PREPS:
                return p
            covering = self._mention_covering(d, j)
            is_title = covering is not None and covering.type in ("NORP", "TITLE")
            if not (is_title or self._agent(d, j) is not None or (step == 0 and covering is None)):
                return ""
            if covering is None and self.prep_of_token(d, j) and not self.readings(t):
                pre = (t.prefix or "").lstrip("وف")
                return "ل" if pre.startswith("ل") else pre[:1]
            if covering is None and step == 0 and self._agent(d, j) is None:
                return ""  # a common noun with no preposition before the name
        return ""

    def _coordinated(self, d: _Doc, end: int, limit: int) -> list[tuple[int, Mention]]:
        """Mentions coordinated with و after token ``end`` (ترامب ورئيس الوزراء شهباز شريف)."""
        out: list[tuple[int, Mention]] = []
        j = end
        while True:
            nxt = self._next_words(d, j, 4)
            found = None
            for step, k in enumerate(nxt):
                t = d.tokens[k]
                if k in d.mention_at:
                    if step == 0 and normalize_word(d.a.text[t.start : d.mention_at[k].start]) not in ("و", "وال"):
                        break
                    if step > 0 and not d.tokens[nxt[0]].norm.startswith("و"):
                        break
                    found = (k, d.mention_at[k])
                    break
                if t.norm in STANDALONE_PREPS or k > limit:
                    break
                if step == 0 and not t.norm.startswith("و"):
                    break
            if not found:
                return out
            out.append(found)
            j = d.mention_tok[found[1].id][1]

    def _phrase(self, d: _Doc, first: int) -> tuple[list[Mention], int]:
        """The mentions of the noun phrase starting at token ``first`` and its last token: a title
        and a name (قائد الجيش الباكستاني الميداني أسيم منير), an acronym in brackets, ..."""
        m = d.mention_at[first]
        ms = [m]
        last = d.mention_tok[m.id][1]
        while True:
            nxt = self._next_words(d, last, 3)
            ext = None
            for k in nxt[:3]:
                t = d.tokens[k]
                if k in d.mention_at and not self._conj(d, k) and self.prep_of(d, k, d.mention_at[k]) == "":
                    n = d.mention_at[k]
                    last_t, next_t = ms[-1].type, n.type
                    if (
                        n.entity == ms[-1].entity
                        or (last_t in ("NORP", "TITLE") and next_t in ("PERS", "PER", "TITLE"))
                        or (next_t == "NORP" and last_t in ("ORG", "TITLE"))
                    ):
                        ext = k
                    break
                if t.norm in STANDALONE_PREPS or t.norm.startswith("و") or self.readings(t) or self._agent(d, k):
                    break  # an agent noun heads a phrase of its own (الحكومة البريطانية نظيرتها الروسية)
            if ext is None:
                return ms, last
            ms.append(d.mention_at[ext])
            last = d.mention_tok[d.mention_at[ext].id][1]

    def _conj(self, d: _Doc, k: int) -> bool:
        """Whether the mention starting at token ``k`` carries the conjunction و."""
        t = d.tokens[k]
        return normalize_word(d.a.text[t.start : d.mention_at[k].start]).startswith("و")

    def _entity_type(self, d: _Doc, m: Mention) -> str:
        ent = d.entities.get(m.entity or "")
        return ent.type if ent else MENTION_TYPE_TO_ENTITY.get(m.type, "MISC")

    def head(self, d: _Doc, ms: list[Mention]) -> Mention:
        return min(ms, key=lambda m: (ENTITY_RANK.get(self._entity_type(d, m), 9), m.type == "NORP", ms.index(m)))

    def _agent(self, d: _Doc, k: int) -> tuple[str, str, str] | None:
        """A generic agent noun at token ``k``: (its phrase as written, sector, English), or None. The
        phrase runs over the definite nouns after the head (دائرة الأوقاف الإسلامية، رجال الأعمال) up to a
        name, a nisba, a preposition or a trigger."""
        got = d.agents.get(k, False)
        if got is not False:
            return got  # type: ignore[return-value]
        t = d.tokens[k]
        head = self._agent_head(t)
        found = None
        if head is not None:
            sector, en = head
            end = t.end
            for j in self._next_words(d, k, 3):
                u = d.tokens[j]
                if (
                    "ال" not in (u.prefix or "") or j in d.mention_at or self._mention_covering(d, j) is not None
                    or u.norm in STANDALONE_PREPS or self.readings(u) or j in d.time_toks
                    or self._agent_head(u) is not None  # another agent heads its own phrase: الخارجية السفير
                ):  # fmt: skip
                    break
                end = u.end
            found = (d.a.text[t.start : end], sector, en)
        d.agents[k] = found
        return found

    def _agent_head(self, t: Token) -> tuple[str, str] | None:
        """(sector, English) when the word is an agent noun of the lexicon, else None."""
        forms = (t.norm, *bare_forms(t.norm))
        if t.norm.endswith("ا"):  # accusative: رئيسا
            forms += (t.norm[:-1],)
        for f in forms:
            if f in self.lex.agents:
                return self.lex.agents[f]
        return None

    def subject_after(self, d: _Doc, c: Candidate, args: Args) -> int | None:
        """Fill the explicit subject after a verb; returns the last token of the subject phrase."""
        stop_at = set(range(c.cue[0], c.cue[1] + 1)) if c.cue else set()
        agent = None
        agent_tok: int | None = None
        fallback: tuple[tuple[str, str, str], str | None, int] | None = None
        for step, k in enumerate(self._next_words(d, c.tok, SUBJECT_WINDOW)):
            t = d.tokens[k]
            if k in stop_at and agent is None and c.form.entry.type == "PROTEST" and (cue_agent := self._agent(d, k)):
                agent, agent_tok = cue_agent, k  # a protest's cue names the doers: تجمع آلاف المتظاهرين
                break
            if k in stop_at or t.norm in SUBJECT_STOPS or (step == 0 and t.norm in RESUMPTIVE):
                break
            if k in d.mention_at:
                m = d.mention_at[k]
                if self._platform(m):
                    continue
                if self.prep_of(d, k, m) != "":
                    break
                if m.type == "NORP":
                    # a country adjective: "the Pakistani army" when it follows an agent noun (kept as a
                    # fallback: a name may still follow, قائد الجيش الباكستاني أسيم منير), else a modifier
                    if agent and fallback is None:
                        fallback = (agent, self._country(d, m), k)
                    continue
                ms, last = self._phrase(d, k)
                coords = self._coordinated(d, last, k + 12)
                args.actor = [self.head(d, ms)] + [cm for _, cm in coords]
                args.compound = bool(coords)
                if coords:
                    last = d.mention_tok[coords[-1][1].id][1]
                return last
            if agent is None and "\u064b" in t.text:  # tanween fath: an accusative, never the subject
                break
            if agent is None and step == 0 and not self.readings(t) and t.norm not in SUBJECT_STOPS:
                nxt = self._next_words(d, k, 2)
                m2 = d.mention_at.get(nxt[0]) if nxt else None
                if m2 is None and "ال" not in (t.prefix or "") and len(nxt) > 1:  # قاذفة قنابل أمريكية
                    m2 = d.mention_at.get(nxt[1])
                if m2 is not None and m2.type == "NORP":  # الطائرات الإسرائيلية: a subject named by its country
                    agent = self._agent(d, k) or (d.a.text[t.start : m2.end], "", "")
                    last_norp = d.mention_tok[m2.id][1]
                    fallback = (agent, self._country(d, m2), last_norp)
                    after = self._next_words(d, last_norp, 1)
                    a0 = d.tokens[after[0]] if after else None
                    if a0 is None or a0.norm in SUBJECT_STOPS or a0.norm in passive.AGENT_LEADS or (
                        self.prep_of_token(d, after[0]) or self.readings(a0)
                    ):
                        break  # فتى فلسطيني برصاص الجيش: the phrase ends; the name after a preposition is no subject
                    continue  # a title, its nisba, then the name: قائد الجيش الباكستاني المشير أسيم منير
            if agent is None and (ag := self._agent(d, k)) and step <= 2:
                agent, agent_tok = ag, k
                continue
            if self.readings(t) and step > 0:
                break
        if fallback is not None:
            args.actor_agent, args.actor_country = fallback[0], fallback[1]
            return fallback[2]
        if agent:
            args.actor_agent = agent
            if agent_tok is not None:  # the object comes after the agent's phrase: استدعت الخارجية السفير
                return d.tok_at(d.tokens[agent_tok].start + len(agent[0]) - 1)
        return None

    def subject_before(self, d: _Doc, c: Candidate) -> list[Mention]:
        for k in self._prev_words(d, c.tok, 3):
            t = d.tokens[k]
            owner = self._mention_covering(d, k)
            if owner is not None:
                first = d.mention_tok[owner.id][0]
                if self._bracketed(d, owner) or self._platform(owner):
                    return []  # (CNN)-- وقعت قطر: a dateline, not the subject
                if self.prep_of(d, first, owner) == "" and self._entity_type(d, owner) != "MISC":
                    return [owner]
                return []
            if t.norm not in SUBJECT_FILLERS:
                return []
        return []

    def _bracketed(self, d: _Doc, m: Mention) -> bool:
        """Whether a mention stands alone in brackets ((CNN), (أ ف ب))."""
        text = d.a.text
        return text[: m.start].rstrip().endswith("(") and text[m.end :].lstrip().startswith(")")

    def _platform(self, m: Mention) -> bool:
        return normalize_word(m.text) in PLATFORMS or any(b in PLATFORMS for b in bare_forms(normalize_word(m.text)))

    def _mention_covering(self, d: _Doc, k: int) -> Mention | None:
        if d.covering is None:  # token -> the first mention (in mention order) covering it, built once
            by_id = {m.id: m for m in d.a.mentions}
            cover: dict[int, Mention] = {}
            for m_id, (a, b) in d.mention_tok.items():
                for j in range(a, b + 1):
                    cover.setdefault(j, by_id[m_id])
            d.covering = cover
        return d.covering.get(k)

    def recipients(self, d: _Doc, c: Candidate, args: Args, start: int, cands: list[Candidate]) -> None:
        """Scan after ``start`` for the recipient, a compound (بين X و Y) and the place."""
        self._recipients(d, c, args, start, cands)
        if args.place is not None:
            return
        other = {o.tok for o in cands if o.tok != c.tok}
        for k in self._next_words(d, start, RECIPIENT_WINDOW):  # the place after the recipient
            if k in other:
                break
            m = d.mention_at.get(k)
            if m is None or m.id in {x.id for x in args.recipient}:
                continue
            if self.prep_of(d, k, m) in PLACE_PREPS and self._entity_type(d, m) in ("LOC", "COUNTRY"):
                args.place = m
                return

    def _recipients(self, d: _Doc, c: Candidate, args: Args, start: int, cands: list[Candidate]) -> None:
        other = {o.tok for o in cands if o.tok != c.tok}
        used = {m.id for m in args.actor}
        direct_ok = c.form.tense != "noun"
        cue = set(range(c.cue[0], c.cue[1] + 1)) if c.cue else set()
        if direct_ok:  # a common-noun direct object right after the subject (السلطات المصرية)
            args.recipient_agent, args.recipient_country = self.object_np(d, c, start, cands)
            if args.recipient_agent or args.recipient_country:
                return
        for k in self._next_words(d, start, RECIPIENT_WINDOW):
            t = d.tokens[k]
            if k in cue:
                continue  # a cue naming people is the recipient when nothing else is (arguments())
            if k in other:
                break
            if t.norm in STANDALONE_PREPS:
                direct_ok = False  # a direct object comes before the prepositional phrases
            if t.norm in TOPIC_PREPS and c.form.entry.type not in ("ACCUSE",):
                break
            if t.norm in BETWEEN:
                ms = self._coordinated_from(d, k)
                if len(ms) >= 2:
                    args.recipient = ms
                    args.compound = True
                    return
            if t.norm in INCLUDE_VERBS and c.form.entry.type == "CONSULT":
                ms = self._coordinated_from(d, k)
                if ms:
                    args.recipient = ms
                    args.compound = True
                    return
            if k not in d.mention_at:
                if not args.recipient_agent and self._prev_is(d, k, WORD_RECIPIENT_PREPS):
                    agent = self._agent(d, k)  # القبض على رجال الأعمال: a common-noun recipient after its preposition
                    if agent is None and "ال" in (t.prefix or ""):  # ضد القطاع المالي الإيراني: named by its nisba
                        norp = self._nisba_after(d, k)
                        if norp is not None:
                            args.recipient_agent = (d.a.text[t.start : norp.end], "", d.a.text[t.start : norp.end])
                            args.recipient_country = self._country(d, norp)
                            return
                    nxt_name = self._next_words(d, k, 1)
                    if agent is not None and not (nxt_name and nxt_name[0] in d.mention_at and d.mention_at[nxt_name[0]].type != "NORP"):
                        m2 = d.mention_at.get(nxt_name[0]) if nxt_name else None
                        if m2 is not None and m2.type == "NORP":
                            args.recipient_agent = (d.a.text[t.start : m2.end], agent[1], agent[2])
                            args.recipient_country = self._country(d, m2)
                        else:
                            args.recipient_agent = agent
                        return
                continue
            m = d.mention_at[k]
            if m.id in used or self._platform(m):
                continue
            p = self.prep_of(d, k, m)
            etype = self._entity_type(d, m)
            if p in PLACE_PREPS:
                if etype in ("LOC", "COUNTRY") and args.place is None:
                    args.place = m
                continue
            if p == "من" and c.form.entry.type == "REQUEST":
                p = "ل"  # طلب من X، طالب من X: the one asked is the recipient
            if p in SKIP_PREPS or p in TOPIC_PREPS or p == "ك":
                continue
            if p in RECIPIENT_PREPS or (p == "" and direct_ok):
                if m.type == "NORP" and p == "":
                    continue
                if p == "" and not self._phrase_start(d, k, c):
                    continue  # a name inside a longer noun phrase (العاصمة الرباط), not the object
                ms, last = self._phrase(d, k)
                args.recipient = [self.head(d, ms)]
                coords = self._coordinated(d, last, k + 10)
                args.recipient += [cm for _, cm in coords if p == "" or self.prep_of(d, d.mention_tok[cm.id][0], cm) in ("", p)]
                return

    def _phrase_start(self, d: _Doc, k: int, c: Candidate) -> bool:
        """Whether the mention at token ``k`` starts a noun phrase rather than trailing a common noun
        with no preposition (العاصمة الرباط، مدينة خيرسون)."""
        prev = self._prev_words(d, k, 1)
        if not prev or prev[0] == c.tok or (c.cue and c.cue[0] <= prev[0] <= c.cue[1]):
            return True
        if prev[0] in d.mention_at or self._mention_covering(d, prev[0]) is not None:
            return True
        t = d.tokens[prev[0]]
        if self._agent(d, prev[0]) is not None:  # a title before the name: الرئيس ترامب
            return True
        return t.kind != "word" or t.norm in SUBJECT_STOPS or bool(self.readings(t))

    def object_np(self, d: _Doc, c: Candidate, start: int, cands: list[Candidate]) -> tuple[tuple[str, str, str] | None, str | None]:
        """A common-noun object of a verb when no name fills it: an agent noun (الحكومة، المتظاهرين)
        or a noun with a country adjective (دبلوماسيين روسيين). Returns (agent, country)."""
        other = {o.tok for o in cands}
        cue = set(range(c.cue[0], c.cue[1] + 1)) if c.cue else set()
        nxt = self._next_words(d, start, 4)
        for step, k in enumerate(nxt):
            t = d.tokens[k]
            if passive.counted(self, d, k) and t.norm not in STANDALONE_PREPS and k not in other:
                continue  # a count before the noun: اعتقلت الشرطة عشرة أشخاص
            if k in other or k in cue or t.norm in STANDALONE_PREPS or t.kind != "word":
                return None, None
            if k in d.mention_at or self.prep_of_token(d, k):
                return None, None
            agent = self._agent(d, k)
            after = nxt[step + 1 : step + 3]
            if agent is not None and any(j in d.mention_at and d.mention_at[j].type != "NORP" for j in after[:1]):
                return None, None  # a title before a name (الرئيس ترامب): the name is the object
            country = None
            for j in after:
                m = d.mention_at.get(j)
                if m is not None and m.type == "NORP":
                    country = self._country(d, m)
                    break
            if agent or country:
                if agent is None:
                    last = d.mention_tok[d.mention_at[j].id][1]
                    agent = (d.a.text[t.start : d.tokens[last].end], "", "")
                return agent, country
            return None, None
        return None, None

    def prep_of_token(self, d: _Doc, k: int) -> bool:
        """Whether word ``k`` carries a preposition clitic (بـ، لـ، كـ)."""
        pre = (d.tokens[k].prefix or "").lstrip("وف")
        return pre[:1] in ("ب", "ل", "ك")

    def _coordinated_from(self, d: _Doc, k: int) -> list[Mention]:
        nxt = self._next_words(d, k, 4)
        for j in nxt:
            if j in d.mention_at:
                ms, last = self._phrase(d, j)
                return [self.head(d, ms)] + [m for _, m in self._coordinated(d, last, j + 12)]
            if d.tokens[j].norm in STANDALONE_PREPS:
                return []
        return []

    def _country(self, d: _Doc, m: Mention) -> str | None:
        ent = d.entities.get(m.entity or "")
        if ent is None:
            return None
        if ent.country:
            return ent.country
        if ent.type == "COUNTRY" and ent.id.startswith("country:"):
            return ent.id.split(":", 1)[1]
        return None

    def _genitive(self, d: _Doc, c: Candidate) -> list[Mention]:
        nxt = self._next_words(d, c.tok, 1)
        if c.cue and nxt and nxt[0] == c.cue[0]:  # the cue right after the noun: the genitive follows the cue
            nxt = self._next_words(d, c.cue[1], 1)
        if nxt and nxt[0] in d.mention_at:
            m = d.mention_at[nxt[0]]
            if self.prep_of(d, nxt[0], m) == "":
                ms, _ = self._phrase(d, nxt[0])
                return ms
        return []

    def _resolve_pronoun(self, d: _Doc, c: Candidate, quote: Quote | None, state: dict) -> list[Mention]:
        """The nearest earlier subject-like mention in the sentence (inside the quote when quoted)."""
        lo = quote.start if quote else d.a.sentences[c.sentence].start
        best = None
        for j in d.sent_tokens.get(c.sentence, []):
            if j >= c.tok or d.tokens[j].start < lo:
                continue
            m = d.mention_at.get(j)
            if m is None or self._entity_type(d, m) not in ("PERSON", "ORG", "COUNTRY", "GROUP") or self._platform(m):
                continue
            if self.prep_of(d, j, m) != "" or m.type == "NORP":
                continue
            best = m
        if best is not None:
            return [self.head(d, self._phrase(d, d.mention_tok[best.id][0])[0])]
        return list(state.get("last_actor") or []) if state.get("last_sentence", -9) >= c.sentence - 1 else []

    def arguments(self, d: _Doc, c: Candidate, cands: list[Candidate], quote: Quote | None,
                  sent_events: list[tuple[Candidate, Args]], state: dict) -> Args:  # fmt: skip
        args = self._arguments(d, c, cands, quote, sent_events, state)
        if d.tokens[c.tok].norm.removeprefix(c.prefix) in IMPERSONAL and quote is not None and (who := self._speaker_mentions(d, quote)):
            # يجب على قطر أن ...: nobody is the grammatical subject; who says it lays the obligation
            args.actor, args.actor_agent, args.actor_country, args.inherited = who, None, None, True
        if c.cue and not args.recipient and not args.recipient_agent and c.form.entry.type != "PROTEST":
            for k in range(c.cue[0], c.cue[1] + 1):  # بطرد العدد ذاته من الدبلوماسيين: the cue names the recipient
                if (agent := self._agent(d, k)) is not None:  # طرد الدبلوماسيين الروس، استدعى السفير الإيراني
                    norp = self._nisba_after(d, k)
                    args.recipient_agent = agent
                    args.recipient_country = self._country(d, norp) if norp is not None else None
                    break
        passive.assign(self, d, c, args)
        return args

    def _arguments(self, d: _Doc, c: Candidate, cands: list[Candidate], quote: Quote | None,
                   sent_events: list[tuple[Candidate, Args]], state: dict) -> Args:  # fmt: skip
        args = Args()
        person = c.form.person
        speaker_country = self._speaker_country(d, quote)
        if c.form.tense != "noun":
            last = None
            prev_words = self._prev_words(d, c.tok, 1)
            clause_start = not prev_words
            nxt = self._next_words(d, c.tok, 1)
            resumptive = bool(nxt) and d.tokens[nxt[0]].norm in RESUMPTIVE
            if sent_events and clause_start and resumptive:
                prev = sent_events[-1][1]
                args.actor, args.actor_agent, args.actor_country = prev.actor, prev.actor_agent, prev.actor_country
                args.compound = prev.compound or (bool(prev.recipient) and prev.compound)
                if prev.compound and prev.recipient:
                    args.actor = prev.actor + prev.recipient
                    args.compound = True
                args.inherited = True
                self.recipients(d, c, args, nxt[0], cands)
                return args
            if prev_words and d.tokens[prev_words[0]].norm in HIS_COUNTRY and (speaker_country or quote is None):
                # إن بلاده ستفرض: the speaker's country
                args.actor_country = speaker_country or self._sentence_person_country(d, c)
                if args.actor_country:
                    args.inherited = True
                    self.recipients(d, c, args, c.tok, cands)
                    return args
            if person in ("3", "t") and prev_words and d.tokens[prev_words[0]].norm in PRONOUN_COMPS:
                # قال ترامب إنه سيلتقي بوتين: the pronoun is the subject, the name after the verb its object
                args.actor = self._speaker_mentions(d, quote) if quote is not None else []
                if not args.actor:
                    args.actor = self._resolve_pronoun(d, c, None, state)
                if not args.actor:  # أعلنت أجهزة الإنقاذ أنها أنقذت: the common-noun subject before
                    args.actor_agent = self._agent_before(d, c)
                args.inherited = True
                self.recipients(d, c, args, c.tok, cands)
                return args
            if person in ("1p", "1s") and quote is not None:
                if person == "1s" and quote.speaker:
                    args.actor_country = None
                    args.actor = self._speaker_mentions(d, quote)
                else:
                    args.actor_country = speaker_country
                args.inherited = True
            else:
                # a name just before the verb is its subject (SVO), unless an earlier verb of the same
                # clause has it as object (التقى ماكرون السيسي وبحثا ...)
                earlier = any(o.tok < c.tok and o.clause == c.clause for o in cands)
                before = [] if earlier else self.subject_before(d, c)
                if before:
                    args.actor = before
                    args.subject_first = True
                elif not earlier and (agent_before := self._agent_subject_before(d, c)) is not None:
                    args.actor_agent, args.actor_country = agent_before
                    args.subject_first = True
                else:
                    last = self.subject_after(d, c, args)
                if not args.actor and not args.actor_agent:
                    if person == "t" and quote is not None and self._has_word_before(d, c, FIRST_PERSON_CUES):
                        args.actor = self._speaker_mentions(d, quote)
                    elif sent_events:
                        prev = sent_events[-1][1]
                        args.actor, args.actor_agent, args.actor_country = prev.actor, prev.actor_agent, prev.actor_country
                    elif state.get("last_sentence", -9) >= c.sentence - 1:  # the subject of the sentence before
                        args.actor = list(state.get("last_actor") or [])
                        if not args.actor and state.get("last_agent"):
                            args.actor_agent, args.actor_country = state["last_agent"]
                    args.inherited = True
            start = last if last is not None else c.tok
            self.recipients(d, c, args, start, cands)
            return args
        # verbal nouns
        gen = self._genitive(d, c)
        start = c.cue[1] if c.cue else c.tok
        if gen and c.suffix in ("ه", "ها", "هم", "هما", "نا"):
            # دعمهم الأسد: the pronoun is the subject, the name after it the object
            args.recipient = [self.head(d, gen)]
            start = d.mention_tok[gen[-1].id][1]
            gen = []
        if gen:
            etype = self._entity_type(d, self.head(d, gen))
            object_gen = c.form.entry.mode in OBJECT_GENITIVE_MODES or etype == "LOC" or (
                normalize_word(c.form.entry.lemma) in RESULT_NOUNS
            )
            if self._lam_object_after(d, d.mention_tok[gen[-1].id][1]):
                object_gen = False  # اقتحام الوزير للمسجد، اغتيال إسرائيل للقائد: subject genitive, ل object
            if object_gen:
                args.recipient = [self.head(d, gen)]
            else:
                args.actor = gen if self.head(d, gen).type != "NORP" else []
                if not args.actor:
                    args.actor_country = self._country(d, gen[0])
            start = d.mention_tok[gen[-1].id][1]
        elif not c.cue and (gen_agent := self._genitive_agent(d, c)) is not None:
            # a common-noun genitive: اجتماع وزير الخارجية الأمريكي، استهداف المقر العسكري، إجلاء 4 أطفال
            agent, country, last = gen_agent
            object_gen = c.form.entry.mode in OBJECT_GENITIVE_MODES or normalize_word(c.form.entry.lemma) in RESULT_NOUNS or (
                c.form.entry.type in OBJECT_TYPES
            )
            if self._lam_object_after(d, last):
                object_gen = False
            if object_gen:
                args.recipient_agent, args.recipient_country = agent, country
            elif agent[1] or country:  # a doer needs to be a known kind of party
                args.actor_agent, args.actor_country = agent, country
            start = last
        if c.cue and not args.actor and not args.actor_country and (cm := d.mention_at.get(c.cue[0])) and cm.type == "NORP":
            args.actor_country = self._country(d, cm)  # العقوبات الأميركية: sanctions of the United States
        if normalize_word(c.form.entry.lemma) in HAL_PARTICIPLES and not args.actor and not args.actor_agent:
            # نافية التقارير: a circumstantial participle shares the subject of its sentence
            args.actor = self._resolve_pronoun(d, c, quote, state)
            if not args.actor:
                args.actor_agent = self._agent_before(d, c)
            args.inherited = True
        suffix = c.suffix
        if not suffix and c.cue:
            cue_tok = d.tokens[c.cue[1]]
            suffix = next((s for _, _, s in analyses(cue_tok.norm, True) if s), "")
        if not args.actor and not args.actor_country:
            if suffix == "نا" and quote is not None:
                args.actor_country = speaker_country
                args.inherited = True
            elif suffix in ("ه", "ها", "هم", "هما"):
                args.actor = self._resolve_pronoun(d, c, quote, state)
                if not args.actor:  # تفتيشها after الشرطة: a common-noun subject earlier in the sentence
                    args.actor_agent = self._agent_before(d, c)
                args.inherited = True
            elif gen and args.recipient:
                pass
            else:
                before = self._clause_subject(d, c)
                if before:
                    args.actor = before
                else:  # a common-noun subject just before: نظم عمال الموانئ إضرابا، دخل المعتقلون في إضراب
                    for k in [j for j in self._prev_words(d, c.tok, 8) if j not in d.time_toks][:3]:
                        if d.tokens[k].norm in SUBJECT_STOPS:
                            break
                        agent = self._agent(d, k)
                        if agent is not None:
                            args.actor_agent = agent
                            break
        if not args.recipient:
            self.recipients(d, c, args, start, cands)
        if not args.actor and not args.actor_country and not args.actor_agent:
            speaker = d.entities.get(quote.speaker or "") if quote is not None else None
            if speaker is not None and speaker.type == "PERSON" and c.form.entry.type in COOPERATIVE | {"AGREE"} and speaker_country:
                args.actor_country = speaker_country
                args.inherited = True
        return args

    def _genitive_agent(self, d: _Doc, c: Candidate) -> tuple[tuple[str, str, str], str | None, int] | None:
        """The common-noun phrase right after a verbal noun: (agent, country, last token), or None. An agent
        noun (الجيش، وزير) gives its sector; a count with a noun (4 أطفال) or a definite noun with a nisba
        or genitive (المقر العسكري) is an unnamed party."""
        nxt = self._next_words(d, c.tok, 4)
        if not nxt or self.prep_of_token(d, nxt[0]) or d.tokens[nxt[0]].norm in STANDALONE_PREPS:
            return None
        k = 0
        while k < len(nxt) - 1 and (passive.counted(self, d, nxt[k]) or (k > 0 and d.tokens[nxt[k]].norm == "من")):
            k += 1  # أكثر من 20 حوثيا: the count and what it counts
        head = nxt[k]
        t = d.tokens[head]
        if t.kind != "word" or head in d.mention_at or self.readings(t):
            return None
        trig = d.tokens[c.tok].norm
        if k == 0 and trig.endswith("ا") and t.norm.endswith("ا") and "ال" not in (t.prefix or ""):
            return None  # هجوما انتحاريا: an adjective agreeing with an indefinite accusative, not a genitive
        agent = self._agent(d, head)
        last, country = head, None
        after = nxt[k + 1] if k + 1 < len(nxt) else None
        if after is not None and after in d.mention_at and d.mention_at[after].type == "NORP":
            last, country = d.mention_tok[d.mention_at[after].id][1], self._country(d, d.mention_at[after])
        if agent is None and country is None and not (k > 0 or "ال" in (t.prefix or "")):
            return None
        text = d.a.text[d.tokens[nxt[0]].start : d.tokens[last].end]
        if agent is not None and last == head and k == 0:
            text = agent[0]  # the agent's own phrase (الوزير الإسرائيلي)
        return (text, agent[1] if agent else "", agent[2] if agent else text), country, last

    def _sentence_person_country(self, d: _Doc, c: Candidate) -> str | None:
        """The country of the first person named earlier in the sentence (وقال بومبيو إن بلاده ...)."""
        for j in d.sent_tokens.get(c.sentence, []):
            if j >= c.tok:
                break
            m = d.mention_at.get(j)
            if m is not None and self._entity_type(d, m) == "PERSON":
                ent = d.entities.get(m.entity or "")
                if ent is not None:
                    return ent.country or next((r.country for r in ent.roles if r.country), None)
        return None

    def _agent_subject_before(self, d: _Doc, c: Candidate) -> tuple[tuple[str, str, str], str | None] | None:
        """A common-noun subject right before the verb after أن/إن or at the clause start (كشف أن الشرطة
        أحبطت، الأساتذة يطالبون): (agent, country) or None."""
        prev = self._prev_words(d, c.tok, 4)
        for i, k in enumerate(prev):
            m = d.mention_at.get(k)
            if m is not None and m.type == "NORP":
                continue  # الشرطة البريطانية أحبطت: the nisba after the noun
            agent = self._agent(d, k)
            if agent is None:
                return None
            before = prev[i + 1] if i + 1 < len(prev) else None
            if before is None or d.tokens[before].norm in COMPLEMENTIZERS:
                nisba = next((d.mention_at[j] for j in prev[:i] if j in d.mention_at and d.mention_at[j].type == "NORP"), None)
                return agent, (self._country(d, nisba) if nisba is not None else None)
            return None
        return None

    def _agent_before(self, d: _Doc, c: Candidate) -> tuple[str, str, str] | None:
        """The nearest agent noun before the trigger in its sentence, not behind a preposition."""
        for k in self._prev_words(d, c.tok, 12, same_clause=False):
            agent = self._agent(d, k)
            if agent is not None and not self.prep_of_token(d, k) and not self._prev_is(d, k, STANDALONE_PREPS):
                return agent
        return None

    def _clause_subject(self, d: _Doc, c: Candidate) -> list[Mention]:
        """For a verbal noun: the subject of the clause it sits in (شارك منير في اجتماع ...)."""
        for k in self._prev_words(d, c.tok, 3):
            owner = self._mention_covering(d, k)
            if owner is None:
                continue
            first = d.mention_tok[owner.id][0]
            if (
                self.prep_of(d, first, owner) == ""
                and owner.type != "NORP"
                and self._entity_type(d, owner) in ("PERSON", "ORG", "GROUP")
            ):
                return [self.head(d, self._phrase(d, first)[0])]
        return []

    def _has_word_before(self, d: _Doc, c: Candidate, words: frozenset[str]) -> bool:
        return any(d.tokens[j].norm in words for j in self._prev_words(d, c.tok, 4))

    def _speaker_mentions(self, d: _Doc, quote: Quote | None) -> list[Mention]:
        if quote is None or not quote.speaker:
            return []
        ent = d.entities.get(quote.speaker)
        if ent is None:
            return []
        for m in d.a.mentions:
            if m.id in ent.mentions or m.entity == ent.id:
                return [m]
        return []

    def _speaker_country(self, d: _Doc, quote: Quote | None) -> str | None:
        if quote is None or not quote.speaker:
            return None
        ent = d.entities.get(quote.speaker)
        if ent is None:
            return None
        if ent.country:
            return ent.country
        for r in ent.roles:
            if r.country:
                return r.country
        return None

    # --- building events -------------------------------------------------------------------------

    def actor_of(self, d: _Doc, ms: list[Mention], *, agent: tuple[str, str, str] | None = None,
                 country: str | None = None) -> Actor | None:  # fmt: skip
        if len(ms) > 1:
            members = [self.actor_of(d, [m]) for m in ms]
            members = [m for m in members if m is not None]
            ids = [m.entity or m.text for m in members]
            names = [m.name_en or m.text for m in members]
            countries = {m.country for m in members}
            return Actor(
                entity=None,
                text="، ".join(m.text for m in members),
                name_en=", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0],
                country=countries.pop() if len(countries) == 1 else None,
                sector=None,
                members=ids,
            )
        if ms:
            m = ms[0]
            ent = d.entities.get(m.entity or "")
            if ent is None:
                return Actor(entity=None, text=m.text, name_en=None, country=None, sector=None)
            sector = ent.sector or next((r.sector for r in ent.roles if r.sector), None)
            name_en = ent.name_en
            if ent.type == "COUNTRY" and m.type in ("LOC", "GPE") and normalize_word(m.text) != normalize_word(ent.name):
                name_en = _city_name(m.text, self._country(d, m)) or name_en  # واشنطن for the United States
            return Actor(entity=ent.id, text=m.text, name_en=name_en, country=self._country(d, m), sector=sector)
        if agent is not None:
            text, sector, en = agent
            cname = _country_name(country) if country else None
            name = f"{cname} {en.removeprefix('the ')}" if cname and cname not in en else en
            return Actor(entity=None, text=text, name_en=name,
                         country=country, sector=sector)  # fmt: skip
        if country:
            ent = next((e for e in d.entities.values() if e.type == "COUNTRY" and self._ent_country(e) == country), None)
            text = ent.name if ent else country
            return Actor(entity=ent.id if ent else None, text=text, name_en=(ent.name_en if ent else None)
                         or _country_name(country), country=country, sector=None)  # fmt: skip
        return None

    def _ent_country(self, e: Entity) -> str | None:
        if e.country:
            return e.country
        if e.id.startswith("country:"):
            return e.id.split(":", 1)[1]
        return None

    def code(self, a: Analysis) -> list[Event]:
        if not a.tokens or not a.sentences:
            return []
        d = _build_doc(a)
        state: dict = {"last_actor": None, "last_country": None}
        built: list[tuple[Event, Candidate, bool]] = []
        order = [i for i in range(len(a.sentences)) if i not in d.title_sentences]
        order += sorted(d.title_sentences)
        for s in order:
            cands = self.find_triggers(d, s)
            cands = [c for c in cands if self.keep(d, c, cands)]
            d.trigger_toks[s] = [(c.tok, c.form.entry.type) for c in cands]
            sent_events: list[tuple[Candidate, Args]] = []
            sent_built: list[Event] = []
            for c in cands:
                quote = self._quote_at(d, d.tokens[c.tok].start)
                args = self.arguments(d, c, cands, quote, sent_events, state)
                ev = self._event(d, c, args, quote)
                if ev is None:
                    continue
                sent_events.append((c, args))
                merged = self._merge_into(sent_built, ev)
                if merged is None:
                    sent_built.append(ev)
                    built.append((ev, c, s in d.title_sentences))
                if args.actor and not args.inherited:
                    state["last_actor"] = [self.head(d, args.actor)] if not args.compound else args.actor
                    state["last_agent"] = None
                    state["last_sentence"] = s
                elif args.actor:
                    state["last_actor"] = args.actor
                    state["last_agent"] = None
                    state["last_sentence"] = s
                elif args.actor_agent and not args.inherited:  # الأساتذة ... ويطالبون: an agent subject carries on
                    state["last_actor"] = []
                    state["last_agent"] = (args.actor_agent, args.actor_country)
                    state["last_sentence"] = s
            self._attach_quantities(d, s, [(e, c) for e, c, _ in built if c.sentence == s])
        events = self._merge_document(built)
        events.sort(key=lambda e: (e.sentence in d.title_sentences, e.trigger.start))
        en = {id(e): _en(e, c) for e, c, _ in built}
        for n, e in enumerate(events, 1):
            e.id = f"ev{n}"
            e.summary_en = render_event(e, a, en.get(id(e)))
        return events

    def _quote_at(self, d: _Doc, offset: int) -> Quote | None:
        best = None
        for q in d.quotes:
            if q.start <= offset < q.end and (best is None or q.end - q.start < best.end - best.start):
                best = q
        return best

    def _event(self, d: _Doc, c: Candidate, args: Args, quote: Quote | None) -> Event | None:
        entry = c.form.entry
        actor = self.actor_of(d, args.actor, agent=args.actor_agent, country=args.actor_country)
        recipient = self.actor_of(d, args.recipient) if args.recipient else None
        if recipient is None and (args.recipient_agent or args.recipient_country):
            agent = args.recipient_agent
            if agent is not None and not agent[2]:  # a noun with a country adjective: name it by the country
                cname = _country_name(args.recipient_country)
                agent = (agent[0], agent[1], f"{cname} (unnamed party)" if cname else agent[0])
            recipient = self.actor_of(d, [], agent=agent, country=args.recipient_country)
        if args.compound and entry.type in COOPERATIVE | {"AGREE"} and entry.mode != "visit" and recipient is not None:
            # PLOVER: reciprocal events list every party as the actor and have no recipient
            parts = list(args.actor) + list(args.recipient)
            if not args.actor and actor is not None and args.actor_country:
                parts = list(args.recipient)
                merged = self.actor_of(d, parts)
                if merged is not None and actor.entity:
                    merged.members = [actor.entity, *merged.members]
                    merged.name_en = f"{actor.name_en}, {merged.name_en}"
                actor = merged if merged is not None and actor.entity else self._join(actor, recipient)
            else:
                actor = self.actor_of(d, _dedupe(parts))
            recipient = None
        if actor is None and recipient is None and args.place is None and c.form.tense == "noun" and not self._anchored(d, c):
            return None  # a verbal noun with no party and no place (الدعم، الاجتماع) is not an event report
        # a verb with no party resolved (no names, or the layers below are missing) is still reported,
        # with a low confidence, so that detection does not hang on NER
        if actor is not None and recipient is not None and (_same(actor, recipient) or self._same_state(d, actor, recipient)):
            recipient = None
        tok = d.tokens[c.tok]
        trigger = Span(tok.start, tok.end, tok.text)
        sent = d.a.sentences[c.sentence]
        evidence = Span(sent.start, sent.end, sent.text)
        mode = entry.mode
        etype = entry.type
        cameo = entry.cameo
        clause_norms = {d.tokens[j].norm for j in d.sent_tokens[c.sentence] if d.clause_of[j] == c.clause}
        if etype == "CONSULT" and mode is None:
            if clause_norms & PHONE_CUES:
                mode = "phone"
            elif clause_norms & MULTILATERAL_CUES or entry.lemma == "قمة":
                mode = "multilateral"
        if cameo == "043" and recipient is not None and actor is not None:
            actor, recipient = recipient, actor  # PLOVER: the visitor is the actor, the host the recipient
        place = None
        if args.place is not None:
            place = self.actor_of(d, [args.place])
        elif mode == "visit" and recipient is not None and recipient.entity:
            ent = d.entities.get(recipient.entity)
            if ent is not None and ent.type in ("LOC", "COUNTRY"):
                place = recipient
        mod: Modality = detect_modality(self, d, c, quote)
        if mod.intended and etype in COOPERATIVE:
            etype, cameo, mode = "AGREE", AGREE_CAMEO[etype], None
        elif mod.intended and etype == "RETREAT":
            etype, cameo = "CONCEDE", "080"
        ev = Event(
            id="",
            type=etype,
            sentence=c.sentence,
            trigger=trigger,
            evidence=evidence,
            mode=mode,
            cameo=cameo,
            actor=actor,
            recipient=recipient,
            place=place,
            modality=mod.modality,
            speaker=quote.speaker if quote is not None else None,
            quote=quote.id if quote is not None else None,
            confidence=round(
                0.9 - (0.15 if args.inherited else 0.0) - (0.1 if actor is None else 0.0)
                - (0.3 if actor is None and recipient is None else 0.0), 2),
        )
        self._date(d, c, ev, quote, mod)
        pub = d.a.document.published
        old = bool(ev.date and pub and ev.date[:4].isdigit() and int(ev.date[:4]) < int(pub[:4]) - 1)
        if ev.modality in ("asserted", "reported") and old:  # dated two or more years before publication
            ev.modality = "historical"
        return ev

    def _same_state(self, d: _Doc, actor: Actor, recipient: Actor) -> bool:
        """A state acting on itself (the British government -> Britain, Washington -> the United States) is
        no dyad; a domestic party with a sector (the police -> protesters) is."""
        if not actor.country or actor.country != recipient.country or actor.members or recipient.members:
            return False
        ent = d.entities.get(recipient.entity or "")
        if not actor.sector and not recipient.sector:
            return True
        # an organ of the state acting on the state itself; a company shipping home is a dyad (BUS -> USA)
        return ent is not None and ent.type in ("COUNTRY", "LOC") and actor.sector in STATE_SECTORS

    def _anchored(self, d: _Doc, c: Candidate) -> bool:
        """Violence and protest happen without a named party: a noun of them (مظاهرات، إطلاق نار) is
        reported when its sentence places, dates or counts something."""
        if c.form.entry.type not in ("ASSAULT", "PROTEST"):
            return False
        s = c.sentence
        if d.times_by_sent.get(s) or d.qty_by_sent.get(s):
            return True
        return any(
            self._entity_type(d, m) in ("LOC", "COUNTRY") for k in d.sent_tokens.get(s, []) if (m := d.mention_at.get(k))
        )

    def _join(self, a: Actor, b: Actor) -> Actor:
        return Actor(entity=None, text=f"{a.text}، {b.text}", name_en=f"{a.name_en or a.text} and {b.name_en or b.text}",
                     country=None, sector=None, members=[*(a.members or [a.entity or a.text]),
                                                          *(b.members or [b.entity or b.text])])  # fmt: skip

    # --- 5. date, duration, amounts, objects ------------------------------------------------------

    def _date(self, d: _Doc, c: Candidate, ev: Event, quote: Quote | None, mod: Modality) -> None:
        times = [t for t in d.times_by_sent.get(c.sentence, []) if t.type in ("date", "range") and _iso(t.value)]
        pos = d.tokens[c.tok].start
        if times:
            same = [t for t in times if d.clause_of[d.tok_at(t.start)] == c.clause]
            pool = same or times
            # a time after another trigger dates that one: طالبت ... بتحمل مسؤوليتها في إسقاط الطائرة صيف 2014
            later = [k for k, typ in d.trigger_toks.get(c.sentence, []) if k > c.tok and typ != c.form.entry.type]
            pool = [t for t in pool if t.start <= pos or not any(pos < d.tokens[k].start < t.start for k in later)]
        if times and pool:
            before = [t for t in pool if t.start <= pos]
            pick = before[-1] if before else min(pool, key=lambda t: abs(t.start - pos))
            ev.date, ev.date_granularity, ev.time = pick.value, pick.granularity, pick.id
            ev.date_source = "time"
        elif quote is not None and quote.speaker and ev.type in VERBAL and mod.modality != "historical":
            pick = self._speech_time(d, quote)
            if pick is not None:
                ev.date, ev.date_granularity, ev.time = pick.value, pick.granularity, pick.id
                ev.date_source = "speech"
        vague = [t for t in d.times_by_sent.get(c.sentence, []) if t.value in ("PAST_REF", "FUTURE_REF")
                 and d.clause_of[d.tok_at(t.start)] == c.clause]  # fmt: skip
        if ev.date is None and vague:
            # مؤخرا: the recent past, not the publication day; the event stays undated, linked to its time
            ev.time, ev.date_source = vague[0].id, "time"
            return
        tensed = c.form.tense in ("past", "present") and not mod.intended
        # a verbal noun told as news (أعلنت الشرطة مقتل ثلاثة) happened when the article says, unless the
        # sentence dates something else or sets it in the past (منذ اغتيال الحريري)
        nominal_news = (
            c.form.tense == "noun"
            and not d.times_by_sent.get(c.sentence)
            and not self._prev_is(d, c.tok, BACKGROUND_WORDS)
        )
        if ev.date is None and (tensed or nominal_news) and mod.modality in ("asserted", "reported") and d.a.document.published:
            ev.date, ev.date_granularity, ev.date_source = d.a.document.published, "day", "publication"
        for t in d.times_by_sent.get(c.sentence, []) + d.qty_by_sent.get(c.sentence, []):  # type: ignore[operator]
            iso = getattr(t, "iso", None) if isinstance(t, Quantity) else (t.value if t.type == "duration" else None)
            if not iso or not iso.startswith("P") or t.start < pos:
                continue
            prev = self._prev_words(d, d.tok_at(t.start), 2, same_clause=False)
            if any(d.tokens[j].norm in DURATION_CUES for j in prev):
                ev.duration = iso
                break

    def _speech_time(self, d: _Doc, quote: Quote) -> TimeExpr | None:
        """When the quoted speaker spoke: a day in a sentence naming the speaker and a speech word."""
        sents = [d.tokens[d.tok_at(quote.start)].sentence]
        ent = d.entities.get(quote.speaker or "")
        if ent is not None:
            ids = set(ent.mentions)
            sents += sorted({m.sentence for m in d.a.mentions if m.id in ids or m.entity == ent.id})
        for s in sents:
            times = [t for t in d.times_by_sent.get(s, []) if t.type == "date" and _iso(t.value) and t.granularity == "day"]
            if not times:
                continue
            norms = {d.tokens[j].norm for j in d.sent_tokens.get(s, [])}
            norms |= {b for n in list(norms) for b in bare_forms(n)}
            if norms & SPEECH_WORDS:
                return times[0]
        return None

    def _attach_quantities(self, d: _Doc, s: int, evs: list[tuple[Event, Candidate]]) -> None:
        if not evs:
            return
        evs = sorted(evs, key=lambda ec: ec[1].tok)

        def owner(offset: int) -> Event:
            before = [e for e, c in evs if d.tokens[c.tok].start <= offset]
            return before[-1] if before else evs[0][0]

        for q in d.qty_by_sent.get(s, []):
            ev = owner(q.start)
            wanted = q.kind == "money" or (q.kind == "count" and ev.type in CONFLICT_TYPES)
            if wanted and q.id not in ev.amounts:
                ev.amounts.append(q.id)
        seq = [j for j in d.sent_tokens.get(s, []) if d.tokens[j].kind == "word"]
        index = self._object_index()
        k = 0
        while k < len(seq):
            hit = None
            firsts = {b for _, b, suf in analyses(d.tokens[seq[k]].norm, True) if not suf}
            for words, en in (o for f in firsts for o in index.get(f, ())):
                if self._match_object(d, seq, k, words) and (hit is None or len(words) > hit[0]):
                    hit = (len(words), en)
            if hit:
                ev = owner(d.tokens[seq[k]].start)
                if hit[1] not in ev.objects:
                    ev.objects.append(hit[1])
                k += hit[0]
            else:
                k += 1

    # --- 6. merging ------------------------------------------------------------------------------

    def _merge_into(self, events: list[Event], ev: Event) -> Event | None:
        for e in events:
            if e.type != ev.type or e.modality != ev.modality:
                continue
            if not (_compatible(e.actor, ev.actor) and _compatible(e.recipient, ev.recipient)):
                continue
            if e.mode and ev.mode and e.mode != ev.mode:
                continue
            _fill(e, ev)
            return e
        return None

    def _merge_document(self, built: list[tuple[Event, Candidate, bool]]) -> list[Event]:
        out: list[Event] = []
        for ev, c, is_title in built:
            target = None
            for e in out:
                if e.type != ev.type or not ev.actor or not e.actor:
                    continue
                if e.modality != ev.modality and not is_title:
                    continue
                if _key(e.actor) != _key(ev.actor) or not _compatible(e.recipient, ev.recipient):
                    continue
                if e.date and ev.date and e.date != ev.date and not is_title:
                    continue
                same_speaker = ev.speaker is not None and ev.speaker == e.speaker
                nominal_anaphora = c.form.tense == "noun" and "ال" in c.prefix
                if is_title or same_speaker or nominal_anaphora:
                    target = e
                    break
            if target is None:
                out.append(ev)
            else:
                _fill(target, ev)
        return out


def _iso(value: str | None) -> bool:
    """A resolved calendar value (2025-06, 2025-W43), not a TimeML reference like PAST_REF."""
    return bool(value) and value[:4].isdigit()  # type: ignore[index]


def _en(e: Event, c: Candidate) -> tuple[str, str]:
    entry = c.form.entry
    if entry.type != e.type:  # recoded by PLOVER's future rule
        return f"expressed intent to {entry.en_base}", f"express intent to {entry.en_base}"
    return entry.en_past, entry.en_base


def _key(a: Actor | None) -> tuple:
    if a is None:
        return ()
    if a.members:
        return tuple(sorted(a.members))
    return (a.entity or a.country or a.text,)


def _same(a: Actor, b: Actor) -> bool:
    return _key(a) == _key(b) or (a.entity is not None and a.entity == b.entity)


def _compatible(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None:
        return True
    if (a.entity is None or b.entity is None) and not (a.members or b.members) and a.country and a.country == b.country:
        return True  # an unnamed party (رئيسا أمريكيا) is compatible with a named one of its country
    ka, kb = set(_key(a)), set(_key(b))
    return ka == kb or ka <= kb or kb <= ka


def _fill(target: Event, other: Event) -> None:
    if target.recipient is None and other.recipient is not None:
        target.recipient = other.recipient
    if other.actor is not None and target.actor is not None and len(_key(other.actor)) > len(_key(target.actor)):
        target.actor = other.actor
    for name in ("place", "date", "date_granularity", "time", "duration", "mode", "date_source"):
        if getattr(target, name) is None and getattr(other, name) is not None:
            setattr(target, name, getattr(other, name))
    if target.date_source == "publication" and other.date_source in ("time", "speech"):
        target.date, target.date_granularity, target.time, target.date_source = (
            other.date, other.date_granularity, other.time, other.date_source)
    for q in other.amounts:
        if q not in target.amounts:
            target.amounts.append(q)
    for o in other.objects:
        if o not in target.objects:
            target.objects.append(o)


def _dedupe(ms: Iterable[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in ms:
        key = m.entity or m.id
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _city_name(text: str, iso3: str | None) -> str | None:
    """English name of a capital or city written ``text`` in country ``iso3`` (gazetteer), if any."""
    try:
        from marsad.gazetteer import lookup
    except ImportError:  # pragma: no cover - the gazetteer ships with marsad
        return None
    try:
        entries = lookup(text)
    except Exception:  # a gazetteer problem must not stop event coding
        log.debug("gazetteer lookup failed for %r", text, exc_info=True)
        return None
    for e in entries:
        if e.kind in ("capital", "city") and (iso3 is None or e.iso3 == iso3):
            return e.name_en.split(",")[0]
    return None


def _country_name(code: str | None) -> str | None:
    if not code:
        return None
    from marsad.events.render import country_name

    return country_name(code)

"""Finding quotations and reported speech, and who said them.

The work happens sentence by sentence over the text layer's tokens:

1. quotation marks are matched over the whole document (:mod:`marsad.quotes.marks`), so a quotation
   may run over sentences and paragraphs; speech cues inside a quotation are the speaker's own
   words and never start a new quote;
2. cues are found in the lexicons (:mod:`marsad.quotes.lexicon`): speech verbs in every person,
   participles (مؤكدًا أن), passives (قيل), question cues (سُئل، ردًا على سؤال) and nominal cues
   (وفقًا لـ، بحسب، في بيان);
3. each verb cue looks for its frame after the speaker's noun phrase: a colon or a quotation mark
   (a direct quote), a complementiser (إن، أن، بأن، إلى أن: indirect speech, the clause up to the
   next clause boundary), or a prepositional complement (دعا إلى، حذّر من); quotation marks inside
   reported content are partial quotes of the same speaker;
4. the speaker comes from the noun phrase after the verb (an entity mention; a title such as
   الوزير الأمريكي resolved to the person it names earlier; a statement of an organisation, بيان صادر
   عن الشركة, resolved to the company named earlier), from the subject of the sentence (participles,
   a subject before the verb), or from the previous quote (وأضاف: / وتابع موضحًا:). Anything quoted
   from a question put to the speaker is attributed to nobody (speaker unknown), never guessed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from marsad.model import Analysis, Mention, Quote, Span, Token
from marsad.quotes.lexicon import QuoteLexicon, VerbForm, default_lexicon
from marsad.quotes.marks import Marked, find_marked

SPEAKER_TYPES = ("PERS", "ORG", "LOC", "GPE", "NORP", "MISC")
COMPLEMENTISERS = frozenset(
    p + "ان" + s for p in ("", "ب") for s in ("", "ه", "ها", "هم", "هما", "هن", "نا", "ني", "ي", "ك", "كم")
)
NOT_AFTER = frozenset(
    {
        "بعد",
        "قبل",
        "منذ",
        "حتي",
        "دون",
        "بدون",
        "يمكن",
        "يجب",
        "لابد",
        "يمكنه",
        "اراد",
        "قرر",
        "غير",
        "الا",
        "رغم",
        "لو",
    }
)
PUNCT_STOP = frozenset({".", "!", "?", "؟", "…"})
COMMAS = frozenset({"،", ",", "؛", ";", "-", "–", "—"})
POSTPOSED_VIA = ("بحسب", "حسب", "حسبما", "وفقا", "نقلا", "طبقا", "علي")
CUE_PHRASES = ("question", "aside", "via", "boundary")
NP_FRAMES = {"الي": "ILA", "من": "MIN", "علي": "ALA"}  # preposition -> frame of a noun-phrase complement
MAX_REGION = 9  # tokens in the speaker's noun phrase
MAX_FRAME = 26  # tokens from the verb to its complement
CONTINUATION_PARAGRAPHS = 3  # how far back a continuation (وأضاف:) may find its speaker
STANDALONE_MIN_WORDS = 5  # a quotation with no cue at all counts only when it is this long


@dataclass(slots=True)
class Cue:
    lo: int  # token indices [lo, hi)
    hi: int
    cls: str  # verb class (say, describe, answer, passive, question) or phrase class
    form: VerbForm | None = None
    enabled: bool = True

    @property
    def participle(self) -> bool:
        return bool(self.form and self.form.participle)


@dataclass(slots=True)
class Speaker:
    entity: str | None
    text: str | None
    span: Span | None
    attribution: str
    paragraph: int = 0


def strip_al(norm: str) -> str:
    for p in ("وال", "فال", "بال", "لل", "ال"):
        if norm.startswith(p) and len(norm) > len(p) + 1:
            return norm[len(p) :]
    return norm


class Detector:
    """Runs over one Analysis; holds the per-document indexes."""

    def __init__(self, analysis: Analysis, lexicon: QuoteLexicon | None = None) -> None:
        self.a = analysis
        self.lex = lexicon or default_lexicon()
        self.text = analysis.document.text
        self.tokens: list[Token] = analysis.tokens
        self.starts = [t.start for t in self.tokens]
        self.marks: list[Marked] = find_marked(self.text)
        self.mark_open = {m.open: m for m in self.marks}
        self.prot = [(m.open, (m.close if m.close is not None else m.end) + 1) for m in self.marks]
        self.prot_starts = [p[0] for p in self.prot]
        self.consumed: set[int] = set()  # opens of marks already used
        self._phrases_at: dict[int, list[tuple[str, int]]] = {}
        self.mentions = sorted(
            (m for m in analysis.mentions if m.type in SPEAKER_TYPES or m.entity), key=lambda m: (m.start, -m.end)
        )
        self.mention_starts = [m.start for m in self.mentions]
        self.entity_types = {e.id: e.type for e in analysis.entities}
        self.entity_names = {e.id: e.name for e in analysis.entities}
        self.quotes: list[Quote] = []
        self.last: Speaker | None = None
        self.contents: list[tuple[int, int]] = []  # reported content spans (not subjects)
        self._bounds: dict[int, tuple[int, int]] = {}
        # one pass over the tokens: sentence bounds, and the tokens that may start a cue
        forms = self.lex.forms
        keys = self.lex.cue_keys(CUE_PHRASES)
        cands: list[int] = []
        bounds = self._bounds
        prev, first = -1, 0
        for i, t in enumerate(self.tokens):
            if t.sentence != prev:
                if prev >= 0:
                    bounds[prev] = (first, i)
                prev, first = t.sentence, i
            if t.norm in keys or (t.suffix and t.stem in forms and t.kind == "word"):
                cands.append(i)
        if prev >= 0:
            bounds[prev] = (first, len(self.tokens))
        self._cands = cands

    # --- small helpers --------------------------------------------------------------------------

    def inside_mark(self, pos: int) -> Marked | None:
        k = bisect_right(self.prot_starts, pos) - 1
        if k >= 0 and self.prot[k][0] < pos < self.prot[k][1]:
            return self.marks[k]
        return None

    def base(self, t: Token) -> tuple[str, ...]:
        """The token's normalised form, and without a leading و/ف."""
        n = t.norm
        if len(n) > 2 and n[0] in "وف":
            return (n, n[1:])
        return (n,)

    def tok_at(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def span(self, s: int, e: int) -> Span:
        return Span(s, e, self.text[s:e])

    def tokens_span(self, lo: int, hi: int) -> Span:
        return self.span(self.tokens[lo].start, self.tokens[hi - 1].end)

    def paragraph_of(self, sent: int) -> int:
        return self.a.sentences[sent].paragraph if sent < len(self.a.sentences) else 0

    # --- cues -----------------------------------------------------------------------------------

    def match_phrase(self, i: int, hi: int, classes: tuple[str, ...]) -> tuple[str, int] | None:
        """The longest phrase cue of one of ``classes`` starting at token ``i`` and ending by ``hi``
        (class, end token)."""
        found = self._phrases_at.get(i)
        if found is None:
            found = self._phrases_at[i] = self._all_phrases_at(i)
        best: tuple[str, int] | None = None
        for cls, end in found:
            if cls in classes and end <= hi and (best is None or end > best[1]):
                best = (cls, end)
        return best

    def _all_phrases_at(self, i: int) -> list[tuple[str, int]]:
        toks = self.tokens
        first = toks[i]
        by_first = self.lex.by_first
        n = first.norm
        if n not in by_first and not (len(n) > 2 and n[0] in "وف" and n[1:] in by_first):
            return []
        out = []
        sent = first.sentence
        for f in self.base(first):
            for cls, words, clitic in by_first.get(f, ()):
                m = len(words)
                if i + m > len(toks) or toks[i + m - 1].sentence != sent or (m == 1 and clitic):
                    continue
                ok = True
                for k in range(1, m):
                    norm = toks[i + k].norm
                    w = words[k]
                    if k == m - 1 and clitic:
                        if not (norm == w or (norm.startswith(w) and len(norm) > len(w) + 1)):
                            ok = False
                            break
                    elif norm != w:
                        ok = False
                        break
                if ok:
                    out.append((cls, i + m))
        return out

    def is_statement(self, t: Token) -> bool:
        """بيان، تقريرًا، والتقرير: a noun for something issued."""
        n = strip_al(t.norm)
        return any(self.lex.is_("statement", f) for f in (t.norm, n, n[:-1] if n.endswith("ا") else n))

    def verb_form(self, t: Token) -> VerbForm | None:
        if t.kind != "word":
            return None
        forms = self.lex.forms
        for f in self.base(t):
            if f in forms and not self.lex.is_("notverb", f):
                return forms[f]
        if t.suffix and t.prefix in ("", "و", "ف") and t.stem in forms:  # اعتبرها، وصفه
            return forms[t.stem]
        return None

    def sentence_cues(self, lo: int, hi: int) -> tuple[list[Cue], list[Cue]]:
        """(verb cues, phrase cues) of the tokens [lo, hi), outside quotation marks."""
        verbs: list[Cue] = []
        phrases: list[Cue] = []
        cands = self._cands
        k = bisect_left(cands, lo)
        after = lo  # tokens before this are inside a phrase already found
        while k < len(cands) and cands[k] < hi:
            i = cands[k]
            k += 1
            if i < after:
                continue
            t = self.tokens[i]
            if self.prot and self.inside_mark(t.start):
                continue
            ph = self.match_phrase(i, hi, CUE_PHRASES)
            if ph:
                phrases.append(Cue(i, ph[1], ph[0]))
                after = ph[1]
                continue
            vf = self.verb_form(t)
            if vf is not None:
                verbs.append(Cue(i, i + 1, vf.verb.cls, vf))
        return verbs, phrases

    # --- the speaker's noun phrase --------------------------------------------------------------

    def is_complementiser(self, i: int) -> bool:
        t = self.tokens[i]
        if t.norm not in COMPLEMENTISERS and not (t.prefix in ("", "ب") and t.stem == "ان"):
            return False
        return not (i > 0 and self.tokens[i - 1].norm in NOT_AFTER)

    def region(self, i: int, hi: int, verb_idx: set[int], frames: frozenset[str] = frozenset()) -> tuple[int, int]:
        """Tokens of the speaker's noun phrase after the cue ending at token ``i``."""
        j = i
        stops = {w for f, w in (("MIN", "من"), ("MIN_AN", "من"), ("ILA", "الي"), ("ALA", "علي")) if f in frames}
        if j + 1 < hi and self.tokens[j].norm == "ل" and self.tokens[j + 1].start in self.mark_open:
            mk = self.mark_open[self.tokens[j + 1].start]  # وأوضح لـ«عكاظ» المتحدث ...: skip the addressee
            if mk.close is not None:
                i = j = self.tok_at(mk.close) + 1
                while j < hi and self.tokens[j].norm in COMMAS:
                    i = j = j + 1
        while j < hi and j - i < MAX_REGION:
            t = self.tokens[j]
            if t.kind not in ("word", "latin", "number") or j in verb_idx or t.norm in stops:
                break
            if j > i and "BI" in frames and t.norm.startswith("بال"):
                break
            if self.is_complementiser(j):
                break
            if j > i and (self.lex.is_("adjunct", t.norm) or self.match_phrase(j, hi, ("via", "question"))):
                break
            if j == i and self.lex.is_("adjunct", t.norm):
                break
            j += 1
        return i, j

    def mentions_in(self, s: int, e: int) -> list[Mention]:
        k = bisect_left(self.mention_starts, s)
        out = []
        while k < len(self.mentions) and self.mentions[k].start < e:
            out.append(self.mentions[k])
            k += 1
        return out

    def resolve_region(self, lo: int, hi: int, paragraph: int) -> Speaker | None:
        """The speaker named by tokens [lo, hi); None when the region is empty."""
        if hi <= lo:
            return None
        toks = self.tokens
        first = toks[lo]
        # بيان صادر عن الشركة / تقرير نشرته صحيفة دون / بيان للشركة
        if self.is_statement(first):
            sub = self.issuer(lo + 1, min(len(toks), lo + 1 + MAX_REGION), toks[lo].sentence)
            if sub is not None:
                sub.paragraph = paragraph
                return sub
        sp = self.speaker_from_mentions(lo, hi)
        if sp is None:
            sp = self.speaker_from_nouns(lo, hi)
        sp.paragraph = paragraph
        return sp

    def issuer(self, lo: int, hi: int, sent: int) -> Speaker | None:
        """The issuer of a statement noun: after صادر عن / نشرته, or the noun's genitive (بيان الشركة)."""
        _, shi = self._bounds.get(sent, (lo, hi))
        hi = min(hi, shi)
        j = lo
        while j < hi:
            ph = self.match_phrase(j, hi, ("issued",))
            if ph:
                r_lo, r_hi = ph[1], ph[1]
                while (
                    r_hi < hi
                    and r_hi - r_lo < MAX_REGION
                    and toks_word(self.tokens[r_hi])
                    and not (self.is_complementiser(r_hi) or self.lex.is_("adjunct", self.tokens[r_hi].norm))
                ):
                    r_hi += 1
                sp = self.speaker_from_mentions(r_lo, r_hi) or self.speaker_from_nouns(r_lo, r_hi)
                if sp.attribution == "named" and sp.entity and self.entity_types.get(sp.entity) != "PERSON":
                    sp.attribution = "organisation"
                return sp
            j += 1
        # genitive: بيان الشركة، بيان للشركة، بيان وزارة الخارجية
        if lo < hi and toks_word(self.tokens[lo]):
            r_hi = lo + 1
            while (
                r_hi < hi
                and r_hi - lo < 4
                and toks_word(self.tokens[r_hi])
                and not (self.is_complementiser(r_hi) or self.lex.is_("adjunct", self.tokens[r_hi].norm))
            ):
                r_hi += 1
            sp = self.speaker_from_mentions(lo, r_hi)
            if sp is None:
                t = self.tokens[lo]
                noun = t.norm[1:] if t.norm.startswith("لل") else t.norm
                if self.lex.is_("orgnoun", noun):
                    sp = self.speaker_from_nouns(lo, lo + 1)
            if sp is not None and sp.entity and self.entity_types.get(sp.entity) != "PERSON":
                sp.attribution = "organisation"
            return sp
        return None

    def speaker_from_mentions(self, lo: int, hi: int) -> Speaker | None:
        toks = self.tokens
        s, e = toks[lo].start, toks[hi - 1].end
        ms = [m for m in self.mentions_in(s, e) if m.end <= e or m.start < e]
        if not ms:
            return None

        def rank(m: Mention) -> tuple[int, int]:
            etype = self.entity_types.get(m.entity or "", "")
            if m.type == "PERS" or etype == "PERSON":
                return (0, m.start)
            if m.type == "ORG" or etype in ("ORG", "GROUP"):
                return (1, m.start)
            if m.start == s:
                return (2, m.start)
            return (9, m.start)

        best = min(ms, key=rank)
        r = rank(best)[0]
        if r == 9:
            return None
        titled = self.lex.is_("title", toks[lo].norm)
        if r == 0 and titled:  # مدير مستشفى البشير خالد الزعبي: after a title, the name comes last
            best = max((m for m in ms if rank(m)[0] == 0), key=lambda m: m.start)
        if r == 1 and titled:  # الأمين العام للأمم المتحدة: the person holding the title, when named
            person = self.resolve_title(lo, hi)
            if person is not None:
                return Speaker(person, self.text[s:e], self.span(s, e), "title")
        span = self.span(best.start, best.end)
        if r == 0:
            attribution = "named"
            name = self.entity_names.get(best.entity or "")
            if name and self.lex.is_("title", best.text.split()[0] if best.text.split() else ""):
                words = {strip_al(w) for w in _norm_words(name)}
                if not words & {strip_al(w) for w in _norm_words(best.text)}:
                    attribution = "title"
            elif name is None and self.lex.is_("title", _norm_words(best.text)[0] if best.text.split() else ""):
                attribution = "title"
            return Speaker(best.entity, best.text, span, attribution)
        if r == 1:
            # المتحدث باسم الخارجية: the organisation speaks; keep the whole phrase as the speaker text
            text = best.text
            if self.lex.is_("title", toks[lo].norm) and best.start > s:
                text = self.text[s : max(best.end, s)]
                span = self.span(s, best.end)
            return Speaker(best.entity, text, span, "organisation")
        return Speaker(best.entity, best.text, span, "named")

    def speaker_from_nouns(self, lo: int, hi: int) -> Speaker:
        """No mention with an entity: a title, an organisation noun, an anonymous source, or just text."""
        if hi <= lo:  # nothing between the cue and the content (e.g. the source opens a quotation)
            return Speaker(None, None, None, "unknown")
        toks = self.tokens
        first = toks[lo]
        n0 = first.norm
        region_span = self.tokens_span(lo, hi)
        if self.lex.is_("title", n0):
            # the title phrase: the title word and its modifiers (الوزير الأمريكي)
            ent = self.resolve_title(lo, hi)
            return Speaker(ent, region_span.text, region_span, "title")
        if self.lex.is_("orgnoun", n0):
            ent = self.resolve_orgnoun(lo)
            sp_span = self.tokens_span(lo, lo + 1) if ent else region_span
            return Speaker(ent, sp_span.text, sp_span, "organisation")
        if self.lex.is_("anonymous", n0) or self.lex.is_("anonymous", strip_al(n0)):
            return Speaker(None, region_span.text, region_span, "unknown")
        return Speaker(None, region_span.text, region_span, "named")

    def resolve_title(self, lo: int, hi: int) -> str | None:
        """The person an earlier passage names with this title (الوزير الأمريكي -> وزير الخارجية
        الأمريكي ماركو روبيو): the nearest person mention with the title word just before it or in it,
        preferring the one whose context shares most of the title's other words."""
        head = strip_al(self.tokens[lo].norm)
        others = {strip_al(t.norm) for t in self.tokens[lo + 1 : hi]}
        pos = self.tokens[lo].start
        sent = self.tokens[lo].sentence
        # a headline names the title before the body names the person: look forward there
        forward = sent < len(self.a.sentences) and self.a.sentences[sent].is_title
        best: tuple[int, int, str] | None = None
        for m in self.mentions:
            if m.start >= pos and not forward:
                break
            if pos <= m.start < self.tokens[hi - 1].end:
                continue
            ent = m.entity
            if not ent or not (m.type == "PERS" or self.entity_types.get(ent) == "PERSON"):
                continue
            k = self.tok_at(m.start)
            k_end = self.tok_at(max(m.end - 1, m.start))
            ctx = {strip_al(t.norm) for t in self.tokens[max(0, k - 5) : k_end + 1]}
            if head not in ctx:
                continue
            score = len(others & ctx)
            near = m.start if m.start < pos else -m.start  # backward: the nearest; forward: the first
            if best is None or (score, near) >= (best[0], best[1]):
                best = (score, near, ent)
        if best is None:  # roles given by the entity layer, when exactly one person holds such a title
            holders = [
                e.id
                for e in self.a.entities
                if e.type == "PERSON" and any(r.title_ar and head in normalize_text(r.title_ar) for r in e.roles)
            ]
            return holders[0] if len(holders) == 1 else None
        return best[2] if best else None

    def resolve_orgnoun(self, lo: int) -> str | None:
        """الشركة -> the most recent entity named with that noun (شركة المعادن الأمريكية ...)."""
        noun = strip_al(self.tokens[lo].norm)
        pos = self.tokens[lo].start
        for m in reversed(self.mentions):
            if m.start >= pos or not m.entity:
                continue
            if self.entity_types.get(m.entity) in ("PERSON", "COUNTRY", "LOC") or m.type in ("PERS", "LOC", "NORP"):
                continue
            k = self.tok_at(m.start)
            k_end = self.tok_at(max(m.end - 1, m.start))
            ctx = {strip_al(t.norm) for t in self.tokens[max(0, k - 4) : k_end + 1]}
            name = self.entity_names.get(m.entity, "")
            if noun in ctx or noun in {strip_al(w) for w in _norm_words(name)}:
                return m.entity
        return None

    def subject_before(self, lo: int, cue: int) -> Speaker | None:
        """A subject before the verb in the same sentence (تقرير نشرته صحيفة دون ... أشار إلى أن)."""
        for j in range(lo, cue):
            t = self.tokens[j]
            if self.inside_mark(t.start) or self._in_content(t.start):
                continue
            if self.is_statement(t):
                sp = self.issuer(j + 1, cue, t.sentence)
                if sp is not None:
                    return sp
        s, e = self.tokens[lo].start, self.tokens[cue].start
        for m in self.mentions_in(s, e):
            if self.inside_mark(m.start) or self._in_content(m.start):
                continue
            if m.type in ("PERS", "ORG") or self.entity_types.get(m.entity or "") in ("PERSON", "ORG"):
                k = self.tok_at(m.start)
                k_end = self.tok_at(max(m.end - 1, m.start)) + 1
                # الأمين العام للأمم المتحدة يدعو: the title before the organisation heads the subject
                t0 = next((x for x in range(max(lo, k - 3), k) if self.lex.is_("title", self.tokens[x].norm)), k)
                return self.speaker_from_mentions(t0, k_end)
        return None

    def apposition(self, lo: int, hi: int, via: Span | None) -> Speaker | None:
        """A person named after commas, before the frame: قال مطور الألعاب، نائب المدير، عبد الله حامد، إن."""
        if hi <= lo or hi > len(self.tokens):
            return None
        s, e = self.tokens[lo].start, self.tokens[min(hi, len(self.tokens)) - 1].end
        for m in self.mentions_in(s, e):
            if via is not None and via.start <= m.start < via.end:
                continue
            if self.inside_mark(m.start):
                continue
            if m.type == "PERS" or self.entity_types.get(m.entity or "") == "PERSON":
                k = self.tok_at(m.start)
                return self.speaker_from_mentions(k, self.tok_at(max(m.end - 1, m.start)) + 1)
        return None

    def _in_content(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.contents)

    # --- frames and content ---------------------------------------------------------------------

    def clause_end(self, j: int, hi: int, verb_idx: set[int], phrase_at: dict[int, Cue]) -> int:
        """Token index where reported content starting at token ``j`` ends."""
        toks = self.tokens
        k = j
        while k < hi:
            t = toks[k]
            if self.inside_mark(t.start):
                k += 1
                continue
            if t.norm in COMMAS and k + 1 < hi:
                nxt = k + 1
                if nxt in verb_idx or nxt in phrase_at or self.lex.is_("boundary", toks[nxt].norm):
                    return k
            if k > j and k in verb_idx and t.prefix == "و" and not self.verb_form(t).participle:  # type: ignore[union-attr]
                return k  # ... منذ 2009 وتفيد تقديرات الصندوق بأن: a new clause with its own cue
            if k > j and (k in phrase_at and phrase_at[k].cls in ("boundary", "question")):
                return k
            k += 1
        return hi

    def trim_content(self, s: int, e: int) -> tuple[int, int]:
        text = self.text
        while e > s and (text[e - 1].isspace() or text[e - 1] in ".,،؛;:!؟?"):
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        return s, e

    def emit(
        self, s: int, e: int, kind: str, sent: int, cue: Span | None, sp: Speaker | None, via: Span | None
    ) -> Quote | None:
        if e <= s:
            return None
        if sp is None:
            sp = Speaker(None, None, None, "unknown")
        q = Quote(
            id="",
            start=s,
            end=e,
            text=self.text[s:e],
            kind=kind,  # type: ignore[arg-type]
            sentence=sent,
            cue=cue,
            speaker=sp.entity,
            speaker_text=sp.text,
            speaker_span=sp.span,
            attribution=sp.attribution,
            reported_via=via,
        )
        self.quotes.append(q)
        if sp.entity or sp.text:
            self.last = Speaker(sp.entity, sp.text, sp.span, sp.attribution, self.paragraph_of(sent))
        return q

    def marks_between(self, s: int, e: int) -> list[Marked]:
        """Marks whose opening mark lies in [s, e)."""
        return self.marks[bisect_left(self.prot_starts, s) : bisect_left(self.prot_starts, e)]

    def partials_in(self, s: int, e: int, sent: int, cue: Span | None, sp: Speaker | None, via: Span | None) -> None:
        for m in self.marks_between(s, e):
            if m.end <= e and m.open not in self.consumed:
                if " " not in self.text[m.start : m.end].strip():
                    continue  # one quoted word inside reported content is a name or a term (لعبة "فزعة")
                self.consumed.add(m.open)
                self.emit(m.start, m.end, "partial", sent, cue, sp, via)

    def continuation(self, sent: int) -> Speaker | None:
        last = self.last
        if last is None or self.paragraph_of(sent) - last.paragraph > CONTINUATION_PARAGRAPHS:
            return None
        return Speaker(last.entity, last.text, last.span, "continuation", last.paragraph)

    # --- the main loop --------------------------------------------------------------------------

    def run(self) -> list[Quote]:
        toks, sentences = self.tokens, self.a.sentences
        busy = {toks[i].sentence for i in self._cands}  # sentences with a cue or a quotation mark
        busy.update(toks[k].sentence for k in (self.tok_at(m.open) for m in self.marks) if k >= 0)
        busy.update(i for i, x in enumerate(sentences) if x.is_title)
        for sent in sorted(busy):
            if sent not in self._bounds or sent >= len(sentences):
                continue
            lo, hi = self._bounds[sent]
            self.do_sentence(sent, lo, hi, sentences[sent].is_title)
        self.quotes.sort(key=lambda q: (q.start, -q.end))
        for n, q in enumerate(self.quotes, 1):
            q.id = f"q{n}"
        return self.quotes

    def do_sentence(self, sent: int, lo: int, hi: int, is_title: bool) -> None:
        toks = self.tokens
        verbs, phrases = self.sentence_cues(lo, hi)
        if not verbs and not phrases and not is_title:
            s0, e0 = toks[lo].start, toks[hi - 1].end
            if not self.marks_between(s0, e0):
                return  # nothing to find here (most sentences)
        phrase_at = {c.lo: c for c in phrases}
        # asides (يُذكر أن) swallow the verb inside them
        aside = [c for c in phrases if c.cls == "aside"]
        # question scopes: from the question cue to the answer (أجاب، or a verb after a comma)
        scopes: list[tuple[int, int]] = []
        questions = [c for c in phrases if c.cls == "question"] + [v for v in verbs if v.cls == "question"]
        for q in sorted(questions, key=lambda c: c.lo):
            end = hi
            for v in verbs:
                if v.lo <= q.lo or v.cls == "question":
                    continue
                prev = toks[v.lo - 1].norm if v.lo > lo else ""
                if v.cls == "answer" or prev in COMMAS:
                    end = v.lo
                    break
            scopes.append((q.lo, end))
        for v in verbs:
            if any(a.lo <= v.lo < a.hi for a in aside) or any(s <= v.lo < e for s, e in scopes):
                v.enabled = False
            if v.cls == "question":
                v.enabled = False
        verb_idx = {v.lo for v in verbs if v.enabled}
        fired_sp: Speaker | None = None
        sent_quotes_start = len(self.quotes)
        skip_until = lo
        para = self.paragraph_of(sent)
        for v in verbs:
            if not v.enabled or v.lo < skip_until:
                continue
            cue_lo, cue_hi = v.lo, v.hi
            form = v.form
            # chained cues: وتابع موضحًا: / وأضاف قائلًا:
            while cue_hi < hi and cue_hi in verb_idx:
                nxt = next(x for x in verbs if x.lo == cue_hi)
                form = nxt.form if "COLON" in nxt.form.verb.frames else form  # type: ignore[union-attr]
                cue_hi = nxt.hi
            if form is None:
                continue
            frames = form.verb.frames | (v.form.verb.frames if v.form else frozenset())
            if v.participle or form.participle:  # مؤكدًا أن: the subject is the main clause's
                r_lo = r_hi = cue_hi
            else:
                r_lo, r_hi = self.region(cue_hi, hi, verb_idx, frames)
            if toks[cue_lo].suffix and strip_al(toks[cue_lo].stem) == "قول":
                # نقلت الوكالة عن الوزيرة قولها إن: the one after عن speaks
                k = cue_lo - 1
                while k > max(lo, cue_lo - 7) and toks[k].norm != "عن":
                    k -= 1
                if toks[k].norm == "عن":
                    r_lo, r_hi = k + 1, cue_lo
            found = self.find_frame(max(r_hi, cue_hi), hi, frames, verb_idx, r_hi - r_lo)
            if found is None:
                if not v.participle:
                    fired = self.postposed_verb(v, r_lo, r_hi, lo, sent, para)
                    if fired is not None:
                        fired_sp = fired
                continue
            how, j, via = found
            cue_span = self.tokens_span(cue_lo, cue_hi)
            if r_hi == r_lo and r_hi < hi and toks[r_hi].start in self.mark_open and how != "mark":
                mk0 = self.mark_open[toks[r_hi].start]  # وأكد "حامد" لـ"سبق" أن: the quoted name speaks
                if self.quoted_name(mk0, hi):
                    r_lo, r_hi = r_hi + 1, self.tok_at(mk0.close if mk0.close is not None else mk0.end)
            # the speaker
            if form.verb.cls == "passive":
                sp: Speaker | None = Speaker(None, None, None, "unknown")
            elif r_hi > r_lo:
                sp = self.resolve_region(r_lo, r_hi, para)
                if sp is not None and (sp.entity is None or self.entity_types.get(sp.entity) != "PERSON"):
                    sp = self.apposition(r_hi, j, via) or sp
            elif v.participle or form.participle:
                sp = fired_sp or self.subject_before(lo, cue_lo) or self.continuation(sent)
            else:
                sp = fired_sp or self.subject_before(lo, cue_lo) or self.continuation(sent)
            kind_describe = form.verb.cls == "describe"
            if how == "colon":
                mk = self.mark_open.get(toks[j].start) if j < hi else None
                if mk is not None and mk.open not in self.consumed:
                    self.consumed.add(mk.open)
                    self.emit(mk.start, mk.end, "direct", sent, cue_span, sp, via)
                    skip_until = self.tok_at(mk.close if mk.close is not None else mk.end) + 1
                else:
                    end_tok = hi
                    s, e = self.trim_content(toks[j].start, toks[end_tok - 1].end) if j < hi else (0, 0)
                    self.emit(s, e, "direct", sent, cue_span, sp, via)
                    self.partials_in(s, e, sent, cue_span, sp, via)
                    skip_until = end_tok
            elif how == "mark":
                mk = self.mark_open[toks[j].start]
                self.consumed.add(mk.open)
                self.emit(mk.start, mk.end, "partial" if kind_describe else "direct", sent, cue_span, sp, via)
                skip_until = self.tok_at(mk.close if mk.close is not None else mk.end) + 1
            else:  # clause or noun phrase content
                end_tok = self.clause_end(j, hi, verb_idx, phrase_at)
                if end_tok <= j:
                    continue
                s = toks[j].start
                if how == "np-clitic":
                    t = toks[j]
                    s = t.start + len(t.text) - len(t.text.lstrip()) + 1  # after the attached بـ
                s, e = self.trim_content(s, toks[end_tok - 1].end)
                single = self.mark_open.get(s)  # the content is one quotation: a partial quote only
                if single is not None and single.close == e - 1 and single.open not in self.consumed:
                    self.consumed.add(single.open)
                    self.emit(single.start, single.end, "partial", sent, cue_span, sp, via)
                else:
                    self.emit(s, e, "indirect", sent, cue_span, sp, via)
                    self.contents.append((s, e))
                    self.partials_in(s, e, sent, cue_span, sp, via)
                skip_until = end_tok
            if sp is not None and (sp.entity or sp.text):
                fired_sp = sp
        # postposed nominal cues: "...، بحسب ما أعلن الجيش" / a via phrase after reported content
        for c in phrases:
            if c.cls != "via" or not any(f in POSTPOSED_VIA for f in self.base(toks[c.lo])):
                continue
            if c.lo == lo and not self.quotes[sent_quotes_start:]:
                self.preposed_via(c, lo, hi, sent, para)
                continue
            if c.lo <= lo or toks[c.lo - 1].norm not in COMMAS:
                continue
            via_span = self.tokens_span(c.lo, self.via_end(c.hi, hi))
            fired_here = self.quotes[sent_quotes_start:]
            if fired_here:
                q = fired_here[-1]
                if q.reported_via is None and q.end <= via_span.start:
                    q.reported_via = via_span
                continue
            sp = self.via_speaker(c.hi, hi, para)
            s, e = self.trim_content(toks[lo].start, toks[c.lo - 1].start)
            if e > s:
                self.emit(s, e, "indirect", sent, None, sp, via_span)
                self.partials_in(s, e, sent, None, sp, via_span)
        # quotation marks left in this sentence
        s0, e0 = toks[lo].start, toks[hi - 1].end
        for m in self.marks_between(s0, e0):
            if m.open in self.consumed:
                continue
            k = self.tok_at(m.open)
            if any(a <= k < b for a, b in scopes):
                self.consumed.add(m.open)
                self.emit(m.start, m.end, "partial", sent, None, Speaker(None, None, None, "unknown"), None)
                continue
            post = self.postposed(m, hi, verbs, phrase_at, para)
            if post is not None:
                cue_span, sp, via = post
                self.consumed.add(m.open)
                self.emit(m.start, m.end, "direct", sent, cue_span, sp, via)
                continue
            # a long quotation standing alone at the start of its sentence: the previous speaker's
            if (k == lo or all(toks[x].norm in COMMAS or toks[x].norm in ("و",) for x in range(lo, k))) and len(
                self.text[m.start : m.end].split()
            ) >= STANDALONE_MIN_WORDS:
                self.consumed.add(m.open)
                self.emit(m.start, m.end, "direct", sent, None, self.continuation(sent), None)
        if is_title:
            self.headline(sent, lo, hi)

    def find_frame(
        self, j0: int, hi: int, frames: frozenset[str], verb_idx: set[int], r_len: int = 0
    ) -> tuple[str, int, Span | None] | None:
        """(how, token index where the content starts, reported-via span) after the speaker's phrase."""
        toks = self.tokens
        via: Span | None = None
        limit = min(hi, j0 + MAX_FRAME)
        j = j0
        np_frame: tuple[str, int] | None = None
        while j < limit:
            t = toks[j]
            if j in verb_idx:
                break
            if t.norm == ":":
                if "COLON" in frames:
                    return "colon", j + 1, via
                return None
            if t.start in self.mark_open and t.start not in self.consumed:
                mk = self.mark_open[t.start]
                k = j - 1
                while k >= j0 and toks[k].norm in COMMAS:
                    k -= 1
                right_after = k < j0 or (via is not None and toks[k].end == via.end)
                # تعلن السلطات تفكيك «خلايا ارهابية»: a short quotation after a long phrase is an object
                short = len(self.text[mk.start : mk.end].split()) < 3 and r_len >= 3
                if (
                    right_after
                    and ("COLON" in frames or frames & {"BIAN", "AN"})
                    and not self.quoted_name(mk, hi)
                    and not (short and "BIAN" not in frames)
                ):
                    return "mark", j, via
                # a quoted name inside the adjuncts (في مقابلة مع قناة «العربية»): skip it
                j = self.tok_at(mk.close if mk.close is not None else mk.end) + 1
                continue
            if self.inside_mark(t.start):
                j += 1
                continue
            if t.norm in PUNCT_STOP or self.match_phrase(j, hi, ("boundary",)):
                break
            ph = self.match_phrase(j, hi, ("via",))
            if ph and via is None:
                end = self.via_end(ph[1], hi)
                via = self.tokens_span(j, end)
                j = ph[1]
                continue
            if self.is_complementiser(j) and j + 1 < hi:
                prev = toks[j - 1].norm if j > 0 else ""
                bare = t.prefix == "" and t.norm.startswith("ان")
                with_bi = t.norm.startswith("بان")
                if prev == "الي" and "ILA_AN" in frames:
                    return "clause", j + 1, via
                if prev == "من" and "MIN_AN" in frames:
                    return "clause", j + 1, via
                if prev == "علي" and "ALA_AN" in frames:
                    return "clause", j + 1, via
                if with_bi and frames & {"BIAN", "AN"}:
                    return "clause", j + 1, via
                if bare and "AN" in frames and prev not in ("الي", "من", "علي"):
                    return "clause", j + 1, via
                if bare and prev in ("الي", "من", "علي"):
                    return None
            if (
                np_frame is None
                and j + 1 < hi
                and NP_FRAMES.get(t.norm, "") in frames
                and not self.is_complementiser(j + 1)
            ):
                np_frame = ("np", j + 1)
            if np_frame is None and "BI" in frames and t.kind == "word" and t.norm.startswith("بال"):
                np_frame = ("np-clitic", j)
            j += 1
        if np_frame is not None:
            return np_frame[0], np_frame[1], via
        return None

    def quoted_name(self, mk: Marked, hi: int) -> bool:
        """A short quotation the frame goes on after (وأكد "حامد" لـ "سبق" أن ...): a quoted name."""
        if mk.close is None or len(self.text[mk.start : mk.end].split()) > 3:
            return False
        k = self.tok_at(mk.close) + 1
        steps = 0
        while k < hi and steps < 6:
            t = self.tokens[k]
            if t.norm == ":" or self.is_complementiser(k):
                return True
            if t.norm in PUNCT_STOP:
                return False
            if t.start in self.mark_open:
                inner = self.mark_open[t.start]
                k = self.tok_at(inner.close if inner.close is not None else inner.end) + 1
                continue
            k += 1
            steps += 1
        return False

    def via_end(self, j: int, hi: int) -> int:
        """End of a nominal cue's noun phrase: the next colon, comma, complementiser or quotation."""
        toks = self.tokens
        k = j
        while k < hi and k - j < 12:
            t = toks[k]
            if t.start in self.mark_open:  # a quoted name in the phrase: قناة «العربية»
                mk = self.mark_open[t.start]
                if mk.close is None:
                    break
                k = self.tok_at(mk.close) + 1
                continue
            if t.kind == "punct" or self.is_complementiser(k):
                break
            k += 1
        return max(k, j)

    def preposed_via(self, c: Cue, lo: int, hi: int, sent: int, para: int) -> None:
        """وبحسب بيان، تمكن المكتب ... / ووفقًا للبيان ستعلن الوزارة ...: the rest of the sentence is
        reported through the source named first."""
        toks = self.tokens
        comma = next((k for k in range(c.hi, min(hi, c.hi + 7)) if toks[k].norm in COMMAS), None)
        if comma is not None:
            np_end, content = comma, comma + 1
        else:
            last = toks[c.hi - 1].norm
            clitic = c.hi - c.lo > 1 and last.startswith("ل") and last not in ("ل", "لما")
            np_end = c.hi if clitic else min(hi, c.hi + 1)  # ووفقًا للبيان / بحسب بيان: one noun
            if np_end < hi and toks[np_end].norm in ("نفسه", "ذاته", "نفسها", "ذاتها"):
                np_end += 1
            content = np_end
        if content >= hi:
            return
        np_toks = toks[c.hi - 1 if np_end == c.hi else c.hi : np_end]
        words = {strip_al(t.norm.removeprefix("لل").removeprefix("ل")) for t in np_toks}
        sp: Speaker | None
        if words & {"نفسه", "ذاته", "نفسها", "ذاتها"} or any(
            t.norm.startswith(("ال", "لل")) and self.is_statement(t) for t in np_toks
        ):
            sp = self.continuation(sent)  # the same source / the statement already named
        elif np_end > c.hi:
            sp = self.via_speaker(c.hi, hi, para, end=np_end)
            if sp is not None and sp.entity is None and any(self.is_statement(t) for t in np_toks):
                sp = Speaker(None, None, None, "unknown")  # بحسب بيان: a statement of nobody named
        else:
            sp = None
        s, e = self.trim_content(toks[content].start, toks[hi - 1].end)
        if e > s:
            via = self.tokens_span(c.lo, np_end)
            self.emit(s, e, "indirect", sent, self.tokens_span(c.lo, c.hi), sp, via)
            self.contents.append((s, e))
            self.partials_in(s, e, sent, None, sp, via)

    def via_speaker(self, j: int, hi: int, para: int, end: int | None = None) -> Speaker | None:
        """Who stands behind a postposed nominal cue: بحسب ما أعلن الجيش / بحسب تقديرات نشرتها الوزارة."""
        toks = self.tokens
        end = self.via_end(j, hi) if end is None else end
        k = j
        if k < end and toks[k].norm == "ما":
            k += 1
        if k < end and self.verb_form(toks[k]) is not None:
            k += 1
        if k >= end:
            return None
        t = toks[k]
        if self.is_statement(t):
            sp = self.issuer(k + 1, end, t.sentence)
            if sp is not None:
                return sp
        sp = self.speaker_from_mentions(k, end)
        if sp is None:
            sp = self.speaker_from_nouns(k, end)
        sp.paragraph = para
        return sp

    def postposed(
        self, m: Marked, hi: int, verbs: list[Cue], phrase_at: dict[int, Cue], para: int
    ) -> tuple[Span, Speaker | None, Span | None] | None:
        """A cue right after a quotation: «…»، قال الوزير / «…» بحسب الوزير."""
        if m.close is None:
            return None
        k = self.tok_at(m.close) + 1
        while k < hi and self.tokens[k].norm in COMMAS:
            k += 1
        if k >= hi:
            return None
        v = next((x for x in verbs if x.lo == k and x.enabled and not x.participle), None)
        if v is not None and v.form is not None and "COLON" in v.form.verb.frames:
            r_lo, r_hi = self.region(v.hi, hi, set())
            sp = self.resolve_region(r_lo, r_hi, para) if r_hi > r_lo else self.continuation(self.tokens[k].sentence)
            return self.tokens_span(v.lo, v.hi), sp, None
        c = phrase_at.get(k)
        if c is not None and c.cls == "via":
            via_span = self.tokens_span(c.lo, self.via_end(c.hi, hi))
            return self.tokens_span(c.lo, c.hi), self.via_speaker(c.hi, hi, para), via_span
        return None

    def postposed_verb(self, v: Cue, r_lo: int, r_hi: int, lo: int, sent: int, para: int) -> Speaker | None:
        """«…»، قالت العمري: a speech verb right after a quotation attributes it."""
        k = v.lo - 1
        while k >= lo and self.tokens[k].norm in COMMAS:
            k -= 1
        if k < lo or v.form is None or "COLON" not in v.form.verb.frames:
            return None
        mk = self.inside_mark(self.tokens[k].start) or self.mark_open.get(self.tokens[k].start)
        if mk is None or mk.close != self.tokens[k].start or mk.open in self.consumed:
            return None
        sp = self.resolve_region(r_lo, r_hi, para) if r_hi > r_lo else self.continuation(sent)
        self.consumed.add(mk.open)
        self.emit(mk.start, mk.end, "direct", sent, self.tokens_span(v.lo, v.hi), sp, None)
        return sp

    def headline(self, sent: int, lo: int, hi: int) -> None:
        """Headline attribution: «content: Speaker» or «Speaker: content»."""
        toks = self.tokens
        colon = next((k for k in range(lo, hi) if toks[k].norm == ":" and not self.inside_mark(toks[k].start)), None)
        if colon is None or colon in (lo, hi - 1):
            return
        if any(q.sentence == sent for q in self.quotes):
            return
        after = self.mentions_in(toks[colon + 1].start, toks[hi - 1].end)
        before = self.mentions_in(toks[lo].start, toks[colon - 1].end)
        for ms, c_lo, c_hi, s_lo, s_hi in (
            (after, lo, colon, colon + 1, hi),
            (before, colon + 1, hi, lo, colon),
        ):
            spk = [m for m in ms if m.type in ("PERS", "ORG") and m.start == toks[s_lo].start]
            named = bool(spk) and spk[0].end >= toks[s_hi - 1].end
            # وزيرة الصحة الأردنية: لا إصابات ...: a short title phrase before the colon speaks
            titled = s_lo == lo and s_hi - s_lo <= 4 and self.lex.is_("title", toks[s_lo].norm)
            if named or titled:
                sp = self.speaker_from_mentions(s_lo, s_hi) if named else None
                if sp is None:
                    span = self.tokens_span(s_lo, s_hi)
                    sp = Speaker(self.resolve_title(s_lo, s_hi), span.text, span, "title")
                s, e = self.trim_content(toks[c_lo].start, toks[c_hi - 1].end)
                self.emit(s, e, "indirect", sent, self.tokens_span(colon, colon + 1), sp, None)
                return


def toks_word(t: Token) -> bool:
    return t.kind in ("word", "latin", "number")


def _norm_words(text: str) -> list[str]:
    from marsad.text import normalize_word

    return [normalize_word(w) for w in text.split()]


def normalize_text(text: str) -> str:
    from marsad.text import normalize_word

    return normalize_word(text)


def find_quotes(analysis: Analysis, lexicon: QuoteLexicon | None = None) -> list[Quote]:
    """The quotations of an analysis that has sentences and tokens (mentions and entities improve
    the speakers; without them speakers are text spans with no entity id)."""
    return Detector(analysis, lexicon).run()

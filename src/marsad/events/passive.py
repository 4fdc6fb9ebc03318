"""Who did it and to whom, when violence is told in the passive or by a noun of its result.

Arabic news reports an attack as often by its victims as by its author: «قُتل أربعة أشخاص»، «مقتل
ثلاثة جنود»، «اختُطف مهندس على يد مسلحين». Unvocalised, «قتل أربعة أشخاص» reads like "X killed four
people", so the coder's subject search puts the victims in the actor slot. This module moves them:

- a verb is read as a passive when it carries a damma on its first letter (قُتل، اُختطف), when a count
  follows it (قتل نحو 80 شخصا), when its subject is a victim noun (مدنيين، أشخاص) or when an agent phrase
  names the doer (على يد، بيد، على أيدي، من قبل، برصاص، بنيران);
- a noun of result (مقتل، اغتيال، اختطاف، اعتقال ...) takes the phrase after it as its victim, and no
  clause subject as its actor (in «أعلنت الشرطة مقتل ثلاثة» the police announce, they do not kill);
- the agent phrase, when there is one, gives the actor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from marsad.events.lexicon import bare_forms
from marsad.text import normalize_word

if TYPE_CHECKING:
    from marsad.events.coder import Args, Candidate, EventCoder, _Doc


def _n(*words: str) -> frozenset[str]:
    return frozenset(normalize_word(w) for w in words)


# verbs whose unvocalised active reading is rarely the one a report means when a count follows
VICTIM_TYPES = frozenset({"ASSAULT", "COERCE"})
# nouns of result whose genitive is the one who suffered
RESULT_NOUNS = _n(
    "مقتل", "قتل", "اغتيال", "اختطاف", "خطف", "اعتقال", "توقيف", "احتجاز", "ترحيل", "تعذيب", "اغتصاب",
    "دهس", "طعن", "إعدام", "استهداف", "ذبح",
)  # fmt: skip
# the first word of a phrase naming the doer of a passive or of a result noun
AGENT_LEADS = {
    normalize_word("على"): _n("يد", "أيدي", "ايدي"),
    normalize_word("بيد"): frozenset({""}),
    normalize_word("بأيدي"): frozenset({""}),
    normalize_word("من"): _n("قبل"),
    normalize_word("برصاص"): frozenset({""}),
    normalize_word("بنيران"): frozenset({""}),
    normalize_word("برصاصة"): frozenset({""}),
    normalize_word("بقيادة"): frozenset({""}),
}
COUNT_WORDS = _n(
    "نحو", "قرابة", "حوالي", "زهاء", "أكثر", "اكثر", "عشرات", "مئات", "آلاف", "الآلاف", "العشرات", "المئات",
    "عدد", "عددا", "أحد", "احد", "إحدى", "احدى", "اثنين", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة", "شخص", "شخصا",
)  # fmt: skip
# verbs whose subject does what the noun after them names: قام بدهس، نفذ اغتيال، أقدم على خطف
LIGHT_VERBS = _n("قام", "قامت", "قاموا", "يقوم", "تقوم", "يقومون", "نفذ", "نفذت", "نفذوا", "ينفذ", "تنفذ", "أقدم",
                 "أقدمت", "أقدموا", "يقدم", "تقدم", "باشر", "باشرت", "باشروا", "يباشر", "تباشر", "سيباشرون",
                 "يباشرون", "ارتكب", "ارتكبت", "ارتكبوا", "تولى", "تولت", "شن", "شنت", "شنوا")  # fmt: skip
# verbs whose subject undergoes the act their cue names: واجه تهما (faced charges), تحمل المسؤولية (bear the blame)
INVERSE_LEMMAS = _n("واجه", "تحمل")
# light verbs of the Arabic passive periphrasis: تم اعتقال، يتم ترحيل، جرى تفتيش
PASSIVE_LIGHT = _n("تم", "يتم", "تمت", "سيتم", "وتم", "ويتم", "جرى", "يجري", "وجرى", "تجري", "جرت")
VICTIM_STOPS = _n("في", "ب", "خلال", "اثر", "إثر", "جراء", "من", "على", "بينهم", "منهم", "بعد", "قبل")
NOT_VICTIMS = _n("في", "من", "على", "إلى", "الى", "عن", "مع", "خلال", "أمس", "امس", "اليوم", "يوم", "أيضا", "ايضا",
                 "بعد", "قبل", "عند", "حيث", "كما", "الذي", "التي", "الذين", "إثر", "اثر", "جراء", "نتيجة")  # fmt: skip
VICTIM_SECTORS = frozenset({"CVL", "REF", "JRN", "EDU", "LAB"})
DAMMA = "\u064f"


def _explicit_passive(text: str) -> bool:
    """A damma on the verb's first letter, after a conjunction if any: قُتل، وقُتل، اُختطف."""
    letters = [ch for ch in text if "\u0621" <= ch <= "\u064a"]
    if not letters:
        return False
    skip = 1 if letters[0] in "وف" and len(letters) > 3 else 0
    i = 0
    seen = 0
    while i < len(text):
        ch = text[i]
        if "\u0621" <= ch <= "\u064a":
            if seen == skip:
                return i + 1 < len(text) and text[i + 1] == DAMMA
            seen += 1
        i += 1
    return False


def agent_phrase(coder: EventCoder, d: _Doc, c: Candidate) -> tuple[list, tuple[str, str, str] | None, str | None] | None:
    """The doer named by على يد / بيد / من قبل / برصاص ... after the trigger in its clause:
    (mentions, agent noun, country), or None."""
    words = coder._next_words(d, c.tok, 14)
    for i, k in enumerate(words):
        norm = d.tokens[k].norm
        seconds = AGENT_LEADS.get(norm)
        if seconds is None:
            continue
        j = i + 1
        if "" not in seconds:
            if j >= len(words) or (d.tokens[words[j]].norm not in seconds and not any(
                b in seconds for b in bare_forms(d.tokens[words[j]].norm)
            )):
                continue
            j += 1
        if j >= len(words):
            return None
        kk = words[j]
        if kk in d.mention_at and d.mention_at[kk].type != "NORP":
            ms, _last = coder._phrase(d, kk)
            return [coder.head(d, ms)], None, None
        agent = coder._agent(d, kk)
        country = None
        for jj in coder._next_words(d, kk, 2):
            mm = d.mention_at.get(jj)
            if mm is not None and mm.type == "NORP":
                country = coder._country(d, mm)
                break
        if agent is not None:
            return [], agent, country
        t = d.tokens[kk]
        if t.kind == "word" and t.norm not in _n("في", "من", "على", "إلى", "الى", "عن"):
            return [], (t.text, "", t.text), country  # an unnamed doer: برصاص قناص، على يد مجهولين
        return None
    return None


def counted(coder: EventCoder, d: _Doc, k: int) -> bool:
    """Whether word ``k`` starts a count: a number, an approximation or a number word."""
    t = d.tokens[k]
    if t.kind == "number" or any(ch.isdigit() for ch in t.text):
        return True
    if t.norm in COUNT_WORDS:
        return True
    return any(q.start == t.start for q in d.qty_by_sent.get(t.sentence, []))


def _victim_phrase(coder: EventCoder, d: _Doc, start: int, killing: bool = True) -> tuple[str, str, str] | None:
    """A counted or victim noun phrase right after token ``start``: (text, sector, English)."""
    words = coder._next_words(d, start, 5)
    if not words:
        return None
    first = words[0]
    if not counted(coder, d, first) and coder._agent(d, first) is None:
        return None
    k_prev = last = first
    for k in words:
        agent = coder._agent(d, k)
        m = d.mention_at.get(k)
        if agent is not None:  # أربعة أشخاص، 14 دبلوماسيا روسيا: through the noun and its nisba
            norp = coder._nisba_after(d, k, 1)
            end = norp.end if norp is not None else d.tokens[k].end
            return d.a.text[d.tokens[first].start : end], agent[1], agent[2]
        if m is not None and m.type == "NORP":  # 14 إيرانيا: the nisba names the people
            return d.a.text[d.tokens[first].start : m.end], "CVL", "people"
        t = d.tokens[k]
        if t.norm == "من" and counted(coder, d, k_prev):
            k_prev = k
            continue  # أكثر من 20 حوثيا: the count goes on
        if k != first and (t.norm in VICTIM_STOPS or coder.readings(t) or (t.norm[:1] == "و" and len(t.norm) > 3)):
            break
        k_prev = last = k
    if killing and counted(coder, d, first):
        # قتل 20 وأصيب 70، مقتل أكثر من 20 حوثيا: a count, with what it counts, is people
        return d.a.text[d.tokens[first].start : d.tokens[last].end], "CVL", "people"
    return None


def assign(coder: EventCoder, d: _Doc, c: Candidate, args: Args) -> None:
    """Move victims from the actor to the recipient slot and take the actor from an agent phrase."""
    entry = c.form.entry
    if normalize_word(entry.lemma) in INVERSE_LEMMAS and not args.recipient and not args.recipient_agent:
        # يواجه الجنود تهما، روسيا تتحمل المسؤولية: the subject is the one charged; who charges is elsewhere
        args.recipient, args.recipient_agent, args.recipient_country = args.actor, args.actor_agent, args.actor_country
        args.actor, args.actor_agent, args.actor_country = [], None, None
        return
    if c.form.tense == "noun" and coder._prev_is(d, c.tok, PASSIVE_LIGHT):
        # تم إطلاق سراحه، جرى اعتقال المتهمين: the noun is a passive; its genitive or pronoun suffered it
        doer = agent_phrase(coder, d, c)
        if not args.recipient and not args.recipient_agent and (args.actor or args.actor_agent):
            args.recipient, args.recipient_agent, args.recipient_country = args.actor, args.actor_agent, args.actor_country
        args.actor, args.actor_agent, args.actor_country = doer if doer is not None else ([], None, None)
        args.inherited = False
        return
    if entry.type not in VICTIM_TYPES:
        if c.form.tense == "noun" and not args.actor and not args.actor_agent:
            doer = agent_phrase(coder, d, c)  # تحقيق دولي بقيادة هولندا
            if doer is not None:
                args.actor, args.actor_agent, args.actor_country = doer
        return
    doer = agent_phrase(coder, d, c)
    tok = d.tokens[c.tok]
    if c.form.tense == "noun":
        if normalize_word(entry.lemma) not in RESULT_NOUNS:
            return
        has_recipient = bool(args.recipient or args.recipient_agent)
        if not has_recipient and c.suffix in ("ه", "ها", "هم", "هما") and (args.actor or args.actor_agent):
            # مقتله، اعتقالهم: the pronoun is the one who suffered
            args.recipient, args.recipient_agent, args.recipient_country = args.actor, args.actor_agent, args.actor_country
            has_recipient = True
        if not has_recipient:
            args.recipient_agent = _victim_phrase(coder, d, c.cue[1] if c.cue else c.tok, entry.type == "ASSAULT")
        # the clause subject of a result noun announces or causes it (أعلنت الشرطة مقتل، أسفر الهجوم عن مقتل),
        # unless a light verb makes it the doer (قام رجل بدهس حشد)
        before = coder._prev_words(d, c.tok, 10, same_clause=False)
        light = next((j for j in before if d.tokens[j].norm in LIGHT_VERBS), None)
        if doer is not None:
            args.actor, args.actor_agent, args.actor_country = doer
        elif light is not None and not args.actor and not args.actor_agent:
            # قام رجل ألماني ... بدهس حشد: the light verb's subject did it
            for k in coder._next_words(d, light, 3):
                if k in d.mention_at and d.mention_at[k].type != "NORP":
                    args.actor = [coder.head(d, coder._phrase(d, k)[0])]
                    break
                if (agent := coder._agent(d, k)) is not None:
                    args.actor_agent = agent
                    break
        elif light is None and entry.type == "ASSAULT":  # أعلنت السلطات اعتقال: who announces an arrest made it
            args.actor, args.actor_agent, args.actor_country = [], None, None
        args.inherited = False
        return
    victim_subject = args.actor_agent is not None and (args.actor_agent[1] in VICTIM_SECTORS)
    if entry.mode == "arrest" and not args.inherited and not args.recipient and not args.recipient_agent and args.actor:
        # أوقف قطب الدين غولن: a person after an arrest verb is the one arrested (police arrest, persons are arrested)
        victim_subject = victim_subject or coder._entity_type(d, coder.head(d, args.actor)) == "PERSON"
    nxt = coder._next_words(d, c.tok, 1)
    is_counted = bool(nxt) and counted(coder, d, nxt[0]) and not args.subject_first
    passive = _explicit_passive(tok.text) or is_counted or doer is not None or victim_subject
    if doer is not None and doer[0] and args.recipient:
        # برصاص الجيش: the doer's phrase is no recipient
        doer_ids = {m.id for m in doer[0]}
        args.recipient = [m for m in args.recipient if m.id not in doer_ids and m.type != "NORP"]
    if not passive:
        if doer is not None and not args.actor and not args.actor_agent:
            args.actor, args.actor_agent, args.actor_country = doer
        return
    if not args.inherited and not args.recipient and not args.recipient_agent and (args.actor or args.actor_agent):
        args.recipient, args.recipient_agent, args.recipient_country = args.actor, args.actor_agent, args.actor_country
    if is_counted and not args.recipient_agent:
        victims = _victim_phrase(coder, d, c.tok, entry.type == "ASSAULT")
        if victims is not None:  # قتل 20 ... في هجوم على الموصل: the count, not the place, suffered it
            if args.recipient and args.place is None and coder._entity_type(d, args.recipient[0]) in ("LOC", "COUNTRY"):
                args.place = args.recipient[0]
            args.recipient, args.recipient_agent = [], victims
    if not args.recipient and not args.recipient_agent and nxt:
        t = d.tokens[nxt[0]]  # اختطف مهندس على يد مسلحين: a plain noun right after a passive suffered it
        if t.kind == "word" and t.norm not in NOT_VICTIMS and not coder.readings(t) and not coder.prep_of_token(d, nxt[0]):
            args.recipient_agent = (t.text, "", t.text)
    args.actor, args.actor_agent, args.actor_country = doer if doer is not None else ([], None, None)
    args.inherited = False

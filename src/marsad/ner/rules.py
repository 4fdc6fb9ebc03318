"""General post-rules of the NER stage (see :mod:`marsad.ner` for what each does and why).

Each rule adds mentions only where none overlaps; the CRF's own mentions win, except inside a
Latin-script organisation name with its acronym, which replaces what the CRF found there.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from marsad.model import Analysis, Token
from marsad.text.normalize import normalize_word

Found = tuple[int, int, str, int, float, str]  # start, end, type, sentence, confidence, source

# Words that may follow a newspaper cue without being its name (prepositions, relatives,
# demonstratives, pronouns): "صحيفة في ..." is not a newspaper called في.
FUNCTION_WORDS = frozenset(
    normalize_word(w)
    for w in [
        "في",
        "من",
        "على",
        "عن",
        "إلى",
        "الى",
        "مع",
        "بـ",
        "لـ",
        "أن",
        "إن",
        "أو",
        "و",
        "ثم",
        "التي",
        "الذي",
        "اللذين",
        "اللتين",
        "الذين",
        "هذه",
        "هذا",
        "تلك",
        "ذلك",
        "هي",
        "هو",
        "هم",
        "كانت",
        "كان",
        "قد",
        "لقد",
        "لم",
        "لن",
        "لا",
        "ما",
        "ماذا",
        "كل",
        "بعض",
        "أي",
        "أية",
        "عبر",
        "حول",
        "بين",
        "منذ",
        "خلال",
        "ضد",
        "نحو",
        "لدى",
        "عند",
    ]
)
MEDIA_CUES = frozenset(normalize_word(w) for w in ["صحيفة", "جريدة", "مجلة", "قناة", "إذاعة", "وكالة"])
# Heads of public institutions: head + a definite noun (+ definite adjectives) is a name
# (وزارة الخارجية الأمريكية، مجلس الأمن، محكمة العدل الدولية).
INSTITUTION_HEADS = frozenset(normalize_word(w) for w in ["وزارة", "مجلس", "هيئة", "مفوضية", "محكمة"])
# complements that make a head a generic body every company or court has, not one institution:
# مجلس الإدارة (the board), مجلس الأمناء, هيئة التدريس, هيئة المحلفين, هيئة التحرير
GENERIC_COMPLEMENTS = frozenset(
    normalize_word(w) for w in ["الإدارة", "الادارة", "الأمناء", "التدريس", "المحلفين", "التحرير", "المديرين"]
)
# Words ANERcorp tags MISC that marsad leaves to the quantities stage (currencies are units).
UNITS = frozenset(
    normalize_word(w)
    for w in [
        "دولار",
        "دولارا",
        "دولارات",
        "يورو",
        "درهم",
        "دراهم",
        "جنيه",
        "جنيها",
        "شيكل",
        "دينار",
        "دنانير",
        "ريال",
        "ريالات",
        "ليرة",
        "روبية",
        "ين",
    ]
)
PLACE_KINDS = frozenset({"country", "capital", "city", "region"})


@cache
def common_nouns() -> frozenset[str]:
    """Stems of common nouns that are never names (``data/common_nouns.txt``: chemical elements, minerals)."""
    from marsad.ner.features import _lines

    out = set()
    for w in _lines("common_nouns.txt"):
        w = w.strip()
        out.update({normalize_word(w), _lexicon_stem(w)})
    return frozenset(out)


@cache
def idioms() -> frozenset[tuple[str, ...]]:
    """Set phrases that read like names (``data/idioms.txt``: حسن الجوار), as tuples of stems."""
    from marsad.ner.features import _lines

    return frozenset(tuple(_lexicon_stem(w) for w in line.split()) for line in _lines("idioms.txt"))


def _lexicon_stem(word: str) -> str:
    """A lexicon word's clitic-stripped stem, as a token of running text would have it."""
    from marsad.text.tokenize import analyze_clitics

    return analyze_clitics(normalize_word(word), word.endswith("ة"))[1]


_OPEN = {"(": ")", "[": "]", "«": "»", "“": "”", '"': '"', "‹": "›"}


@cache
def _name_words() -> frozenset[str]:
    from marsad import gazetteer
    from marsad.ner.features import given_names, kb_org_names, lexicon

    words: set[str] = set(given_names()) | set(lexicon())
    for key in gazetteer.default_gazetteer().entries:
        words.update(key.split(" "))
    # the KB's one-word organisation and person names (بريكس is not ب + ريكس)
    words.update(w[0] for ws in kb_org_names().values() for w in ws if len(w) == 1)
    words.update(w for names in _kb_person_names()[1].values() for w in names)
    return frozenset(words)


def known_name_word(norm: str) -> bool:
    """Is this normalised word (or its form without the article) part of a known name?"""
    names = _name_words()
    return norm in names or (norm.startswith("ال") and norm[2:] in names)


def _overlaps(found: list[Found], s: int, e: int) -> bool:
    return any(f[0] < e and s < f[1] for f in found)


def _gazetteer_places(toks: list[list[Token]], found: list[Found]) -> None:
    from marsad.ner.features import gazetteer_matches

    for sent in toks:
        for i, j, entry, off in gazetteer_matches([t.norm for t in sent]):
            if entry.kind not in PLACE_KINDS:
                continue
            first = sent[i]
            s = first.start + skip_chars(first, off)
            e = sent[j - 1].end
            inside = [k for k, f in enumerate(found) if f[0] < e and s < f[1]]
            if inside:
                # a mention the place name strictly contains (إسلام of إسلام آباد; a place at its end,
                # دمشق of ريف دمشق) grows to the full name
                g = found[inside[0]]
                if len(inside) == 1 and (g[0], g[1]) == (s, e) and g[2] in ("PERS", "MISC") and j - i > 1:
                    # a place name of two words or more the tagger took for a person (خور مكسر) or for
                    # something else (باعتراف إسلام آباد: "Islam" read as the religion)
                    found[inside[0]] = (s, e, "LOC", g[3], g[4], "gazetteer")
                elif len(inside) == 1 and s <= g[0] and (g[1] < e or (g[2] == "LOC" and s < g[0] and g[1] == e)):
                    # a person's name does not grow into a place's (خور of خور مكسر), nor a word read as
                    # something else (إسلام, the religion, of إسلام آباد): the place is the mention
                    grown = ("LOC", g[3], g[4], "gazetteer") if g[2] in ("PERS", "MISC") else g[2:]
                    found[inside[0]] = (min(g[0], s), e, *grown)
                elif (
                    len(inside) > 1
                    and all(found[k][2] in ("LOC", "MISC") and s <= found[k][0] and found[k][1] <= e for k in inside)
                    and any(found[k][2] == "LOC" for k in inside)
                ):
                    # places the name holds (ريف + دمشق of ريف دمشق, the governorate) become the one place;
                    # so do a place and a word of it read as something else (إسلام MISC + آباد LOC)
                    f = found[inside[0]]
                    found[inside[0]] = (s, e, "LOC", f[3], min(found[k][4] for k in inside), f[5])
                    for k in reversed(inside[1:]):
                        del found[k]
                continue
            found.append((s, e, "LOC", first.sentence, 1.0, "gazetteer"))


@cache
def _kb_person_names() -> tuple[dict[str, list[tuple[tuple[str, ...], str]]], dict[str, tuple[str, ...]]]:
    """The persons of marsad's shipped KB: full names (two words or more) as normalised word tuples
    by first word, longest first, with their entry id; and each entry's one-word names (the KB
    lists a bare surname only where it is distinctive: ترامب, روبيو)."""
    from marsad.kb import default_kb
    from marsad.text.normalize import normalize_word

    full: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    short: dict[str, tuple[str, ...]] = {}
    for entry in default_kb().entries.values():
        if entry.type != "PERSON":
            continue
        words_list = [tuple(normalize_word(w) for w in name.split()) for name in entry.names_ar]
        for words in words_list:
            if len(words) >= 2:
                full.setdefault(words[0], []).append((words, entry.id))
        short[entry.id] = tuple(w[0] for w in words_list if len(w) == 1)
    for lst in full.values():
        lst.sort(key=lambda x: len(x[0]), reverse=True)
    return full, short


def _kb_persons(toks: list[list[Token]], found: list[Found]) -> None:
    """Full names of the KB's persons (دونالد ترامب) as PERS: a mention inside the name grows to
    it (the model tagged دونالد alone), a name overlapping another mention is left alone; then,
    in an article that names the person in full, the person's distinctive one-word name
    (ترامب) wherever no other mention covers it."""
    table, short = _kb_person_names()
    named: set[str] = set()
    for sent in toks:
        norms = [t.norm for t in sent]
        i = 0
        while i < len(sent):
            step = 1
            for words, entry_id in table.get(norms[i], ()):
                k = len(words)
                if tuple(norms[i : i + k]) != words:
                    continue
                s, e = sent[i].start, sent[i + k - 1].end
                inside = [n for n, f in enumerate(found) if f[0] < e and s < f[1]]
                if not inside:
                    found.append((s, e, "PERS", sent[i].sentence, 1.0, "kb"))
                    named.add(entry_id)
                elif len(inside) == 1 and found[inside[0]][2] == "PERS" and s <= found[inside[0]][0]:
                    f = found[inside[0]]
                    if f[1] <= e:
                        found[inside[0]] = (s, e, "PERS", f[3], f[4], f[5])
                        named.add(entry_id)
                step = k
                break
            i += step
    words = {w for entry_id in named for w in short.get(entry_id, ())}
    if not words:
        return
    for sent in toks:
        for t in sent:
            if t.norm in words and not _overlaps(found, t.start, t.end):
                found.append((t.start, t.end, "PERS", t.sentence, 0.9, "kb"))


def _media_names(toks: list[list[Token]], sent_ids: list[int], found: list[Found]) -> None:
    from marsad.ner import _ordinary_word

    for sent in toks:
        n = len(sent)
        for i, t in enumerate(sent[:-1]):
            if t.norm not in MEDIA_CUES and t.stem not in MEDIA_CUES:
                continue
            if "ال" in t.prefix or "لل" in t.prefix:
                continue  # وذكرت الصحيفة أنها ...: the definite cue refers back, no name follows
            j = i + 1
            nxt = sent[j]
            if nxt.text in _OPEN:  # a quoted name: up to the closing mark, at most five tokens
                close = _OPEN[nxt.text]
                k = next((x for x in range(j + 1, min(n, j + 7)) if sent[x].text == close), None)
                if k is None or k == j + 1:
                    continue
                a, b = sent[j + 1], sent[k - 1]
            else:
                if nxt.kind not in ("word", "latin") or nxt.norm in FUNCTION_WORDS:
                    continue
                if nxt.kind == "word" and (nxt.prefix or nxt.norm.startswith("ال")):
                    continue  # an adjective (الأمريكية) or a preposition phrase, not a name
                if nxt.kind == "word" and _ordinary_word(nxt.stem):
                    continue  # a common noun begins a longer name (وكالة أنباء الإمارات), not the name
                if _demonym(nxt.norm):
                    continue
                a = b = nxt
                k = j + 1
                while nxt.kind == "latin" and k < n and sent[k].kind == "latin" and sent[k].text[:1].isupper():
                    b = sent[k]
                    k += 1
            if not _overlaps(found, a.start, b.end):
                found.append((a.start, b.end, "ORG", t.sentence, 0.9, "rule"))


PROCLITICS = frozenset("وفبلك")  # one-letter proclitics: conjunctions و ف, prepositions ب ل ك


def _clitic_forms(word: str) -> dict[str, int]:
    """A word behind one or two proclitics (بوكالة, ولوكالة), with the number of clitic letters."""
    out = {}
    for a in PROCLITICS:
        out[a + word] = 1
        if a in "وف":
            for b in "بلك":
                out[a + b + word] = 2
    return out


_AGENCY = normalize_word("وكالة")
_NEWS = normalize_word("أنباء")
_THE_NEWS = normalize_word("الأنباء")
_AGENCY_FORMS = {_AGENCY: 0, **_clitic_forms(_AGENCY)}  # وكالة, ووكالة, لوكالة ... -> clitic letters
_FOR_NEWS = normalize_word("للأنباء")


@cache
def _kb_org_heads() -> dict[str, tuple[str, int]]:
    """The first words of the KB's organisation names, also behind the clitics a word may carry
    (والمفوضية, ولوكالة: the text layer leaves some on), each mapped to the bare word and the
    number of clitic letters before it: one lookup per token finds the candidates."""
    from marsad.ner.features import kb_org_names

    heads: dict[str, tuple[str, int]] = {w: (w, 0) for w in kb_org_names()}
    for w in list(heads):
        for form, k in _clitic_forms(w).items():
            heads.setdefault(form, (w, k))
    return heads


def skip_chars(t: Token, k: int) -> int:
    """Original characters of ``t`` before its ``k``-th normalised character (0 when ``k`` is 0 or
    beyond the word): how far a mention starts into a token whose first ``k`` letters it leaves out."""
    from marsad.text.normalize import normalize

    if k <= 0:
        return 0
    nt = normalize(t.text)
    return nt.to_original(k, k + 1)[0] if k < len(nt.text) else 0


def _claim_org(found: list[Found], s: int, e: int, sentence: int, source: str) -> None:
    """Add the organisation name [s, e) as ORG, replacing the mentions inside it (فارس, الإمارات of
    a news agency's name); left alone where a mention crosses its edges."""
    inside = [f for f in found if f[0] < e and s < f[1]]
    if all(s <= f[0] and f[1] <= e for f in inside) and not any(f[:3] == (s, e, "ORG") for f in inside):
        found[:] = [f for f in found if not (f[0] < e and s < f[1])]
        found.append((s, e, "ORG", sentence, 0.9, source))


def _kb_orgs(toks: list[list[Token]], found: list[Found]) -> None:
    """Names of two words or more of the organisations in marsad's KB (``وكالة أنباء الإمارات``,
    ``مجلس التعاون الخليجي``) as ORG, found on normalised words (the first word may carry a
    preposition or conjunction: لوكالة). Not after a person's title (قائد الجيش الباكستاني أسيم منير):
    the name is part of the title there, and the events stage takes the person as the actor.
    One-word names are left to the tagger, as many are ordinary words too (فتح, حماس); only where it
    tagged one as a person's name does it become ORG (بريكس)."""
    from marsad.ner.features import kb_org_names, triggers

    table = kb_org_names()
    heads = _kb_org_heads()
    trig = triggers()
    for sent in toks:
        hits = [i for i, t in enumerate(sent) if t.norm in heads]
        if not hits:
            continue
        norms = [t.norm for t in sent]
        after = -1  # the end of the last name found: names do not overlap
        for i in hits:
            if i < after or (i > 0 and "TITLE" in (trig.get(sent[i - 1].norm), trig.get(sent[i - 1].stem))):
                continue
            first = sent[i]
            key, skip = heads[first.norm]
            for words in table[key]:
                k = len(words)
                if k == 1:
                    # a one-word name the tagger took for a person's (بريكس): the KB says organisation
                    s, e = first.start + skip_chars(first, skip), first.end
                    found[:] = [(*f[:2], "ORG", *f[3:]) if f[:3] == (s, e, "PERS") else f for f in found]
                    continue
                if tuple(norms[i + 1 : i + k]) != words[1:]:
                    continue
                last = i + k - 1
                if _cue_before_name(words):
                    # صحيفة دون الباكستانية: the name is دون, as after any media cue
                    start = sent[i + 1].start
                    while last > i + 1 and _adjective(norms[last]):
                        last -= 1
                else:
                    start = first.start + skip_chars(first, skip)
                _claim_org(found, start, sent[last].end, first.sentence, "kb")
                after = i + k
                break


def _cue_before_name(words: tuple[str, ...]) -> bool:
    """Does a KB name begin with a media cue that is not part of the name: صحيفة دون, قناة الجزيرة,
    وكالة رويترز (but وكالة أنباء الإمارات and وكالة الصحافة الفرنسية are agencies' names)?"""
    if words[0] not in MEDIA_CUES:
        return False
    return words[0] != _AGENCY or not (words[1] in (_NEWS, _THE_NEWS) or words[1].startswith("ال"))


def _adjective(norm: str, min_len: int = 6) -> bool:
    """A definite relative adjective (الباكستانية, الأمريكي) of at least ``min_len`` letters: it
    describes a name, it is not one."""
    return norm.startswith("ال") and norm.endswith(("يه", "ي")) and len(norm) >= min_len


def _demonym(norm: str) -> bool:
    from marsad import gazetteer

    entry = gazetteer.default_gazetteer().lookup(norm)
    return entry is not None and entry.kind == "demonym"


def _news_agencies(toks: list[list[Token]], found: list[Found]) -> None:
    """A news agency's name as ORG: وكالة أنباء فارس, وكالة الأنباء الألمانية, وكالة مهر للأنباء (the
    tagger takes فارس for a person, and the media cue rule skips أنباء, a common noun)."""
    for sent in toks:
        for i, t in enumerate(sent[:-2]):
            skip = _AGENCY_FORMS.get(t.norm)
            if skip is None:
                continue
            a, b = sent[i + 1], sent[i + 2]
            if b.kind != "word" or b.norm in FUNCTION_WORDS:
                continue
            if (
                a.norm == _NEWS  # وكالة أنباء فارس، وكالة أنباء الإمارات
                or (a.norm == _THE_NEWS and _demonym(b.norm))  # وكالة الأنباء الألمانية (not الرسمية)
                or (a.kind == "word" and a.norm not in FUNCTION_WORDS and b.norm == _FOR_NEWS)  # وكالة مهر للأنباء
            ):
                _claim_org(found, t.start + skip_chars(t, skip), b.end, t.sentence, "rule")


def _institutions(toks: list[list[Token]], found: list[Found]) -> None:
    from marsad.ner.features import triggers

    org_heads = {w for w, c in triggers().items() if c in ("ORG", "MEDIA")}
    for sent in toks:
        n = len(sent)
        for i, t in enumerate(sent):
            head = t.stem if t.prefix in ("", "و", "ف", "ب", "ل", "ك") else None
            # head + a definite noun (+ definite adjectives): وزارة الخارجية الأمريكية
            if (
                head in INSTITUTION_HEADS
                and i + 1 < n
                and sent[i + 1].norm.startswith("ال")
                and sent[i + 1].kind == "word"
                and sent[i + 1].norm not in GENERIC_COMPLEMENTS
            ):
                j = i + 2
                while (
                    j < n
                    and j < i + 4
                    and sent[j].kind == "word"
                    and _adjective(sent[j].norm, min_len=5)
                ):
                    j += 1
                s, e = t.start + _lead_clitics(t), sent[j - 1].end
                if not any(f[0] < e and s < f[1] and f[5] == "ner" and f[2] != "ORG" for f in found):
                    found[:] = [f for f in found if not (f[0] < e and s < f[1])]
                    found.append((s, e, "ORG", t.sentence, 0.9, "rule"))
            # an organisation's head noun and adjective before "لل..." name: الجمعية العامة للأمم المتحدة
            if (t.norm in org_heads or t.stem in org_heads) and t.norm.startswith("ال") and i + 2 < n:
                adj = sent[i + 1]
                nxt = sent[i + 2]
                if adj.kind == "word" and adj.norm.startswith("ال") and nxt.norm.startswith("لل"):
                    hit = [k for k, f in enumerate(found) if f[0] <= nxt.end and f[1] >= nxt.start and f[2] == "ORG"]
                    if len(hit) == 1 and found[hit[0]][0] >= adj.end:
                        f = found[hit[0]]
                        grown = (t.start, f[1], "ORG", f[3], f[4], f[5])
                        # the head and adjective may already be a mention of their own (الجمعية العامة)
                        found[:] = [g for g in found if g is f or not (t.start <= g[0] and g[1] <= f[1])]
                        found[found.index(f)] = grown


# Facilities, institutions and prizes named after a king or a prince (مطار الملك خالد الدولي, مركز
# الملك سلمان للإغاثة, كأس الملك): the name after the title is not a mention of the person. In 2,000
# SaudiNewsNet articles about 190 PERS mentions stood in such names (مطار 37, مستشفى 30, مركز 27 ...).
_FACILITY_KINDS = {
    "LOC": ["مطار", "ملعب", "استاد", "إستاد", "ستاد", "مدينة", "جسر", "طريق", "شارع", "ميناء", "حديقة", "حدائق",
            "منتزه", "قاعدة", "حي", "برج", "قصر", "مسجد", "جامع", "واحة"],
    "ORG": ["جامعة", "جامعتي", "مستشفى", "مركز", "مؤسسة", "مكتبة", "دارة", "مجمع", "كلية", "معهد", "صندوق", "جمعية",
            "برنامج", "مشروع", "أكاديمية", "مدارس", "مدرسة"],
    "MISC": ["جائزة", "كأس", "وسام", "قلادة", "بطولة"],
}  # fmt: skip
FACILITY_HEADS = {normalize_word(w): kind for kind, words in _FACILITY_KINDS.items() for w in words}
ROYAL_TITLES = frozenset(
    normalize_word(w) for w in ["الملك", "الأمير", "الملكة", "الأميرة", "الشيخ", "السلطان", "الإمام"]
)


def _named_facilities(toks: list[list[Token]], found: list[Found]) -> None:
    """A mention after a royal title after a facility's head noun (or holding that title) becomes the
    facility's name, with the adjectives and لل complements that follow it (مطار الملك خالد الدولي:
    LOC; مركز الملك سلمان للإغاثة والأعمال الإنسانية: ORG; كأس الملك: MISC), in place."""
    from marsad.ner.features import triggers

    trig = triggers()
    where = {t.start: (sent, i) for sent in toks for i, t in enumerate(sent)}
    grown: list[Found] = []
    for f in found:
        sent, i = where.get(f[0], (None, 0))
        if sent is None:
            continue
        if i >= 1 and sent[i].norm in ROYAL_TITLES:
            i += 1  # the tagger took the title in (الملك خالد الدولي as MISC)
        if i < 2 or i >= len(sent):
            continue
        title, head = sent[i - 1], sent[i - 2]
        kind = FACILITY_HEADS.get(head.stem) if head.prefix in ("", "و", "ف", "ب", "ل", "وب", "ول") else None
        if kind is None or title.norm not in ROYAL_TITLES:
            continue
        j = next((x for x in range(i, len(sent)) if sent[x].end >= f[1]), i) + 1
        # then adjectives (الدولي), a لل complement (للإغاثة) and a noun joined to it (والأعمال)
        while j < len(sent) and j < i + 8 and sent[j].kind == "word" and trig.get(sent[j].norm) != "TITLE":
            nxt = sent[j].norm
            joined = nxt.startswith("وال") and sent[j - 1].norm.startswith("لل")
            if not (nxt.startswith("لل") or _adjective(nxt, 5) or joined):
                break
            j += 1
        grown.append((head.start + _lead_clitics(head), sent[j - 1].end, kind, f[3], f[4], "rule"))
    for g in grown:
        found[:] = [f for f in found if not (g[0] <= f[0] and f[1] <= g[1])]
        found.append(g)


def _lead_clitics(t: Token) -> int:
    from marsad.ner import _clitic_skip

    return _clitic_skip(t)


def _acronym_orgs(toks: list[list[Token]], found: list[Found]) -> None:
    acronyms: dict[str, int] = {}
    for sent in toks:
        n = len(sent)
        for i, t in enumerate(sent):
            if t.text != "(" or i + 2 >= n or sent[i + 2].text != ")":
                continue
            acr = sent[i + 1]
            if acr.kind != "latin" or not acr.text.isupper() or len(acr.text) < 2:
                continue
            j = i
            while j > 0 and sent[j - 1].kind == "latin" and sent[j - 1].text[:1].isupper():
                j -= 1
            run = sent[j:i]
            if len(run) < 2:
                continue
            letters = "".join(c for w in run for c in w.text if c.isupper())
            initials = "".join(w.text[0] for w in run)
            if acr.text not in (letters, initials):
                continue
            s, e = run[0].start, run[-1].end
            found[:] = [f for f in found if not (f[0] < e and s < f[1])]
            found.append((s, e, "ORG", t.sentence, 0.9, "rule"))
            acronyms[acr.text] = t.sentence
    if not acronyms:
        return
    for sent in toks:
        for t in sent:
            if t.kind == "latin" and t.text in acronyms:
                found[:] = [f for f in found if not (f[0] < t.end and t.start < f[1] and f[5] != "rule")]
                if not _overlaps(found, t.start, t.end):
                    found.append((t.start, t.end, "ORG", t.sentence, 0.9, "rule"))


def _mention_tokens(toks: list[list[Token]]) -> tuple[Callable[[Found], list[Token]], Callable[[Found], Token | None]]:
    """Two functions: the tokens a mention covers (its first token may begin before the mention,
    whose clitics were left out), and the token before the mention in its sentence (None at the
    sentence's start)."""
    import bisect

    flat = [t for s in toks for t in s]
    starts = [t.start for t in flat]

    def before(f: Found) -> Token | None:
        k = bisect.bisect_right(starts, f[0]) - 1  # the token the mention starts in
        if k <= 0 or flat[k - 1].sentence != flat[k].sentence:
            return None
        return flat[k - 1]

    def covered(f: Found) -> list[Token]:
        words = flat[bisect.bisect_left(starts, f[0] - 8) : bisect.bisect_left(starts, f[1])]
        return [t for t in words if t.end > f[0]]

    return covered, before


# plural scale words the number parser reads only after a number (ثلاثة ملايين)
_SCALE_PLURALS = frozenset(normalize_word(w) for w in ["آلاف", "ألوف", "ملايين", "مليارات", "بلايين"])


def _after_amount(token_before: Callable[[Found], Token | None], f: Found) -> bool:
    """Whether the mention follows a number or a number word (مقابل 8 ملايين ريال: the currency)."""
    from marsad.quantities import parse_number_words

    t = token_before(f)
    if t is None:
        return False
    return t.kind == "number" or t.norm in _SCALE_PLURALS or parse_number_words(t.text) is not None


def _drop_ordinary(
    tokens_of: Callable[[Found], list[Token]], found: list[Found], token_before: Callable[[Found], Token | None]
) -> list[Found]:
    out = []
    for f in found:
        words = tokens_of(f)
        if words and all(t.kind in ("punct", "symbol") or t.norm in FUNCTION_WORDS for t in words):
            continue
        content = [t for t in words if t.kind not in ("punct", "symbol") and t.norm not in FUNCTION_WORDS]
        if f[2] == "MISC" and content and all(_unit_or_invocation(t) for t in content):
            continue
        if content and all(t.norm in GOD for t in content):
            continue  # God's name the tagger took for a place or a person (في رحاب الله)
        if content and _money_words(content) and (
            (f[2] != "ORG" and not (f[2] == "LOC" and content[0].prefix)) or _after_amount(token_before, f)
        ):
            continue  # ٣٥٠ باوند, ريال سعودي, 8 ملايين ريال: amounts; ريال alone may be the club (ORG), منطقة اليورو a place
        if content and all(t.stem in common_nouns() for t in content):
            continue  # النيوديميوم والبراسيوديميوم: elements, not an organisation
        if len(content) > 1 and tuple(t.stem for t in content) in idioms():
            continue  # حسن الجوار: good-neighbourliness, not حسن + a surname
        if f[2] == "LOC" and len(content) == 1 and content[0].stem == COUNTRYSIDE and "ال" not in content[0].prefix:
            continue  # ريف of ريف حلب, "the countryside of Aleppo": حلب is the place (الريف, the Rif, is kept)
        out.append(f)
    return out


# God's name as ANERcorp tags it (MISC), with the clitics it takes: in news it is invocation (رحمه الله،
# إن شاء الله), not an entity an analyst follows: 178 of 2,175 MISC mentions in 1,000 SaudiNewsNet
# articles, in 96 of them. عبد الله and حزب الله are PERS and ORG mentions, which this never touches.
GOD = frozenset(normalize_word(w) for w in ["الله", "لله", "والله", "ولله", "بالله", "وبالله", "فالله", "تالله", "فلله"])


# Words that call on God before الله (سائلين الله, رحمه الله, رضي الله عنه): the CRF reads "X الله" as a
# name like عبد الله. A person mention is cut before them (فيصل -رحمه الله -> فيصل) or dropped when
# nothing is left (سائلين الله, نحمد الله: 17 PERS mentions in 1,200 SaudiNewsNet articles).
INVOKING = frozenset(
    normalize_word(w)
    for w in [
        "رحمه", "رحمها", "رحمهما", "رحمهم", "يرحمه", "يرحمها", "تغمده", "تغمدها", "رضي", "حفظه", "حفظها",
        "حفظهم", "حماه", "حماها", "حماك", "سائلين", "سائلا", "سائلًا", "سائلاً", "سائلة", "داعين", "داعيا",
        "راجين", "راجيا", "بارك", "نحمد", "نسأل", "أسأل", "يسأل", "شاء", "سبحان", "الحمد", "حمدا", "بسم",
    ]
)  # fmt: skip


def _invocations(tokens_of: Callable[[Found], list[Token]], found: list[Found]) -> list[Found]:
    out = []
    for f in found:
        if f[2] != "PERS":
            out.append(f)
            continue
        words = tokens_of(f)
        if all(t.norm in INVOKING and not known_name_word(t.norm) for t in words if t.kind == "word"):
            continue  # سائلاً alone: the call on God without His name (بارك alone is Park, a person)
        cut = next(
            (k for k in range(len(words) - 1) if words[k].norm in INVOKING and words[k + 1].norm in GOD), None
        )
        if cut is None:
            out.append(f)
            continue
        keep = [t for t in words[:cut] if t.kind in ("word", "latin")]
        if keep:
            out.append((f[0], keep[-1].end, *f[2:]))
    return out


def _titles_after_names(tokens_of: Callable[[Found], list[Token]], found: list[Found]) -> list[Found]:
    """An organisation or place mention ending in a definite title right before a person's name loses
    the title (رئيس نادي النصر الأمير فيصل بن تركي -> النصر): 11 mentions in 1,200 SaudiNewsNet
    articles. A title not followed by a person stays (شرم الشيخ)."""
    from marsad.ner.features import triggers

    trig = triggers()
    person_starts = {f[0] for f in found if f[2] == "PERS"}
    out = []
    for f in found:
        if f[2] != "PERS":
            words = [t for t in tokens_of(f) if t.kind == "word"]
            last = words[-1] if len(words) > 1 else None
            if (
                last is not None
                and last.norm.startswith("ال")
                and trig.get(last.norm) == "TITLE"
                and (f[1] + 1 in person_starts or f[1] + 2 in person_starts)  # after a space or two
            ):
                f = (f[0], words[-2].end, *f[2:])
        out.append(f)
    return out


KUNYA_HEADS = frozenset(normalize_word(w) for w in ["أم", "أبو", "أبي", "أبا"])


def _kunyas(tokens_of: Callable[[Found], list[Token]], found: list[Found]) -> list[Found]:
    """A kunya, أم or أبو and a given name (أم منصور, أبو مازن), is a person's name, whatever type the
    tagger gave it: 8 ORG or LOC mentions in 1,200 SaudiNewsNet articles. Places named so (أبو ظبي،
    أم درمان، أم القرى) have no given name in them."""
    from marsad.ner.features import given_names

    names = given_names()
    out = []
    for f in found:
        if f[2] != "PERS":
            words = [t for t in tokens_of(f) if t.kind == "word"]
            if len(words) == 2 and words[0].stem in KUNYA_HEADS and words[1].norm in names:
                f = (f[0], f[1], "PERS", *f[3:])
        out.append(f)
    return out


@cache
def _month_names() -> frozenset[str]:
    """Month names that are also given names (رمضان، رجب، شعبان، نيسان): the time stage's lexicon."""
    from marsad.time.lexicon import lexicon

    return lexicon().ambiguous


def _months(tokens_of: Callable[[Found], list[Token]], found: list[Found]) -> list[Found]:
    """Drop a one-word person mention that is a month name (رمضان in "في رمضان", "ليالي رمضان": the
    CRF tags it once and propagation spreads it: 25 wrong PERS mentions in 1,200 SaudiNewsNet
    articles, none right) unless the article names a person with it in a longer name (طارق رمضان)."""
    months = _month_names()
    one_word: dict[int, str] = {}
    in_names: set[str] = set()
    for i, f in enumerate(found):
        if f[2] != "PERS":
            continue
        words = [t for t in tokens_of(f) if t.kind == "word"]
        if len(words) == 1 and words[0].stem in months:
            one_word[i] = words[0].stem
        elif len(words) > 1:
            in_names.update(t.stem for t in words)
    if not one_word:
        return found
    return [f for i, f in enumerate(found) if i not in one_word or one_word[i] in in_names]


COUNTRYSIDE = "ريف"

# Adverbs of rate after a currency (مليوني ريال سنويا): part of the amount, not of a name.
RATE_ADVERBS = frozenset(normalize_word(w) for w in ["سنويا", "شهريا", "يوميا", "أسبوعيا", "فقط"])


def _money_words(content: list[Token]) -> bool:
    """Currency words, with only a nationality (ريال سعودي) or a rate (ريال سنويا) beside them: the
    tagger took an amount's unit for a name (باوند as a person, 5 times in one article)."""
    from marsad.ner.features import currency_nouns

    units = currency_nouns()
    money = False
    for t in content:
        if t.norm in units or t.stem in units:
            money = True
        elif not (t.norm in RATE_ADVERBS or _demonym(t.norm)):
            return False
    return money


def _unit_or_invocation(t: Token) -> bool:
    """A word of a MISC mention the stage drops: a currency or measure (ANERcorp tags them MISC:
    جنيه إسترليني, للأوقية; the quantities stage reads the amounts) or God's name."""
    from marsad.ner.features import currency_nouns

    units = currency_nouns()
    return t.norm in GOD or t.norm in UNITS or t.stem in UNITS or t.norm in units or t.stem in units


def apply_rules(analysis: Analysis, toks: list[list[Token]], sent_ids: list[int], found: list[Found]) -> list[Found]:
    tokens_of, token_before = _mention_tokens(toks)
    found = _months(tokens_of, _invocations(tokens_of, _drop_ordinary(tokens_of, list(found), token_before)))
    found = _titles_after_names(tokens_of, _kunyas(tokens_of, found))
    _acronym_orgs(toks, found)
    _named_facilities(toks, found)
    _institutions(toks, found)
    _kb_orgs(toks, found)
    _news_agencies(toks, found)
    _media_names(toks, sent_ids, found)
    _gazetteer_places(toks, found)
    _kb_persons(toks, found)
    return found

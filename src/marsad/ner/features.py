"""Features for the CRF tagger, computed from surface tokens alone (so the same code serves the
pipeline, where tokens come from the text layer, and CoNLL files, where they come one per line).

Word forms: the text layer's clitic analysis (:func:`marsad.text.tokenize.analyze_clitics`), plus
one step it cannot take without a lexicon: a preposition ب ل ك on a word without the article is
split off when general-Arabic frequencies vouch for the rest (``لسلتيك`` -> ل + سلتيك, while
``لبنان`` stays whole), and a و or ف the text layer took for a conjunction is kept when the whole
word is far more common than the rest (``فيليب``, ``فلوريدا``): :func:`marsad.text.tokenize.refine_clitics`
with the frequency table of :mod:`marsad.text.frequencies`.

Speed: everything that depends on one word only is computed once per distinct word (cached) for
each relative position it may be seen from (-2 … +2), already prefixed; a sentence's feature lists
are then concatenations of cached tuples, plus a few bigram and gazetteer features per token.

Knowledge features (all learned by the CRF, none a rule; those marked * are opt-in, off in the
shipped model: see the ``USE_*`` flags below): trigger words (``triggers.tsv``: titles,
organisation heads, place cues, *event heads such as كأس/بطولة/جائزة); given names (``names.txt``);
name/place/club words (``lexicon.tsv``); person-name words as given (``pn=G``), family (``pn=F``) or
unknown-role (``pn=N``) name, for the word and its neighbours, and adjacent pairs of a known full
name (``fn=B``/``fn=I``), a word the lists do not know right after a given name (``gn>unk``), from ``person_names.tsv``/``full_names.txt`` (:mod:`marsad.ner.build_names`);
the packaged gazetteer (``gz=``); general-Arabic word frequency (``zf=``, ``alr=``, from
``wordfreq.tsv.gz``); how much a word's letters look like a person's or a place's name
(``nmP=``, ``nmG=``, :mod:`marsad.ner.nameness`); currency nouns in any form (``cur``, the
quantities stage's lexicon: ANERcorp tags currencies MISC); *organisation names of marsad's KB (``kb=B``/``kb=I``); and, in a
sentence holding a sports cue (``sport_cues.txt``), the gazetteer and lexicon flags conjoined with
the sports context (``sp&gz=…``, ``sp&lx=…``: a city there is often a club).

Organisation names (``og=``, :mod:`marsad.ner.orgs`: UniversalPetrarch's actor dictionary and a
list written here), for the word and its neighbours.

A word before an opening bracket, with what follows it (``(>num``, ``(>country``, ``(>w``): results
and line-ups put a club before its country and a scorer before the minute, in brackets.

Quoted stretches of at most ``QUOTE_MAX`` tokens (``q=…``, :func:`quote_features`): news quotes
the titles of programmes, newspapers and car models (« الناس وأنا », ' ' معاريف ' ').
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from importlib import resources

from marsad.caches import FEATURE_CACHE_SIZE, feature_cache
from marsad.gazetteer import default_gazetteer
from marsad.ner.nameness import band, nameness_table
from marsad.ner.orgs import org_tags
from marsad.ner.representations import word_clusters
from marsad.text import analyze_word
from marsad.text.frequencies import word_frequencies
from marsad.text.normalize import normalize_word
from marsad.text.tokenize import TOKEN_RE

FEATURE_VERSION = 11  # bump when features change: a model records the version it was trained with

_PUNCT_QUOTES = frozenset("\"“”«»'‘’")


def _lines(name: str) -> list[str]:
    text = resources.files("marsad.ner").joinpath(f"data/{name}").read_text("utf-8")
    return [ln for ln in (line.split("#", 1)[0].rstrip() for line in text.splitlines()) if ln.strip()]


@cache
def triggers() -> dict[str, str]:
    """Normalised trigger word -> class (TITLE, ORG, MEDIA, PLACE, NAMEPART, SPEECH)."""
    out: dict[str, str] = {}
    for line in _lines("triggers.tsv"):
        word, _, cls = line.partition("\t")
        if cls.strip() == "EVENT" and not USE_EVENT_TRIGGERS:
            continue
        out.setdefault(normalize_word(word.strip()), cls.strip())
    return out


@cache
def given_names() -> frozenset[str]:
    return frozenset(normalize_word(w.strip()) for w in _lines("names.txt"))


@cache
def lexicon() -> dict[str, tuple[str, ...]]:
    """Normalised stem -> lexicon classes (PER, GEO, CLUB); see :mod:`marsad.ner.build_lexicon`."""
    out: dict[str, tuple[str, ...]] = {}
    for line in _lines("lexicon.tsv"):
        word, _, cls = line.partition("\t")
        out[word] = tuple(cls.split(","))
    return out


@cache
def person_names() -> dict[str, tuple[str, ...]]:
    """Normalised word or stem -> name classes (G given, F family, N role unknown); see
    :mod:`marsad.ner.build_names`."""
    out: dict[str, tuple[str, ...]] = {}
    for line in _lines("person_names.tsv"):
        word, _, cls = line.partition("\t")
        out[word] = tuple(cls.split(","))
    return out


@cache
def full_name_pairs() -> frozenset[str]:
    """Adjacent words of known full names ("normalised normalised"); see :mod:`marsad.ner.build_names`."""
    return frozenset(_lines("full_names.txt"))


@cache
def _pair_firsts() -> frozenset[str]:
    return frozenset(p.split(" ", 1)[0] for p in full_name_pairs())


def _name_classes(norm: str, stem: str) -> tuple[str, ...]:
    pn = person_names()
    found = pn.get(norm) or pn.get(stem)
    if found is None and len(norm) >= 5 and norm[0] in "وفبل":
        found = pn.get(norm[1:])  # وغادة، بعبدالاله: a proclitic the stemmer left on
    return tuple(c for c in found if c in NAME_CLASSES) if found else ()


@cache
def currency_nouns() -> frozenset[str]:
    """Normalised forms of currency nouns (دولار، دولارا، يوان ...): the quantities stage's lexicon."""
    from marsad.quantities.units import currency_tables

    return frozenset(currency_tables().nouns)


@cache
def sport_cues() -> frozenset[str]:
    """Normalised sports-context cue words (forms and stems)."""
    out = set()
    for w in _lines("sport_cues.txt"):
        _k, norm, _p, stem, _x = _word_analysis(w.strip())
        out.update((norm, stem))
    return frozenset(out)


@cache
def kb_org_names() -> dict[str, list[tuple[str, ...]]]:
    """Arabic names of the organisations in marsad's KB (``marsad.kb`` data files ``orgs.tsv``,
    ``media.tsv``, ``national.tsv``) as tuples of normalised words, by first word, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    kb = resources.files("marsad.kb").joinpath("data")
    for name in ("orgs.tsv", "media.tsv", "national.tsv"):
        try:
            text = kb.joinpath(name).read_text("utf-8")
        except OSError:
            continue
        rows = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
        if not rows:
            continue
        col = rows[0].index("names_ar") if "names_ar" in rows[0] else 3
        for row in rows[1:]:
            for nm in row[col].split("|") if len(row) > col else ():
                words = tuple(normalize_word(w) for w in nm.split())
                if len(words) >= 2 or (words and len(words[0]) >= 4):
                    out.setdefault(words[0], []).append(words)
    for lst in out.values():
        lst.sort(key=len, reverse=True)
    return out


def kb_org_tags(norms: Sequence[str]) -> list[str | None]:
    """Per token: 'B'/'I' where a KB organisation name covers it, else None."""
    table = kb_org_names()
    out: list[str | None] = [None] * len(norms)
    i, n = 0, len(norms)
    while i < n:
        step = 1
        for words in table.get(norms[i], ()):
            k = len(words)
            if tuple(norms[i : i + k]) == words:
                out[i] = "B"
                for x in range(i + 1, i + k):
                    out[x] = "I"
                step = k
                break
        i += step
    return out


# Knowledge features (see the module docstring). On in the shipped model: person names, full-name
# pairs, the sports context and the unknown-word-after-a-given-name flag (dev micro F1 72.86 -> 73.77,
# CRF alone 70.48 -> 72.44; held-out fifth of ANERcorp train 76.48 -> 77.73). Off (no gain measured):
# event triggers, KB organisation names. Changing one means retraining and bumping FEATURE_VERSION.
USE_EVENT_TRIGGERS = False
USE_NGRAMS = True
USE_KB = False
USE_SPORT = True
USE_NAMES = True
NAME_WINDOW = 1  # neighbours (each side) that see a word's name classes
USE_FULLNAMES = True
USE_GNUNK = True
NEAR_NO_ARTICLE = True
NAME_CLASSES = ("G", "F", "N")
USE_WF = True  # general-Arabic frequency features (dev 73.77 -> 74.92, held-out fifth 77.73 -> 78.91)
# CRF dev / held-out-fifth F1 when each was added (one at a time, in this order):
USE_QUOTES = True  # short quoted stretches: titles, newspapers, car models (73.45 -> 75.44 / 79.00 -> 78.97)
USE_ORGS = True  # organisation names, data/org_names.tsv (76.42 -> 76.48 / 79.10 -> 79.80)
USE_CURRENCY = True  # currency nouns, the quantities stage's lexicon (5-fold CV 77.41 -> 77.76)
# (the bracket feature ``(>``, always on, came last: 76.48 -> 76.10 / 79.80 -> 80.28)
# name-likeness of a word from its letters (76.10 -> 76.56 / 80.28 -> 80.44; 5-fold cross-validation
# over train.txt 76.23 -> 76.58); in cross-validation, also given to the neighbours' views: 76.06;
# only for words of Zipf < 3: 76.32; from 3- and 4-grams alone, for those words: 75.94; bands of a
# quarter unit: 76.46, of a whole unit: 76.15; conjoined with the article: 76.45, with the Zipf band:
# 76.17 (and the CRF's c1 0.1: 76.61, c2 0.05: 76.61, so DEFAULT_PARAMS stay)
USE_NAMENESS = True
USE_CLUSTERS = True  # word clusters learned from unlabelled news (:mod:`marsad.ner.representations`)
CLUSTER_OWN = (0, 1, 2)  # the depths a word sees of its own clusters
CLUSTER_NEAR = (1,)  # ... and of its neighbours' (±1)
CLUSTER_FAR: tuple[int, ...] = ()  # ... and of the words two away
QUOTE_MAX = 6  # the longest quoted stretch (in tokens) that may be a name rather than a quotation


def _wf_features(norm: str, stem: str) -> list[str]:
    """How common the word is in general Arabic (``zf=`` Zipf band, ``none`` when rare), and how
    much more common its stem is with the article ال than without (``alr=``): nouns and adjectives
    take the article, foreign surnames and most place names do not."""
    wf = word_frequencies()
    z = wf.get(norm)
    out = ["zf=" + (str(int(z)) if z is not None else "none")]
    zs = wf.get(stem)
    za = wf.get("ال" + stem)
    if zs is None and za is None:
        out.append("alr=none")
    else:
        d = (za or 0.5) - (zs or 0.5)
        out.append("alr=" + str(max(-3, min(3, round(d)))))
    return out


def _shape(s: str) -> str:
    out = []
    for ch in s:
        c = "A" if ch.isupper() else "a" if ch.islower() else "9" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


def word_analysis(surface: str) -> tuple[str, str, str, str, str]:
    """(kind, norm, prefix, stem, suffix) of a surface token: the text layer's analysis, with its
    clitics refined by general-Arabic word frequencies (:func:`marsad.text.tokenize.refine_clitics`)."""
    return _word_analysis(surface)


# Cached on top of the text layer's cache: the neural tagger and training call this once per token,
# and the token-kind match costs 0.76 s against 0.24 s cached over 460,765 tokens (500 articles).
@feature_cache
def _word_analysis(surface: str) -> tuple[str, str, str, str, str]:
    m = TOKEN_RE.fullmatch(surface)
    kind = m.lastgroup if m else "other"
    if kind == "word":
        # the text layer's cached analysis (one code path for every stage). Its clitics are refined
        # by frequencies since features v8: 5-fold CV F1 of the CRF 76.58 -> 76.86, held-out fifth
        # 80.44 -> 81.04 (also keeping a pronoun-like ending the same way, أثينا: CV 76.74)
        norm, prefix, stem, suffix, _start, _end = analyze_word(surface)
        return "word", norm, prefix, stem, suffix
    norm = normalize_word(surface)
    if kind == "char":
        kind = "punct"
    return kind or "other", norm, "", norm, ""


@feature_cache
def _nameness_features(stem: str) -> tuple[str, ...]:
    # cached per stem: the surfaces of one stem (الحكومة، والحكومة، للحكومة) share the features
    nm = nameness_table().score(stem)
    return () if nm is None else (_NM_PER[band(nm[0])], _NM_GEO[band(nm[1])])


# the few feature strings the bands make, shared by every cached word
_NM_PER = {str(b): "nmP=" + str(b) for b in range(-3, 4)}
_NM_GEO = {str(b): "nmG=" + str(b) for b in range(-3, 4)}


@feature_cache
def word_views(surface: str) -> tuple[tuple[str, ...], ...]:
    """Features of one word as seen from offsets 0, -1, +1, -2, +2 (in that order), then the pair
    (normalised form, stem)."""
    return _word_views(surface)


def _word_views(surface: str) -> tuple[tuple[str, ...], ...]:
    own, near, far, info = _word_parts(surface)
    return (
        own,
        tuple(["-1:" + f for f in near]),
        tuple(["+1:" + f for f in near]),
        tuple(["-2:" + f for f in far]),
        tuple(["+2:" + f for f in far]),
        info,
    )


_Parts = tuple[tuple[str, ...], list[str], list[str], tuple]


def _word_parts(surface: str) -> _Parts:
    """A word's own features, the features it shows its near (±1) and far (±2) neighbours (without
    the offset prefix), and the forms and flags the sentence-level features read (see the end)."""
    kind, norm, prefix, stem, suffix = _word_analysis(surface)
    pn: tuple[str, ...] = ()
    trig = triggers()
    t = trig.get(norm) or trig.get(stem) or trig.get("ال" + stem if prefix.endswith("ال") else stem)
    bare = prefix[:-2] if prefix.endswith("ال") else prefix.replace("لل", "ل")
    f0 = ["b", "w=" + norm, "s=" + stem, "k=" + kind]
    if prefix:
        f0.append("p=" + prefix)
    if bare:
        f0.append("pc=" + bare)  # conjunction/preposition clitics, without the article
    cl: tuple[str, ...] | None = None
    if "ال" in prefix or "لل" in prefix:
        f0.append("al")
    if suffix:
        f0.append("x=" + suffix)
    if kind == "word":
        n = len(stem)
        f0 += ["s2=" + stem[:2], "s3=" + stem[:3], "e1=" + stem[-1:], "e2=" + stem[-2:], "e3=" + stem[-3:]]
        f0.append("len=" + str(min(n, 9)))
        if n >= 5:
            f0.append("e4=" + stem[-4:])
        if stem.endswith(("ي", "يه", "يون", "يين")):
            f0.append("nisba")
        if stem in given_names() or norm in given_names():
            f0.append("gn")
        lx = lexicon().get(stem, ())
        f0.extend("lx=" + c for c in lx)
        if USE_CURRENCY and (stem in currency_nouns() or norm in currency_nouns()):
            f0.append("cur")  # ANERcorp tags currencies MISC: دولار, and the rarer يوان، روبلا
        pn = _name_classes(norm, stem) if USE_NAMES else ()
        f0.extend("pn=" + c for c in pn)
        if USE_WF:
            f0.extend(_wf_features(norm, stem))
        if USE_NAMENESS:
            f0.extend(_nameness_features(stem))
        if USE_NGRAMS and n >= 4:
            f0.extend(dict.fromkeys("g3=" + stem[i : i + 3] for i in range(1, n - 3)))
        cl = _clusters(stem) if USE_CLUSTERS else None
    elif kind == "latin":
        f0.append("sh=" + _shape(surface))
        f0.append("lw=" + surface.lower())
        if surface.isupper() and len(surface) > 1:
            f0.append("acr")
    elif kind == "number":
        f0.append("sh=" + _shape(surface))
    else:
        f0.append("pu=" + surface if len(surface) == 1 else "pu=long")
        if surface in _PUNCT_QUOTES:
            f0.append("q")
    if t:
        f0.append("t=" + t)
    if cl:
        f0.extend(_CL_NAMES[d] + cl[d] for d in CLUSTER_OWN)
    near = ["w=" + norm, "s=" + stem]
    if kind != "word":
        near.append("k=" + kind)
    if bare:
        near.append("pc=" + bare)
    if "ال" in prefix or "لل" in prefix:
        near.append("al")
    if t:
        near.append("t=" + t)
    if kind == "word":
        if stem in given_names():
            near.append("gn")
        near.extend("lx=" + c for c in lexicon().get(stem, ()))
        if NAME_WINDOW >= 1 and not (NEAR_NO_ARTICLE and "ال" in prefix):
            near.extend("pn=" + c for c in pn)  # not for الميداني: an adjective before a name misleads
    if cl:
        near.extend(_CL_NAMES[d] + cl[d] for d in CLUSTER_NEAR)
    far = ["s=" + stem]
    if t:
        far.append("t=" + t)
    if cl:
        far.extend(_CL_NAMES[d] + cl[d] for d in CLUSTER_FAR)
    if kind == "word" and NAME_WINDOW >= 2:
        far.extend("pn=" + c for c in pn)
    # not features: the word's forms and flags the sentence-level features need, so callers need one
    # cache lookup: (norm, stem, name classes, is an Arabic word, may start a full-name pair, sports cue)
    is_word = bool(norm) and "\u0621" <= norm[-1] <= "\u064a"  # ends with an Arabic letter
    firsts = _pair_firsts() if USE_FULLNAMES else frozenset()
    cues = sport_cues() if USE_SPORT else frozenset()
    info = (norm, stem, pn, is_word, norm in firsts or stem in firsts, norm in cues or stem in cues)
    return tuple(f0), near, far, info


_CL_NAMES = tuple(f"cl{d + 1}=" for d in range(8))


def _clusters(stem: str) -> tuple[str, ...] | None:
    table = word_clusters()
    return None if table is None or len(stem) < 2 else table.get(stem)


_BOS1 = ("-1:BOS",)
_EOS1 = ("+1:EOS",)
_EMPTY: tuple[str, ...] = ()


_GZ_CACHE: dict[tuple[str, ...], list] = {}


def gazetteer_matches(norms: Sequence[str]) -> list:
    """``Gazetteer.find_tokens`` of the packaged gazetteer over a sentence's normalised tokens,
    memoised for the sentences seen last (the NER features and the stage's rules both ask)."""
    key = tuple(norms)
    found = _GZ_CACHE.get(key)
    if found is None:
        found = default_gazetteer().find_tokens(list(norms))
        if len(_GZ_CACHE) >= 2048:
            _GZ_CACHE.clear()
        _GZ_CACHE[key] = found
    return found


def gazetteer_tags(norms: Sequence[str]) -> list[str | None]:
    """Per token: 'B-kind'/'I-kind' where a gazetteer phrase covers it (matched on the tokens'
    normalised forms), else None."""
    out: list[str | None] = [None] * len(norms)
    for i, j, entry, _off in gazetteer_matches(norms):
        out[i] = "B-" + entry.kind
        for k in range(i + 1, j):
            out[k] = "I-" + entry.kind
    return out


def _full_pair(norms: Sequence[str], stems: Sequence[str], i: int) -> bool:
    pairs = full_name_pairs()
    second = norms[i + 1]
    return norms[i] + " " + second in pairs or stems[i] + " " + second in pairs


ViewsFn = Callable[[str], tuple[tuple[str, ...], ...]]


def filtered_views(known: frozenset[str], cache_size: int | None = None) -> ViewsFn:
    """A ``word_views`` that keeps only the features a model knows (the CRF ignores the others,
    so the result is the same, and the tagger converts fewer strings), with its own least-recently-used
    cache of ``cache_size`` words (by default :data:`marsad.caches.FEATURE_CACHE_SIZE`).
    The cache holds the model's own copy of each feature string, not the word's: a cached word costs
    its tuples only (100k words of new strings would be about 170 MB)."""
    canonical = {f: f for f in known}.get
    # per neighbour offset, the known features by their unprefixed form: a neighbour's view is then
    # picked from the word's parts without building the strings the model would drop
    m1, p1, m2, p2 = ({f[len(o) :]: f for f in known if f.startswith(o)} for o in ("-1:", "+1:", "-2:", "+2:"))

    def views(word: str) -> tuple[tuple[str, ...], ...]:
        own, near, far, info = _word_parts(word)
        return (
            tuple(filter(None, map(canonical, own))),
            tuple([m1[f] for f in near if f in m1]),
            tuple([p1[f] for f in near if f in p1]),
            tuple([m2[f] for f in far if f in m2]),
            tuple([p2[f] for f in far if f in p2]),
            info,
        )

    return lru_cache(maxsize=cache_size or FEATURE_CACHE_SIZE)(views)


def sentence_features(
    tokens: Sequence[str], *, views: ViewsFn | None = None, known: frozenset[str] | None = None
) -> list[list[str]]:
    """Feature lists for one sentence of surface tokens. With ``views``/``known`` (from the tagger),
    features the model does not know are left out."""
    if not tokens:
        return []
    vf = views or word_views
    wv = [vf(t) for t in tokens]
    norms = [v[5][0] for v in wv]
    stems = [v[5][1] for v in wv]
    gaz = gazetteer_tags(norms)
    n = len(tokens)
    opt_in = USE_KB or USE_SPORT or USE_GNUNK or USE_FULLNAMES
    kbt = kb_org_tags(norms) if USE_KB else [None] * n if opt_in else []
    sport = False
    if USE_SPORT:
        sport = any(v[5][5] for v in wv)
    # full-name pairs (i, i+1), each checked once
    pair = [False] * n
    if USE_FULLNAMES:
        for i in range(n - 1):
            if wv[i][5][4] and wv[i + 1][5][3] and wv[i][5][3] and _full_pair(norms, stems, i):
                pair[i] = True
    # the opt-in sentence-level features, computed only for the tokens that can have any (all of them
    # in a sports sentence or with KB tags; otherwise those after a given name or in a full-name pair)
    knowledge: dict[int, list[str]] = {}
    if opt_in:
        if sport or USE_KB:
            candidates: Iterable[int] = range(n)
        else:
            after_given = [i + 1 for i in range(n - 1) if "G" in wv[i][5][2]] if USE_GNUNK else []
            in_pair = [i for i in range(n) if pair[i] or (i > 0 and pair[i - 1])] if any(pair) else []
            candidates = sorted(set(after_given).union(in_pair))
        for i in candidates:
            found: list[str] = []
            _knowledge_features(found, i, wv, gaz, kbt, sport, pair)
            if found:
                knowledge[i] = found
    # most sentences hold no quote mark at all: one C-level test over the joined text skips them
    quoted = quote_features(tokens, stems) if USE_QUOTES and not _PUNCT_QUOTES.isdisjoint("".join(tokens)) else {}
    orgs = org_tags(stems) if USE_ORGS else None
    # the bigrams of neighbouring stems, looked up once per sentence (most are unknown to the model)
    bigrams = [stems[i] + "|" + stems[i + 1] for i in range(n - 1)]
    bg_before: list[str | None] = [None, *("bg-=" + p for p in bigrams)]
    bg_after: list[str | None] = ["bg+=" + p for p in bigrams]
    bg_after.append(None)
    if known is not None:
        bg_before = [x if x in known else None for x in bg_before]
        bg_after = [x if x in known else None for x in bg_after]
    # the rarer multi-word features, by token, in the order each token lists them
    rare: dict[int, list[str]] = defaultdict(list)
    if any(gaz):
        for i, g in enumerate(gaz):
            if g:
                rare[i].append("gz=" + g)
            if i > 0 and gaz[i - 1]:
                rare[i].append("-1:gz=" + gaz[i - 1])  # type: ignore[operator]
            if i + 1 < n and gaz[i + 1]:
                rare[i].append("+1:gz=" + gaz[i + 1])  # type: ignore[operator]
    for i in sorted(knowledge.keys() | quoted.keys()):
        rare[i].extend(knowledge.get(i, ()))
        rare[i].extend(quoted.get(i, ()))
    for i in range(n - 2):
        if tokens[i + 1] == "(":
            # results and line-ups: a club before its country in brackets (ليون ( فرنسا )), a
            # scorer before the minute (بنزيمة ( 89 ))
            after = tokens[i + 2]
            rare[i].append("(>" + ("num" if after[:1].isdigit() else gaz[i + 2][2:] if gaz[i + 2] else "w"))  # type: ignore[index]
    if orgs is not None and any(orgs):
        for i, o in enumerate(orgs):
            if o:
                rare[i].append("og=" + o)
            if i > 0 and orgs[i - 1]:
                rare[i].append("-1:og=" + orgs[i - 1])  # type: ignore[operator]
            if i + 1 < n and orgs[i + 1]:
                rare[i].append("+1:og=" + orgs[i + 1])  # type: ignore[operator]
    # each token's own view, then the views of the words around it as seen from it: shifted lists,
    # padded with the sentence edges
    own = [v[0] for v in wv]
    before = [_BOS1, *(v[1] for v in wv[:-1])]
    after1 = [*(v[2] for v in wv[1:]), _EOS1]
    before2 = [_EMPTY, _EMPTY, *(v[3] for v in wv[:-2])][:n]
    after2 = [*(v[4] for v in wv[2:]), _EMPTY, _EMPTY][:n]
    out = []
    rows = zip(own, before, after1, before2, after2, bg_before, bg_after, strict=True)
    for i, (v0, v1, v2, v3, v4, x, y) in enumerate(rows):
        f = [*v0, *v1, *v2, *v3, *v4]
        if x:
            f.append(x)
        if y:
            f.append(y)
        if i in rare:
            extra = rare[i]
            f.extend(extra if known is None else [z for z in extra if z in known])
        out.append(f)
    return out


def _is_quote(token: str) -> bool:
    return bool(token) and token[0] in _PUNCT_QUOTES and all(ch in _PUNCT_QUOTES for ch in token)


def quote_features(tokens: Sequence[str], stems: Sequence[str]) -> dict[int, list[str]]:
    """Per token inside a short quoted stretch (at most ``QUOTE_MAX`` tokens between quote marks):
    ``q=in``, the stretch's length, the token's place in it and the word before the opening mark
    (``q<=برنامج``). News puts the titles of programmes and films, newspapers and car models in
    quotes (« الناس وأنا »), and longer quotations are speech, not names. Adjacent quote tokens
    (ANERcorp writes '' as two ' tokens) count as one mark; « opens and » closes, the symmetric
    marks alternate."""
    marks: list[tuple[int, int, str]] = []  # (first, last) token index of each mark, its kind
    i, n = 0, len(tokens)
    while i < n:
        if _is_quote(tokens[i]):
            j = i
            while j + 1 < n and _is_quote(tokens[j + 1]):
                j += 1
            kind = "open" if tokens[i][0] in "«“‘" else "close" if tokens[i][0] in "»”’" else "sym"
            marks.append((i, j, kind))
            i = j + 1
        else:
            i += 1
    out: dict[int, list[str]] = {}
    if len(marks) < 2:
        return out
    k = 0
    while k + 1 < len(marks):
        (a0, a1, ka), (b0, _b1, kb) = marks[k], marks[k + 1]
        if ka == "close" or kb == "open":
            k += 1
            continue
        length = b0 - a1 - 1
        if 1 <= length <= QUOTE_MAX:
            cue = "q<=" + stems[a0 - 1] if a0 > 0 else "q<=BOS"
            band = "q=n" + str(min(length, 4))
            for t in range(a1 + 1, b0):
                f = ["q=in", band, cue]
                if t == a1 + 1:
                    f.append("q=first")
                if t == b0 - 1:
                    f.append("q=last")
                out[t] = f
        k += 2
    return out


def _knowledge_features(
    extra: list[str],
    i: int,
    wv: Sequence[tuple[tuple[str, ...], ...]],
    gaz: Sequence[str | None],
    kbt: Sequence[str | None],
    sport: bool,
    pair: Sequence[bool],
) -> None:
    """The opt-in sentence-level features of token ``i`` (see the ``USE_*`` flags), added to ``extra``."""
    g = gaz[i]
    if kbt[i]:
        extra.append("kb=" + kbt[i])  # type: ignore[operator]
    if sport:
        if g:
            extra.append("sp&gz=" + g)
        for c in ("lx=GEO", "lx=CLUB", "lx=PER"):
            if c in wv[i][0]:
                extra.append("sp&" + c)
        if i > 0 and gaz[i - 1]:
            extra.append("sp&-1:gz=" + gaz[i - 1])  # type: ignore[operator]
    # a word the name lists do not know after a given name: a foreign or rare surname
    # (دونالد ترامب) is as likely as an ordinary word, and the CRF weighs the two apart
    here = wv[i][5]
    if USE_GNUNK and i > 0 and here[3] and not here[2] and "G" in wv[i - 1][5][2]:
        extra.append("gn>unk")
    if pair[i]:
        extra.append("fn=B")
    if i > 0 and pair[i - 1]:
        extra.append("fn=I")

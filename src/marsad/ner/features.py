"""Features for the CRF tagger, computed from surface tokens alone (so the same code serves the
pipeline, where tokens come from the text layer, and CoNLL files, where they come one per line).

Speed: everything that depends on one word only is computed once per distinct word (cached) for
each relative position it may be seen from (-2 … +2), already prefixed; a sentence's feature lists
are then concatenations of cached tuples, plus a few bigram and gazetteer features per token.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from importlib import resources

from marsad.gazetteer import default_gazetteer
from marsad.text.normalize import normalize_word, strip_tashkeel
from marsad.text.tokenize import TOKEN_RE, analyze_clitics

FEATURE_VERSION = 1  # bump when features change: a model records the version it was trained with

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


USE_NGRAMS = True


def _shape(s: str) -> str:
    out = []
    for ch in s:
        c = "A" if ch.isupper() else "a" if ch.islower() else "9" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


def word_analysis(surface: str) -> tuple[str, str, str, str, str]:
    """(kind, norm, prefix, stem, suffix) of a surface token, as the text layer would give them."""
    return _word_analysis(surface)


@lru_cache(maxsize=100_000)
def _word_analysis(surface: str) -> tuple[str, str, str, str, str]:
    norm = normalize_word(surface)
    m = TOKEN_RE.fullmatch(surface)
    kind = m.lastgroup if m else "other"
    if kind == "word":
        prefix, stem, suffix = analyze_clitics(norm, strip_tashkeel(surface).endswith("ة"))
        return "word", norm, prefix, stem, suffix
    if kind == "char":
        kind = "punct"
    return kind or "other", norm, "", norm, ""


@lru_cache(maxsize=50_000)
def word_views(surface: str) -> tuple[tuple[str, ...], ...]:
    """Features of one word as seen from offsets 0, -1, +1, -2, +2 (in that order), then the pair
    (normalised form, stem)."""
    return _word_views(surface)


def _word_views(surface: str) -> tuple[tuple[str, ...], ...]:
    kind, norm, prefix, stem, suffix = _word_analysis(surface)
    trig = triggers()
    t = trig.get(norm) or trig.get(stem) or trig.get("ال" + stem if prefix.endswith("ال") else stem)
    bare = prefix[:-2] if prefix.endswith("ال") else prefix.replace("لل", "ل")
    f0 = ["b", "w=" + norm, "s=" + stem, "k=" + kind]
    if prefix:
        f0.append("p=" + prefix)
    if bare:
        f0.append("pc=" + bare)  # conjunction/preposition clitics, without the article
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
        if USE_NGRAMS and n >= 4:
            f0.extend(dict.fromkeys("g3=" + stem[i : i + 3] for i in range(1, n - 3)))
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
    views: list[tuple[str, ...]] = [tuple(f0)]
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
    far = ["s=" + stem]
    if t:
        far.append("t=" + t)
    for tag, feats in (("-1:", near), ("+1:", near), ("-2:", far), ("+2:", far)):
        views.append(tuple(tag + f for f in feats))
    views.append((norm, stem))  # not features: the word's forms, so callers need one cache lookup
    return tuple(views)


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


ViewsFn = Callable[[str], tuple[tuple[str, ...], ...]]


def filtered_views(known: frozenset[str], cache_size: int = 100_000) -> ViewsFn:
    """A ``word_views`` that keeps only the features a model knows (the CRF ignores the others,
    so the result is the same, and the tagger converts fewer strings), with its own bounded cache."""
    cache: dict[str, tuple[tuple[str, ...], ...]] = {}

    def views(word: str) -> tuple[tuple[str, ...], ...]:
        v = cache.get(word)
        if v is None:
            full = _word_views(word)
            v = (*(tuple(f for f in view if f in known) for view in full[:5]), full[5])
            if len(cache) >= cache_size:
                cache.clear()
            cache[word] = v
        return v

    return views


def sentence_features(
    tokens: Sequence[str], *, views: ViewsFn | None = None, known: frozenset[str] | None = None
) -> list[list[str]]:
    """Feature lists for one sentence of surface tokens. With ``views``/``known`` (from the tagger),
    features the model does not know are left out."""
    vf = views or word_views
    wv = [vf(t) for t in tokens]
    norms = [v[5][0] for v in wv]
    stems = [v[5][1] for v in wv]
    gaz = gazetteer_tags(norms)
    n = len(tokens)
    out = []
    for i in range(n):
        f = list(wv[i][0])
        f.extend(wv[i - 1][1] if i > 0 else _BOS1)
        f.extend(wv[i + 1][2] if i + 1 < n else _EOS1)
        if i > 1:
            f.extend(wv[i - 2][3])
        if i + 2 < n:
            f.extend(wv[i + 2][4])
        extra = []
        if i > 0:
            extra.append("bg-=" + stems[i - 1] + "|" + stems[i])
        if i + 1 < n:
            extra.append("bg+=" + stems[i] + "|" + stems[i + 1])
        g = gaz[i]
        if g:
            extra.append("gz=" + g)
        if i > 0 and gaz[i - 1]:
            extra.append("-1:gz=" + gaz[i - 1])  # type: ignore[operator]
        if i + 1 < n and gaz[i + 1]:
            extra.append("+1:gz=" + gaz[i + 1])  # type: ignore[operator]
        if known is not None:
            extra = [x for x in extra if x in known]
        f.extend(extra)
        out.append(f)
    return out

"""Arabic named-entity recognition: statistical taggers trained here on ANERcorp, plus general post-rules.

Four taggers, one interface (``tag(sentences, marginals=..., window=...)``), chosen by name with
:func:`load_tagger` (``--model`` on the command line, ``{"ner": {"model": ...}}`` in a pipeline):

- ``crf`` (the default): python-crfsuite over the features of :mod:`marsad.ner.features`; the
  fastest (the speed, load-time and memory figures of ``benchmarks/ner.py`` are for it);
- ``neural``: a BiLSTM-CRF over the same features plus a character CNN and each stem's word vector
  learned from unlabelled news (:mod:`marsad.ner.neural`, NumPy inference; trained by
  :mod:`marsad.ner.neural_train` with PyTorch; vectors: :mod:`marsad.ner.representations`), better
  on names never seen in training, about 3x slower;
- ``stacked``: the CRF, then a second CRF that also sees what the first said about the same words
  elsewhere in the document (:mod:`marsad.ner.stacking`; model ``data/ner.stack.crfsuite``);
- ``ensemble``: the neural model and the stacked CRF (its second pass), their tag posteriors averaged
  and decoded as a valid BIO sequence: the most accurate on held-out training data, the slowest.

Entry points:

- :class:`NerStage` (pipeline stage ``"ner"``: requires ``tokens``, provides ``mentions``).
- :func:`tag` (sentences of surface tokens -> BIO tags over PERS, LOC, ORG, MISC), used by
  ``marsad ner`` and ``marsad eval ner``; ``document=True`` (the default) applies the document-level
  label propagation described below to the sentences given together.
- :func:`load_tagger` (the packaged model, loaded once per process; ``path=`` for another).

How a document is tagged:

1. The tagger tags each sentence (the CRF: :mod:`marsad.ner.features`, model ``data/ner.crfsuite``;
   the stacked CRF then tags the document again with what the first pass found in it: the whole
   article in the pipeline, sentences within ``window`` of each other in a CoNLL file).
2. Label propagation: a name the CRF tagged somewhere in the document is tagged with the same type
   where it recurs untagged (compared on clitic-stripped stems, so ``للبنك التجاري`` follows
   ``البنك التجاري``); the last word of a multi-word person name is propagated alone too
   (``روبيو`` after ``ماركو روبيو``). A single word whose form with the article is an ordinary word
   of Arabic (``دين``, ``الدين``) is never propagated alone, nor a person's title (``ولي``,
   ``الوزير``), nor a MISC name tagged as one word with the article (``العقال`` in quotes: a topic
   noun, see ``_NO_DEFINITE_SEEDS``). Then one type per name: a mention whose type the same name's
   other mentions outvote (at least 3 of them, 2 more than its own type) takes
   the majority type (``برشلونة`` tagged ORG three times and LOC once is ORG throughout). Before
   all this, a person's name loses a title at its edges (``محمد بن سلمان ولي`` [العهد], ``البابا فرنسيس``).
3. In the pipeline stage only (not in the CoNLL tagger, whose output is scored against ANERcorp's
   guidelines), general rules add what the statistical model misses: places from the gazetteer
   (countries, capitals, cities, regions; never nationality adjectives) as LOC with source
   ``gazetteer`` (a CRF mention the place name strictly contains grows to it: ``إسلام`` ->
   ``إسلام آباد``, ``مصر العربية`` -> ``جمهورية مصر العربية``, and places it holds become one:
   ``ريف`` + ``دمشق`` -> ``ريف دمشق``, while ``ريف`` alone before a place is dropped); a name after
   a royal title after a facility's head noun as that facility (``مطار الملك خالد الدولي`` LOC,
   ``مركز الملك سلمان للإغاثة`` ORG, ``كأس الملك فهد`` MISC); the word after a newspaper/channel
   cue (``صحيفة دون``) as ORG; a public
   institution's head noun with its definite complement (``وزارة الخارجية الأمريكية``, ``مجلس
   الأمن``) as ORG, and an organisation head with its adjective before a ``لل`` name (``الجمعية
   العامة للأمم المتحدة``); a run of capitalised Latin words followed by its acronym in brackets
   (``US Strategic Metals (USSM)``) as ORG, and the acronym wherever it recurs; names of two words
   or more of the organisations in marsad's KB (``صندوق النقد الدولي``, ``تنظيم داعش``; not after a
   person's title, where the name is part of the title) and news agencies' names (``وكالة أنباء
   فارس``, ``وكالة مهر للأنباء``) as ORG, replacing the mentions inside them; full names of the
   persons in marsad's KB (``دونالد ترامب``: a mention of ``دونالد`` alone grows to it), and then the
   person's distinctive one-word name (``ترامب``) elsewhere in the article, as PERS with source
   ``kb``; and they drop
   mentions made only of function words or punctuation, MISC mentions made only of currency and
   measure words that ANERcorp tags MISC (``جنيه إسترليني``, ``للأوقية``: units, left to the
   quantities stage) or of God's name (``الله``, ``لله``: invocations, not entities an analyst
   follows), a call on God the tagger read as part of a person's name (``سائلين الله`` is dropped,
   ``فيصل -رحمه الله`` becomes ``فيصل``), and mentions made only of common nouns the tagger takes for names
   (``data/common_nouns.txt``: النيوديميوم is not an organisation, الميليشيات not a name), God's
   name alone whatever its type, units of amounts as persons, places or MISC (``باوند``, ``ريال
   سعودي``), and a month name alone as a person (``في رمضان``) unless a longer name in the article
   has it (``طارق رمضان``); a kunya (``أم منصور``) is a person whatever type the tagger gave it; set phrases that read like
   names (``data/idioms.txt``: ``حسن الجوار``) are dropped; an organisation or place mention ends
   before the title of a person named after it (``نادي النصر الأمير فيصل`` -> ``النصر``).

Mention spans: offsets into the original text. A mention never starts with a conjunction or
preposition clitic (``وإسلام آباد`` -> ``إسلام آباد``; ``بواشنطن`` -> ``واشنطن`` when the rest is a
known name), unless the document shows the letter belongs to the name (``كيري`` begins two
mentions and ``يري`` none); a first ``س`` the text layer reads as the future prefix stays (``سامسونج``: names
take no future prefix); the article ال stays (``الهند``); where ل and the article are fused the word stays whole (``للولايات المتحدة``:
the article cannot be cut out of the text, and the gazetteer finds the name in it). Confidence is the mean marginal probability of the
mention's tags (a tag only propagation gave counts 0.67, the precision measured for such mentions;
1.0 for gazetteer matches, 0.9 for the other rules). ``marsad eval ner --calibration`` shows how
often a mention of each confidence band is right.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from marsad.errors import InputError, ResourceError
from marsad.eval.scoring import bio_to_spans
from marsad.model import Analysis, Mention, Token
from marsad.pipeline import Stage

if TYPE_CHECKING:
    from marsad.ner.neural import NeuralTagger

log = logging.getLogger(__name__)

__all__ = [
    "CRF_MODEL_PATH",
    "MODEL_PATH",
    "NEURAL_MODEL_PATH",
    "NerStage",
    "Tagger",
    "check_ner_model",
    "load_tagger",
    "ner_options",
    "propagate",
    "tag",
]

CRF_MODEL_PATH = Path(str(resources.files("marsad.ner").joinpath("data/ner.crfsuite")))
NEURAL_MODEL_PATH = Path(str(resources.files("marsad.ner").joinpath("data/ner.npz")))
MODEL_PATH = CRF_MODEL_PATH  # the model the pipeline uses by default
TYPES = ("PERS", "LOC", "ORG", "MISC")


class Tagger:
    """A loaded CRF model, with its second-pass (stacked) model when one was trained beside it and
    ``stacked`` is asked for (see :mod:`marsad.ner.stacking`)."""

    def __init__(self, path: str | Path = MODEL_PATH, *, stacked: bool = False) -> None:
        from marsad.ner.features import FEATURE_VERSION, filtered_views

        path = Path(path)
        if not path.exists():
            raise ResourceError(f"NER model {path} is missing: train one with `marsad train ner --out {path}`")
        meta_path = path.with_suffix(".json")
        if meta_path.exists():
            meta = json.loads(meta_path.read_text("utf-8"))
            if meta.get("feature_version") != FEATURE_VERSION:
                raise ResourceError(
                    f"NER model {path} was trained with features v{meta.get('feature_version')}, this marsad "
                    f"computes v{FEATURE_VERSION}: retrain it with `marsad train ner --out {path}`"
                )
        self.path = path
        self._crf = _open_crf(path)
        self._stack = None
        if stacked:
            second = stack_path(path)
            if not second.exists():
                raise ResourceError(
                    f"NER model {path} has no second-pass model {second}: retrain it with `marsad train ner`"
                )
            self._stack = _open_crf(second)
        # The attributes the models know (written beside them at training time): features outside
        # them are dropped before they reach crfsuite, which would ignore them anyway.
        paths = [path] + ([stack_path(path)] if stacked else [])
        if all(attrs_path(p).exists() for p in paths):
            known: set[str] = set()
            for p in paths:
                known.update(attrs_path(p).read_text("utf-8").split("\n"))
            self.known: frozenset[str] | None = frozenset(known)
            self._views = filtered_views(self.known)
        else:
            self.known, self._views = None, None

    @property
    def stacked(self) -> bool:
        return self._stack is not None

    def _features(
        self,
        sentences: Sequence[Sequence[str]],
        window: int | None,
        given: Sequence[list[list[str]]] | None = None,
        first_pass: list[Any] | None = None,
    ) -> Iterable[list[list[str]]]:
        """Each sentence's feature lists, with the second-pass document features when stacked. One
        sentence at a time for a single pass (a large CoNLL file is never held as features).
        ``given``: the feature lists when the caller has them (the ensemble's, shared with the
        neural model: left unchanged). ``first_pass``: when stacked, receives each sentence's
        first-pass posteriors (see :meth:`posteriors`)."""
        from marsad.ner.features import sentence_features

        if self._stack is None:
            if given is not None:
                return given
            return (sentence_features(toks, views=self._views, known=self.known) if toks else [] for toks in sentences)
        from marsad.ner.stacking import document_features

        if given is not None:
            feats = [[list(f) for f in x] for x in given]  # the document features are added to these
        else:
            feats = [sentence_features(toks, views=self._views, known=self.known) if toks else [] for toks in sentences]

        crf = self._crf
        have = set(crf.labels()) if first_pass is not None else set()
        first = []
        for x in feats:
            crf.set(x)
            first.append(crf.tag() if x else [])
            if first_pass is not None:
                first_pass.append(_marginal_matrix(crf, len(x), have))
        doc = document_features(_stems(sentences), first, window=window)
        for x, d in zip(feats, doc, strict=True):
            for fx, fd in zip(x, d, strict=True):
                fx.extend(fd)
        return feats

    def _last(self) -> Any:
        return self._stack if self._stack is not None else self._crf

    def posteriors(
        self,
        sentences: Sequence[Sequence[str]],
        *,
        window: int | None = None,
        features: Sequence[list[list[str]]] | None = None,
        first_pass: list[Any] | None = None,
    ) -> list[Any]:
        """Per sentence, the (length, len(TAGS)) marginal probabilities of the BIO tags, columns in
        :data:`marsad.ner.neural.TAGS` order (a tag the model never saw: 0). ``window``: see
        :meth:`tag`; ``features``: see :meth:`_features`. ``first_pass``: a list that receives, for
        a stacked model, the first pass's posteriors too (computed on the way, at little cost)."""
        crf = self._last()
        have = set(crf.labels())
        out = []
        for x in self._features(sentences, window, features, first_pass):
            if x:
                crf.set(x)
            out.append(_marginal_matrix(crf, len(x), have))
        return out

    def tag(
        self, sentences: Sequence[Sequence[str]], *, marginals: bool = False, window: int | None = None
    ) -> tuple[list[list[str]], list[list[float]]]:
        """BIO tags of each sentence and, when asked, each tag's marginal probability (-1.0 for O
        tags, whose probability nobody needs; an empty list when not asked). ``window``: for a
        stacked model, the sentences on each side that count as one document (None: all the
        sentences given are one document)."""
        crf = self._last()
        tags: list[list[str]] = []
        probs: list[list[float]] = []
        for x in self._features(sentences, window):
            if not x:
                tags.append([])
                probs.append([])
                continue
            crf.set(x)
            tg = crf.tag()
            tags.append(tg)
            probs.append([crf.marginal(t, i) if t != "O" else -1.0 for i, t in enumerate(tg)] if marginals else [])
        return tags, probs


def _marginal_matrix(crf: Any, n: int, have: set[str]) -> Any:
    """The (n, len(TAGS)) marginals of the sentence last ``set`` on ``crf`` (a label it lacks: 0)."""
    import numpy as np

    from marsad.ner.neural import TAGS as ORDER

    m = np.zeros((n, len(ORDER)), np.float32)
    if n:
        for j, lab in enumerate(ORDER):
            if lab in have:
                m[:, j] = [crf.marginal(lab, i) for i in range(n)]
    return m


def _open_crf(path: Path) -> Any:
    import pycrfsuite

    crf = pycrfsuite.Tagger()
    try:
        crf.open(str(path))
    except Exception as e:  # pycrfsuite raises a bare ValueError/IOError on a bad file
        raise ResourceError(f"cannot load NER model {path}: {e}") from e
    return crf


def stack_path(model: Path) -> Path:
    """The second-pass model trained beside ``model`` (``ner.crfsuite`` -> ``ner.stack.crfsuite``)."""
    return model.with_suffix(".stack" + model.suffix)


def attrs_path(model: Path) -> Path:
    """The file listing a model's attributes, one per line (``ner.crfsuite`` -> ``ner.attrs.txt``)."""
    return model.with_suffix(".attrs.txt")


def write_attrs(model: Path) -> Path:
    """Write the attribute list of ``model`` beside it (done by training)."""
    import pycrfsuite

    tg = pycrfsuite.Tagger()
    tg.open(str(model))
    attrs = sorted({a for a, _ in tg.info().state_features})
    out = attrs_path(model)
    out.write_text("\n".join(attrs), "utf-8")
    return out


class EnsembleTagger:
    """The CRF and the neural tagger together: the mean of the tag posteriors of the CRF (its
    second pass when it is stacked) and the neural model, decoded as the best valid BIO sequence
    (I-X only after B-X or I-X). Slower than either model (it runs both); the most accurate on the
    held-out fifth of the training data and on dev (see the README)."""

    def __init__(self, crf: Tagger, neural: NeuralTagger) -> None:
        from marsad.ner.features import filtered_views

        self.crf = crf
        self.neural = neural
        # one set of features for both models: those either knows (each skips the other's)
        self.known = crf.known | neural.known if crf.known is not None else None
        self._views = filtered_views(self.known) if self.known is not None else None

    def tag(
        self, sentences: Sequence[Sequence[str]], *, marginals: bool = False, window: int | None = None
    ) -> tuple[list[list[str]], list[list[float]]]:
        from marsad.ner.features import sentence_features
        from marsad.ner.neural import TAGS as ORDER
        from marsad.ner.neural import best_bio_path

        tags: list[list[str]] = []
        probs: list[list[float]] = []
        feats = [sentence_features(toks, views=self._views, known=self.known) if toks else [] for toks in sentences]
        # Two members, the stacked CRF and the neural model, equal weights. The stacked CRF's first pass
        # was a third member up to features v10 (held-out fifth 82.89 against 81.64 without it); since
        # the neural model reads word vectors (v11) it costs: dev 80.49 -> 78.72, fifth 82.53 -> 82.59
        # (docs/ner.md, session 12).
        members = [self.crf.posteriors(sentences, window=window, features=feats)]
        members.append(self.neural.posteriors(sentences, features=feats))
        for posts in zip(*members, strict=True):
            post = sum(posts) / len(posts)
            path = best_bio_path(post)
            tags.append([ORDER[k] for k in path])
            probs.append([float(post[i, k]) if k else -1.0 for i, k in enumerate(path)] if marginals else [])
        return tags, probs


AnyTagger = Union[Tagger, "NeuralTagger", EnsembleTagger]
MODEL_NAMES = ("crf", "stacked", "neural", "ensemble")  # names ``load_tagger`` accepts besides file paths


@cache
def _named_tagger(name: str) -> AnyTagger:
    if name == "crf":
        return Tagger(CRF_MODEL_PATH)
    if name == "stacked":
        return Tagger(CRF_MODEL_PATH, stacked=True)
    if name == "neural":
        from marsad.ner.neural import NeuralTagger

        return NeuralTagger(NEURAL_MODEL_PATH)
    crf, neural = _named_tagger("stacked"), _named_tagger("neural")
    return EnsembleTagger(crf, neural)  # type: ignore[arg-type]


def load_tagger(model: str | Path | None = None) -> AnyTagger:
    """A tagger, loaded once per process for the packaged ones: None or ``"crf"`` the packaged CRF
    (fast: the default), ``"stacked"`` the CRF with its second, document-level pass
    (:mod:`marsad.ner.stacking`), ``"neural"`` the packaged BiLSTM-CRF, ``"ensemble"`` the neural
    model and the stacked CRF combined (most accurate, slowest); otherwise the path of a model file:
    ``.npz`` a neural model (:mod:`marsad.ner.neural`), anything else a CRF model (stacked when its
    second-pass model lies beside it)."""
    if model is None or str(model) in MODEL_NAMES:
        return _named_tagger(str(model or "crf"))
    if Path(model).suffix == ".npz":
        from marsad.ner.neural import NeuralTagger

        return NeuralTagger(model)
    return Tagger(model, stacked=stack_path(Path(model)).exists())


def check_ner_model(model: str | PathLike[str] | None, *, option: str = "--ner-model") -> str | None:
    """The named-entity model asked for, checked before any work is done: None (or "") for the default
    CRF, one of :data:`marsad.ner.MODEL_NAMES` as given, or the path of an existing model file, returned
    absolute (worker processes find it whatever their working folder). Anything else is an
    :class:`InputError` that names ``option`` and lists the valid names."""
    if model is None or str(model) == "":
        return None
    if str(model) in MODEL_NAMES:
        return str(model)
    path = Path(model)
    if path.is_file():
        return str(path.resolve())
    raise InputError(
        f"{option} {str(model)!r}: no such model; choose one of {', '.join(MODEL_NAMES)} "
        "(crf is the default), or give the path of an existing model file"
    )


def ner_options(model: str | None) -> dict[str, dict[str, Any]] | None:
    """Pipeline ``options`` for a model from :func:`check_ner_model` (None: the default, no options)."""
    return {"ner": {"model": model}} if model else None


def _stem(surface: str) -> str:
    from marsad.ner.features import word_analysis

    return word_analysis(surface)[3]


def _stems(sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """The tagger's stems of every token (one import, then a cached analysis per token: propagation
    asks for every token of every article)."""
    from marsad.ner.features import word_analysis

    return [[word_analysis(t)[3] for t in s] for s in sentences]


def propagate(
    sentences: Sequence[Sequence[str]],
    tags: list[list[str]],
    *,
    window: int | None = None,
    stems: list[list[str]] | None = None,
) -> list[list[str]]:
    """Document-level label propagation (see the module docstring). Changes ``tags`` in place and
    returns it. Only untagged stretches are tagged; words of one or two letters never propagate.
    ``window``: use only the names found within that many sentences before and after (for files
    with no document boundaries, such as ANERcorp); None: the whole input is one document.
    ``stems``: the tokens' clitic-stripped forms when the caller has them, as the tagger's features
    read them (:func:`marsad.ner.features.word_analysis`); computed when not given."""
    _trim_titles(sentences, tags)  # first: a title propagated alone would be a name everywhere
    if stems is None:
        stems = _stems(sentences)
    found: list[list[tuple[tuple[str, ...], str]]] = []
    for sent, st, tg in zip(sentences, stems, tags, strict=True):
        here: list[tuple[tuple[str, ...], str]] = []
        found.append(here)
        if tg.count("O") == len(tg):
            continue
        for a, b, lab in bio_to_spans(tg):
            key = tuple(st[a:b])
            if all(len(k) >= 3 for k in key):
                if b - a > 1 or not (
                    _ordinary_word(key[0]) or _title_word(key[0]) or (lab in _NO_DEFINITE_SEEDS and _definite(sent[a]))
                ):
                    here.append((key, str(lab)))
                if lab == "PERS" and b - a >= 2 and not (_ordinary_word(key[-1]) or _title_word(key[-1])):
                    here.append(((key[-1],), "PERS"))
    if not any(found):
        return tags
    whole = _vote_table(found) if window is None else None
    for si, (st, tg) in enumerate(zip(stems, tags, strict=True)):
        if whole is not None:
            table = whole
        else:
            lo, hi = max(0, si - window), min(len(found), si + window + 1)  # type: ignore[operator]
            if not any(found[lo:hi]):
                continue
            table = _vote_table(found[lo:hi])
        _apply_votes(st, tg, table)
    _consistent_types(stems, tags, window)
    return tags


# A MISC name tagged as one word with the article (العقال in quotes, البازار) does not spread: such a
# seed is mostly a topic noun of a feature article, and propagation would repeat it wherever the article
# discusses it (العقال: 38 mentions in one SaudiNewsNet article). Persons are exempt: one-word family
# names with the article (وأوضح المنصور) are common in news, and in 800 articles blocking their seeds
# lost 5 right mentions and no wrong one.
_NO_DEFINITE_SEEDS = frozenset({"MISC"})


def _definite(surface: str) -> bool:
    from marsad.ner.features import word_analysis

    prefix = word_analysis(surface)[2]
    return "ال" in prefix or "لل" in prefix


def _title_word(stem: str) -> bool:
    """A person's title (وزير، الأمير، ولي of ولي العهد) never spreads alone as a name: the tagger
    sometimes tags it alone (``مقرن بن عبدالعزيز [ولي] ولي العهد``), and propagation would tag every
    ولي and وزير of the article."""
    from marsad.ner.features import triggers

    trig = triggers()
    return stem == _CROWN or trig.get(stem) == "TITLE" or trig.get("ال" + stem) == "TITLE"


_CROWN = "ولي"  # ولي العهد, crown prince: a title after a royal's name (normalised form)
_AFTER_CROWN = frozenset({"ولي", "العهد"})
_SON_OF = frozenset({"بن", "بنت", "ابن"})
_NAME_PARTS = frozenset({"عبد", "بن", "بنت", "ابن", "ال", "ابو", "ابي", "ام"})  # ال: آل normalised


def _trim_titles(sentences: Sequence[Sequence[str]], tags: list[list[str]]) -> list[list[str]]:
    """A person's name holds no title at its edges, in place: not a definite title before it
    (البابا فرنسيس: ANERcorp leaves titles out; مساعد العيبان and الشيخ بن ... are names), and not after it
    as an apposition (محمد بن سلمان ولي [العهد], نتنياهو رئيس [الوزراء]); a word with the article after
    a name is a surname (آل الشيخ، محمد السيد), never trimmed. On saved predictions: 5-fold CV
    77.87 -> 77.89, held-out fifth stacked 81.24 -> 81.30, the rest unchanged (dev ensemble 77.74);
    in 400 SaudiNewsNet articles (5,000-5,399) 13 mentions ended in ولي."""
    from marsad.ner.features import triggers, word_analysis

    trig = triggers()

    def title(token: str) -> str | None:
        _kind, norm, _p, stem, _x = word_analysis(token)
        return norm if norm == _CROWN or trig.get(norm) == "TITLE" or trig.get(stem) == "TITLE" else None

    def norm(token: str) -> str:
        return word_analysis(token)[1]

    for toks, tg in zip(sentences, tags, strict=True):
        if "I-PERS" not in tg:
            continue  # a one-word name has no edge to trim
        n = len(toks)
        for a, b, lab in bio_to_spans(tg):
            if lab != "PERS" or b - a < 2:
                continue
            lo, hi = a, b
            while hi - lo > 1:
                last = title(toks[hi - 1])
                if last is None or last.startswith("ال") or norm(toks[hi - 2]) in _NAME_PARTS:
                    break
                if last == _CROWN and (hi == n or norm(toks[hi]) not in _AFTER_CROWN):
                    break
                hi -= 1
            while hi - lo > 1 and (title(toks[lo]) or "").startswith("ال") and norm(toks[lo + 1]) not in _SON_OF:
                lo += 1
            if (lo, hi) != (a, b):
                tg[a:b] = ["O"] * (b - a)
                tg[lo:hi] = ["B-PERS"] + ["I-PERS"] * (hi - lo - 1)
    return tags


# A tagged name whose type is outvoted by the same name's other mentions nearby takes the majority
# type when that type has at least MIN_VOTES mentions and MARGIN more than its own. Chosen by 5-fold
# cross-validation over train.txt: 77.76 -> 77.87 F1 (margin 1, at least 2: 77.88, but crf on dev -0.11);
# held-out fifth crf 81.62 -> 81.68, stacked 81.12 -> 81.24, ensemble 82.89 -> 83.01; dev crf
# unchanged (76.23), ensemble 77.63 -> 77.74 (script over saved predictions, features v10).
CONSISTENCY_MIN_VOTES = 3
CONSISTENCY_MARGIN = 2


def _consistent_types(stems: Sequence[Sequence[str]], tags: list[list[str]], window: int | None) -> None:
    """One type per name within the window: relabel the outvoted mentions (see above), in place.
    The votes are counted on the tags as propagation left them, before any relabelling."""
    spans = [
        [(a, b, str(lab), tuple(st[a:b])) for a, b, lab in bio_to_spans(tg)] if tg.count("O") != len(tg) else []
        for st, tg in zip(stems, tags, strict=True)
    ]
    named = [[(key, lab) for _a, _b, lab, key in here] for here in spans]
    whole = _type_votes(named) if window is None else None
    for si, here in enumerate(spans):
        if not here:
            continue
        votes = whole if whole is not None else _type_votes(named[max(0, si - window) : si + window + 1])  # type: ignore[operator]
        tg = tags[si]
        for a, b, lab, key in here:
            count = votes[key]
            top, n = count.most_common(1)[0]
            if top != lab and n >= CONSISTENCY_MIN_VOTES and n >= count[lab] + CONSISTENCY_MARGIN:
                tg[a : b] = ["B-" + top] + ["I-" + top] * (b - a - 1)


def _type_votes(found: Sequence[list[tuple[tuple[str, ...], str]]]) -> dict[tuple[str, ...], Counter[str]]:
    """How many times each name (a tuple of stems) was tagged with each type, over ``found``
    (per sentence, (name, type) pairs)."""
    votes: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for here in found:
        for key, lab in here:
            votes[key][lab] += 1
    return votes


ORDINARY_ZIPF = 4.0  # dev 75.44 -> 76.42, held-out fifth 78.97 -> 79.10 (3.0: 74.4 / 78.7 with v3)


def _ordinary_word(stem: str) -> bool:
    """A stem whose form with the article ال is common in general Arabic (Zipf >= ``ORDINARY_ZIPF``,
    10 per million words) is an ordinary noun or adjective: one tagged name of that form (دين in
    "يذكر أن دين") must not spread to every الدين and دين of the document. A one-word organisation
    name is never ordinary (dev with the ensemble 78.74 -> 79.07, held-out fifth unchanged)."""
    from marsad.ner.features import word_frequencies
    from marsad.ner.orgs import one_word_org_stems

    z = word_frequencies().get("ال" + stem)
    return z is not None and z >= ORDINARY_ZIPF and stem not in one_word_org_stems()


def _vote_table(found: Sequence[list[tuple[tuple[str, ...], str]]]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    votes = _type_votes(found)
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for key, c in votes.items():
        by_first[key[0]].append((key, c.most_common(1)[0][0]))
    for lst in by_first.values():
        lst.sort(key=lambda kv: -len(kv[0]))
    return by_first


def _apply_votes(st: list[str], tg: list[str], by_first: dict[str, list[tuple[tuple[str, ...], str]]]) -> None:
    n = len(st)
    i = 0
    while i < n:
        cands = by_first.get(st[i]) if tg[i] == "O" else None
        step = 1
        for key, lab in cands or ():
            k = len(key)
            if (
                tuple(st[i : i + k]) == key
                and all(t == "O" for t in tg[i : i + k])
                and (i + k == n or not tg[i + k].startswith("I-"))
            ):
                tg[i] = "B-" + lab
                for x in range(i + 1, i + k):
                    tg[x] = "I-" + lab
                step = k
                break
        i += step


DEFAULT_WINDOW = 15  # sentences; tuned on ANERcorp dev (5: 72.2, 15: 72.6, 40: 72.4 micro F1)


def tag(
    sentences: Sequence[Sequence[str]],
    *,
    tagger: AnyTagger | None = None,
    document: bool = True,
    window: int | None = DEFAULT_WINDOW,
) -> list[list[str]]:
    """BIO tags for sentences of surface tokens: the CRF, then (``document``) label propagation
    among sentences within ``window`` of each other (None: all of them are one document)."""
    tg = tagger or load_tagger()
    tags = tg.tag(sentences, window=window if document else 0)[0]
    return propagate(sentences, tags, window=window) if document else tags


# A mention that only label propagation tagged (the tagger left its tokens O) is right about two
# times in three: precision 0.65 on dev and 0.68 on the held-out fifth of train.txt (the CRF;
# ``marsad eval ner --calibration``, 49 and 41 such mentions).
PROPAGATED_CONFIDENCE = 0.67


def span_confidence(probs: Sequence[float], a: int, b: int) -> float:
    """A mention's confidence: the mean marginal probability of the tags of tokens ``a``..``b``
    (``probs`` as :meth:`Tagger.tag` gives them with ``marginals``: -1 for a token the tagger left O,
    which counts :data:`PROPAGATED_CONFIDENCE`)."""
    return sum(p if p >= 0 else PROPAGATED_CONFIDENCE for p in probs[a:b]) / (b - a)


def tag_with_marginals(
    sentences: Sequence[Sequence[str]],
    *,
    tagger: AnyTagger | None = None,
    document: bool = True,
    window: int | None = DEFAULT_WINDOW,
) -> tuple[list[list[str]], list[list[float]]]:
    """:func:`tag` with each token's marginal probability of the tag the tagger gave it (-1 for O;
    a token propagation tagged keeps -1, a token whose type propagation changed keeps the
    tagger's probability)."""
    tg = tagger or load_tagger()
    tags, probs = tg.tag(sentences, marginals=True, window=window if document else 0)
    return (propagate(sentences, tags, window=window) if document else tags), probs


# --- the pipeline stage -------------------------------------------------------------------------


def _clitic_skip(tok: Token, whole: frozenset[str] = frozenset()) -> int:
    """How many original characters at the start of ``tok`` are clitics that are not part of a name.
    ``whole``: normalised words the document shows are names as written (see :func:`_whole_names`)."""
    from marsad.ner.rules import known_name_word, skip_chars

    if tok.kind != "word":
        return 0
    if known_name_word(tok.norm) or tok.norm in whole:
        return 0  # وليد، فيصل، باريس: the first letter is part of the name
    prefix = tok.prefix  # refined by word frequencies: فيليب has no conjunction, لسلتيك a preposition
    if prefix.endswith("س"):
        # the text layer reads a first س before ي ت ن ا as the future prefix, which only verbs take:
        # in a name it is a letter (سامسونج، ساركوزي، ستوكهولم). Fixed here, not in the text layer:
        # refining that reading by word frequencies there lowered the NER models' 5-fold CV F1
        # (77.87 -> 77.51, every fold), whose features read the same analysis
        prefix = prefix[:-1]
    if prefix.endswith("لل"):
        k = len(prefix) - 2  # the article is fused with ل: keep للولايات whole (after any و/ف)
    elif prefix.endswith("ال"):
        k = len(prefix) - 2
    else:
        k = len(prefix)
    rest = tok.norm[k:]
    if k <= 1 and len(rest) >= 4 and rest[0] in "بلك" and not rest.startswith("ال"):
        # a preposition the text layer left on a known name (بواشنطن), unless the word with that
        # letter is a known name itself (لباراك is ل + باراك, though اراك, Arak, is a place too)
        if known_name_word(rest[1:]) and not known_name_word(rest):
            k += 1
    elif k == 0 and rest[:1] in "وف" and len(rest) >= 4 and known_name_word(rest[1:]):
        k = 1
    return skip_chars(tok, k)


def _whole_names(firsts: Sequence[Token]) -> frozenset[str]:
    """Of the first tokens of a document's mentions, the words whose first letter the text layer
    read as a one-letter clitic (كيري as ك + يري, فاروفاكيس as ف + اروفاكيس) although the document shows it
    belongs to the name: the word begins at least two mentions, its remainder is no known name, no
    ordinary noun (لوالد أوباما, لله) and never begins a mention by itself. A real preposition
    varies (لكيري، عن كيري); a name's letter does not."""
    from marsad.ner.rules import PROCLITICS, known_name_word

    counts = Counter(t.norm for t in firsts if t.kind == "word")
    out = set()
    for t in firsts:
        if t.kind != "word" or t.prefix not in PROCLITICS or counts[t.norm] < 2:
            continue
        rest = t.norm[1:]
        if rest not in counts and not known_name_word(rest) and not _ordinary_word(rest):
            out.add(t.norm)
    for norm, n in counts.items():
        # a word the text layer left whole but the stage reads as ب/ل/ك + a known name (بيانكي as
        # ب + يانكي): the letter is the name's when the word begins many mentions and the rest never
        # begins one, unless the rest is a place or a KB name (بواشنطن three times is ب + واشنطن)
        rest = norm[1:]
        if n >= WHOLE_DESPITE_KNOWN and norm[:1] in "بلك" and rest not in counts and not _place_or_kb_name(rest):
            out.add(norm)
    return frozenset(out)


# How many mentions a word must begin to keep a first ب/ل/ك that reads as a preposition before a
# known name word: بيانكي, the driver, began 7 mentions of one article, and the name lists know يانكي.
WHOLE_DESPITE_KNOWN = 3


def _place_or_kb_name(norm: str) -> bool:
    from marsad.gazetteer import default_gazetteer
    from marsad.ner.features import kb_org_names
    from marsad.ner.rules import _kb_person_names

    if default_gazetteer().lookup(norm) is not None or norm in kb_org_names():
        return True
    return any(norm in short for short in _kb_person_names()[1].values())


class NerStage(Stage):
    """Named-entity mentions (PERS, LOC, ORG, MISC) with offsets, sentence and confidence."""

    name = "ner"
    requires = ("tokens",)
    provides = ("mentions",)

    def __init__(self, *, model: str | None = None, rules: bool = True, propagation: bool = True) -> None:
        self.tagger = load_tagger(model)
        self.rules = rules
        self.propagation = propagation

    def __call__(self, analysis: Analysis) -> Analysis:
        from marsad.ner import rules as R

        text = analysis.document.text
        by_sent: dict[int, list[Token]] = defaultdict(list)
        for t in analysis.tokens:
            by_sent[t.sentence].append(t)
        sent_ids = sorted(by_sent)
        toks = [by_sent[i] for i in sent_ids]
        surfaces = [[t.text for t in s] for s in toks]
        tags, probs = self.tagger.tag(surfaces, marginals=True)
        if self.propagation:
            # the text layer's stems are the tagger's (both refined by word frequencies: لسلتيك
            # follows سلتيك), already computed
            propagate(surfaces, tags, stems=[[t.stem for t in s] for s in toks])
        found: list[tuple[int, int, str, int, float, str]] = []  # start, end, type, sentence, conf, source
        spans = [bio_to_spans(s_tags) if s_tags.count("O") < len(s_tags) else [] for s_tags in tags]
        # names of persons, places and organisations (MISC holds religious phrases: ولله)
        firsts = [s_tokens[a] for s_tokens, sp in zip(toks, spans, strict=True) for a, _b, lab in sp if lab != "MISC"]
        whole = _whole_names(firsts)
        for s_tokens, s_spans, s_probs, sid in zip(toks, spans, probs, sent_ids, strict=True):
            for a, b, lab in s_spans:
                first, last = s_tokens[a], s_tokens[b - 1]
                start = first.start + _clitic_skip(first, whole)
                end = last.end
                conf = span_confidence(s_probs, a, b)
                found.append((start, end, str(lab), sid, conf, "ner"))
        if self.rules:
            found = R.apply_rules(analysis, toks, sent_ids, found)
        found.sort(key=lambda m: (m[0], -m[1]))
        mentions = []
        for start, end, lab, sid, conf, source in found:
            mentions.append(
                Mention(
                    id=f"m{len(mentions) + 1}",
                    start=start,
                    end=end,
                    text=text[start:end],
                    type=lab,
                    sentence=sid,
                    confidence=round(conf, 3),
                    source=source,
                )
            )
        analysis.mentions = mentions
        return analysis


def model_info(path: str | Path = MODEL_PATH) -> dict[str, Any]:
    """The training metadata stored beside a model (``.json``), or {} when absent."""
    meta = Path(path).with_suffix(".json")
    return json.loads(meta.read_text("utf-8")) if meta.exists() else {}

"""The neural tagger: a BiLSTM-CRF over the CRF's own features, run with NumPy alone.

Architecture (trained by :mod:`marsad.ner.neural_train`, which needs PyTorch; running it does not):

- each token's input is the sum of learned vectors of its CRF features (:mod:`marsad.ner.features`:
  word, stem, affixes, lists, gazetteer, neighbours — an embedding bag), joined to a character
  CNN over its stem, clitics off (3-wide filters, max-pooled; ``char_form`` in the model's
  parameters: models trained before it read the normalised word): the CNN is what generalises to names
  never seen in training (transliterated foreign names, new clubs and companies);
- and, in models trained since features v11, the stem's context vector learned from unlabelled news
  (:mod:`marsad.ner.representations`, frozen in training, read memory-mapped) through a learned
  linear projection: a word ANERcorp never shows still arrives with what 13 M words of news say
  of it (dev F1 of the neural model 75.87 -> 79.89);
- a one-layer bidirectional LSTM over the sentence;
- a linear layer to BIO scores and a linear-chain CRF (Viterbi for tags, forward-backward for the
  confidence of each tag).

The model file is an ``.npz`` of float32 arrays plus the feature and character vocabularies, so
inference needs NumPy only. Sentences are run together in one batch (padded), so the Python
overhead is per time step, not per token.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from marsad.errors import ResourceError

TAGS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
MAX_CHARS = 20  # characters of a word the CNN reads
BATCH = 64  # sentences run together
# what the character CNN reads, by the ``char_form`` a model was trained with: the normalised word
# or its stem (clitics off: لسلتيك reads as سلتيك). The stem gave the ensemble dev 79.24 -> 79.44 and
# held-out fifth 81.83 -> 82.42 (the neural model alone: 77.80 -> 77.43 and 80.04 -> 78.99).
CHAR_FORMS = {"norm": 1, "stem": 3}  # index into features.word_analysis
_ARRAYS = ("feat_emb", "char_emb", "conv_w", "conv_b", "w_ih_f", "w_hh_f", "b_f", "w_ih_b", "w_hh_b", "b_b")
_ARRAYS += ("out_w", "out_b", "trans", "start", "end")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


class NeuralTagger:
    """A loaded neural model (see the module docstring)."""

    def __init__(self, path: str | Path) -> None:
        path = Path(path)
        if not path.exists():
            raise ResourceError(f"neural NER model {path} is missing: train one with `marsad train ner --neural`")
        try:
            with np.load(path, allow_pickle=False) as z:
                w = {k: z[k] for k in z.files}
            meta = json.loads(str(w.pop("meta")))
            feats = str(w.pop("features")).split("\n")
            chars = str(w.pop("chars"))
            missing = [k for k in _ARRAYS if k not in w]
            if missing:
                raise ValueError(f"no array {', '.join(missing)}")
        except Exception as e:  # a truncated, foreign or incomplete file
            raise ResourceError(f"cannot load neural NER model {path}: {e}") from e
        from marsad.ner.features import FEATURE_VERSION

        if meta.get("feature_version") != FEATURE_VERSION:
            raise ResourceError(
                f"neural NER model {path} was trained with features v{meta.get('feature_version')}, this marsad "
                f"computes v{FEATURE_VERSION}: retrain it with `marsad train ner --neural`"
            )
        self.path = path
        self.meta = meta
        self.feature_ids = {f: i + 1 for i, f in enumerate(feats)}  # 0: padding / no feature
        self.known = frozenset(feats)
        self.char_ids = {c: i + 2 for i, c in enumerate(chars)}  # 0 padding, 1 unknown
        f32 = {k: v.astype(np.float32) for k, v in w.items()}
        self.feat_emb = f32["feat_emb"]
        self.char_emb = f32["char_emb"]
        # conv weights (out, in, width) -> one matrix over the three stacked shifted inputs
        cw = f32["conv_w"]
        self.conv_w = np.concatenate([cw[:, :, k].T for k in range(cw.shape[2])], axis=0)
        self.conv_b = f32["conv_b"]
        # torch's gate order is i, f, g, o: reorder to i, f, o, g so one sigmoid covers three gates
        hid = f32["w_hh_f"].shape[1]
        order = np.r_[0 : 2 * hid, 3 * hid : 4 * hid, 2 * hid : 3 * hid]
        self._w_ih = [f32[f"w_ih_{d}"][order].T.copy() for d in ("f", "b")]
        self._w_hh = np.stack([f32[f"w_hh_{d}"][order].T for d in ("f", "b")])
        self._b = [f32[f"b_{d}"][order] for d in ("f", "b")]
        self.hidden = hid
        self.out_w = f32["out_w"].T.copy()
        self.out_b = f32["out_b"]
        # the learned transitions make invalid BIO sequences unlikely; these penalties make them impossible
        self.trans = f32["trans"] + _BIO_PENALTY
        self.start = f32["start"] + _START_PENALTY
        self.end = f32["end"]
        # a model trained before char_form existed reads the normalised word
        self.char_form = str(meta.get("params", {}).get("char_form", "norm"))
        if self.char_form not in CHAR_FORMS:
            raise ResourceError(f"neural NER model {path}: unknown char_form {self.char_form!r}")
        self._char_cache: dict[str, np.ndarray] = {}
        # a model trained with word vectors reads them through its projection; the vectors must be the
        # ones it was trained on
        self.vectors = None
        if "wproj_w" in f32:
            from marsad.ner.representations import word_vectors

            self.vectors = word_vectors()
            want = meta.get("word_vectors")
            if self.vectors is None or self.vectors.signature() != want:
                raise ResourceError(
                    f"neural NER model {path} was trained on other word vectors ({want}) than the shipped ones: "
                    "retrain it with `marsad train ner --neural`"
                )
            self.wproj_w = f32["wproj_w"].T.copy()
            self.wproj_b = f32["wproj_b"]
        from marsad.ner.features import filtered_views

        self._views = filtered_views(self.known)

    # --- inputs ---------------------------------------------------------------------------------

    def _char_vectors(self, norms: Sequence[str]) -> np.ndarray:
        """Char-CNN output of each word (cached per normalised form)."""
        cache = self._char_cache
        missing = [w for w in dict.fromkeys(norms) if w not in cache]
        if missing:
            n = len(missing)
            width = max(min(len(w), MAX_CHARS) for w in missing) + 2
            ids = np.zeros((n, width), dtype=np.int64)
            get = self.char_ids.get
            for i, w in enumerate(missing):
                cs = [get(c, 1) for c in w[:MAX_CHARS]] or [1]
                ids[i, 1 : 1 + len(cs)] = cs
            e = self.char_emb[ids]  # n, width, dim
            # positions 0..width-1 with zero padding at both ends (torch padding=1)
            pad = np.zeros((n, 1, e.shape[2]), dtype=np.float32)
            ep = np.concatenate([pad, e, pad], axis=1)
            stacked = np.concatenate([ep[:, :-2], ep[:, 1:-1], ep[:, 2:]], axis=2)  # n, width, 3*dim
            conv = stacked @ self.conv_w + self.conv_b
            # training pads every word so that one window sees padding alone: relu(bias) joins the max
            out = np.maximum(np.maximum(conv, 0.0).max(axis=1), np.maximum(self.conv_b, 0.0))
            if len(cache) > 200_000:
                cache.clear()
            for w, v in zip(missing, out, strict=True):
                cache[w] = v
        return np.stack([cache[w] for w in norms]) if norms else np.zeros((0, self.conv_b.shape[0]), np.float32)

    def _inputs(self, sentences: Sequence[Sequence[str]], features: Sequence[list[list[str]]] | None = None) -> np.ndarray:
        """The input vectors of all tokens of ``sentences`` (non-empty), concatenated: (N, in).
        ``features``: the sentences' feature lists when the caller has them (the ensemble computes
        them once for both its models; features this model does not know are skipped)."""
        from marsad.ner.features import sentence_features, word_analysis

        get = self.feature_ids.get
        flat: list[int] = []
        starts: list[int] = []
        norms: list[str] = []  # the words as the CNN reads them
        form = CHAR_FORMS[self.char_form]
        for k, toks in enumerate(sentences):
            feats = features[k] if features is not None else sentence_features(toks, views=self._views, known=self.known)
            for tok_feats in feats:
                starts.append(len(flat))
                flat.extend([i for i in map(get, tok_feats) if i is not None] or [0])
            norms.extend(word_analysis(t)[form] for t in toks)
        bag = np.add.reduceat(self.feat_emb[np.asarray(flat)], np.asarray(starts), axis=0)
        parts = [bag, self._char_vectors(norms)]
        if self.vectors is not None:
            parts.append(self._word_vectors([word_analysis(t)[3] for toks in sentences for t in toks]))
        return np.concatenate(parts, axis=1)

    def _word_vectors(self, stems: Sequence[str]) -> np.ndarray:
        """Each stem's context vector through the model's projection (a stem without one: zeros in,
        the bias out, as in training)."""
        vec = self.vectors
        assert vec is not None
        rows = np.array([vec.row(s) for s in stems], dtype=np.int64)
        x = np.zeros((len(stems), vec.dim), np.float32)
        have = rows >= 0
        if have.any():
            x[have] = vec.word_vectors[rows[have]]
        return x @ self.wproj_w + self.wproj_b

    # --- network --------------------------------------------------------------------------------

    def _batches(
        self, sentences: Sequence[Sequence[str]], features: Sequence[list[list[str]]] | None = None
    ) -> Iterator[tuple[list[int], np.ndarray, np.ndarray]]:
        """(sentence indices, lengths, emissions (B, L, K)) for batches of sentences of similar
        length (little padding), each sentence in exactly one batch; empty sentences are skipped."""
        live = [i for i, s in enumerate(sentences) if len(s)]
        if not live:
            return
        x = self._inputs([sentences[i] for i in live], None if features is None else [features[i] for i in live])
        # the input projections of both directions, once for all tokens (no padding)
        proj = [x @ self._w_ih[d] + self._b[d] for d in (0, 1)]
        offsets = np.zeros(len(live) + 1, np.int64)
        np.cumsum([len(sentences[i]) for i in live], out=offsets[1:])
        order = sorted(range(len(live)), key=lambda k: offsets[k + 1] - offsets[k])
        start = 0
        while start < len(order):
            shortest = offsets[order[start] + 1] - offsets[order[start]]
            end = start + 1
            while (
                end < len(order)
                and end - start < BATCH
                and offsets[order[end] + 1] - offsets[order[end]] <= 1.3 * shortest + 4
            ):
                end += 1
            part = order[start:end]
            start = end
            lengths = np.array([offsets[k + 1] - offsets[k] for k in part])
            L = int(lengths.max())
            pre = np.zeros((2, len(part), L, proj[0].shape[1]), np.float32)
            for j, k in enumerate(part):
                a, b = offsets[k], offsets[k + 1]
                pre[0, j, : b - a] = proj[0][a:b]
                pre[1, j, : b - a] = proj[1][a:b][::-1]  # the backward direction reads the sentence reversed
            em = self._bilstm(pre, lengths) @ self.out_w + self.out_b
            yield [live[k] for k in part], lengths, em

    def _bilstm(self, pre: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Both directions over a padded batch of input projections (2, B, L, 4H) -> (B, L, 2H).
        The backward direction runs forward over each sentence reversed (padding stays at the end),
        so both step together with one batched matrix product and no masks: padded steps come after
        a sentence's last token and cannot change its outputs."""
        _, bsz, L, _ = pre.shape
        H = self.hidden
        w_hh = self._w_hh  # 2, H, 4H (gates reordered to i, f, o, g)
        h = np.zeros((2, bsz, H), np.float32)
        c = np.zeros((2, bsz, H), np.float32)
        out = np.empty((2, bsz, L, H), np.float32)
        for t in range(L):
            g = pre[:, :, t] + h @ w_hh
            s = _sigmoid(g[..., : 3 * H])
            c = s[..., H : 2 * H] * c + s[..., :H] * np.tanh(g[..., 3 * H :])
            h = s[..., 2 * H :] * np.tanh(c)
            out[:, :, t] = h
        both = np.zeros((bsz, L, 2 * H), np.float32)
        both[:, :, :H] = out[0]
        for i, n in enumerate(lengths):
            both[i, :n, H:] = out[1, i, n - 1 :: -1]
        return both

    # --- decoding -------------------------------------------------------------------------------

    def _viterbi(self, em: np.ndarray, lengths: np.ndarray) -> list[list[int]]:
        """Best tag indices of each sentence of a padded batch of emissions (B, L, K)."""
        bsz, L, K = em.shape
        tr = self.trans
        v = self.start + em[:, 0]
        back = np.zeros((bsz, L, K), np.int64)
        best_end = np.zeros((bsz, K), np.float32)
        ends = lengths - 1
        for i in range(L):
            if i:
                sc = v[:, :, None] + tr
                back[:, i] = sc.argmax(1)
                v = sc.max(1) + em[:, i]
            done = ends == i
            if done.any():
                best_end[done] = v[done] + self.end
        paths = []
        for b in range(bsz):
            cur = int(best_end[b].argmax())
            path = [cur]
            for i in range(int(lengths[b]) - 1, 0, -1):
                cur = int(back[b, i, cur])
                path.append(cur)
            path.reverse()
            paths.append(path)
        return paths

    def _posteriors(self, em: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Marginal probability of each tag at each position (B, L, K), by forward-backward in log
        space; the backward pass starts at each sentence's own end."""
        bsz, L, K = em.shape
        tr = self.trans
        ends = lengths - 1
        a = np.empty((bsz, L, K), np.float32)
        a[:, 0] = self.start + em[:, 0]
        for i in range(1, L):
            a[:, i] = _logsumexp(a[:, i - 1, :, None] + tr, axis=1) + em[:, i]
        bb = np.empty((bsz, L, K), np.float32)
        bb[:, L - 1] = self.end
        for i in range(L - 2, -1, -1):
            nxt = _logsumexp(tr + (em[:, i + 1] + bb[:, i + 1])[:, None, :], axis=2)
            bb[:, i] = np.where((ends == i)[:, None], self.end, nxt)
        logz = _logsumexp(a[np.arange(bsz), ends] + self.end, axis=1)
        # padded positions hold garbage: clip so that they cannot overflow
        return np.exp(np.minimum(a + bb - logz[:, None, None], 0.0))

    def tag(
        self, sentences: Sequence[Sequence[str]], *, marginals: bool = False, window: int | None = None
    ) -> tuple[list[list[str]], list[list[float]]]:
        """BIO tags of each sentence and, when asked, each tag's probability (-1.0 for O).
        ``window`` is accepted for the taggers' common interface and unused: this model reads one
        sentence at a time."""
        tags: list[list[str]] = [[] for _ in sentences]
        probs: list[list[float]] = [[] for _ in sentences]
        for idx, lengths, em in self._batches(sentences):
            paths = self._viterbi(em, lengths)
            post = self._posteriors(em, lengths) if marginals else None
            for j, (i, path) in enumerate(zip(idx, paths, strict=True)):
                tags[i] = [TAGS[k] for k in path]
                if post is not None:
                    pj = post[j, np.arange(len(path)), path]
                    probs[i] = [float(p) if k else -1.0 for p, k in zip(pj, path, strict=True)]
        return tags, probs

    def posteriors(
        self,
        sentences: Sequence[Sequence[str]],
        *,
        window: int | None = None,
        features: Sequence[list[list[str]]] | None = None,
    ) -> list[np.ndarray]:
        """Per sentence, the (length, len(TAGS)) marginal probabilities of the tags (columns in
        :data:`TAGS` order); used to combine this model with the CRF. ``features``: see
        :meth:`_inputs`."""
        out: list[np.ndarray] = [np.zeros((0, len(TAGS)), np.float32) for _ in sentences]
        for idx, lengths, em in self._batches(sentences, features):
            post = self._posteriors(em, lengths)
            for j, i in enumerate(idx):
                out[i] = post[j, : lengths[j]]
        return out


def best_bio_path(post: np.ndarray) -> list[int]:
    """The tag indices (into :data:`TAGS`) of the valid BIO sequence with the highest product of
    per-token probabilities ``post`` (length, len(TAGS)): I-X only after B-X or I-X."""
    n = len(post)
    if n == 0:
        return []
    lp = np.log(post + 1e-9)
    v = lp[0] + _START_PENALTY
    back = np.zeros((n, len(TAGS)), np.int64)
    for i in range(1, n):
        sc = v[:, None] + _BIO_PENALTY
        back[i] = sc.argmax(0)
        v = sc.max(0) + lp[i]
    cur = int(v.argmax())
    path = [cur]
    for i in range(n - 1, 0, -1):
        cur = int(back[i, cur])
        path.append(cur)
    path.reverse()
    return path


_BIO_PENALTY = np.array(
    [[-1e9 if b.startswith("I-") and a[2:] != b[2:] else 0.0 for b in TAGS] for a in TAGS], np.float32
)
_START_PENALTY = np.array([-1e9 if t.startswith("I-") else 0.0 for t in TAGS], np.float32)


def _logsumexp(x: np.ndarray, axis: int) -> np.ndarray:
    m = x.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(x - m).sum(axis=axis, keepdims=True))).squeeze(axis)

"""Training of the neural tagger (``marsad train ner --neural``); needs PyTorch (``pip install
torch==2.13.0``, a CPU build), which running the model does not (:mod:`marsad.ner.neural`).

Reproducible: seeded (Python and torch), deterministic algorithms, a fixed number of threads, and
a fixed schedule (no early stopping on dev: the epoch count and learning-rate decay are fixed in
:data:`DEFAULT_PARAMS`, so the dev file is only scored, never used to pick the model).
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from marsad.ner.neural import CHAR_FORMS, MAX_CHARS, TAGS
from marsad.ner.train import Sentence

log = logging.getLogger(__name__)

DEFAULT_PARAMS: dict[str, Any] = {
    "epochs": 14,
    "lr": 0.002,
    "decay_from": 7,  # from this epoch the learning rate falls linearly towards 0 at the end
    "batch": 16,
    "feature_dim": 64,
    "min_feature_count": 2,  # features seen fewer times in training get no vector
    "char_form": "stem",  # what the character CNN reads (neural.CHAR_FORMS)
    "char_dim": 24,
    "char_filters": 64,
    "hidden": 100,
    "dropout": 0.3,
    "feature_dropout": 0.2,  # each feature of a token is left out with this probability in training
    "seed": 1,
    "threads": 2,
    # each token's stem also reads its context vector learned from unlabelled news
    # (:mod:`marsad.ner.representations`), frozen, through a learned projection of this size (0: none)
    "word_dim": 64,
}


def train_neural(
    sentences: Sequence[Sentence],
    out: str | Path,
    *,
    params: dict[str, Any] | None = None,
    on_epoch: Callable[[int, float], None] | None = None,
) -> dict[str, Any]:
    """Train the BiLSTM-CRF on ``sentences`` and write the ``.npz`` model to ``out``."""
    try:
        import torch
        from torch import nn
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise SystemExit("training the neural tagger needs PyTorch: pip install torch==2.13.0") from e

    from marsad.ner.features import FEATURE_VERSION, sentence_features

    p = dict(DEFAULT_PARAMS, **(params or {}))
    torch.set_num_threads(int(p["threads"]))
    torch.manual_seed(int(p["seed"]))
    torch.use_deterministic_algorithms(True)
    rng = random.Random(int(p["seed"]))
    t0 = time.perf_counter()

    feats = [sentence_features(s.tokens) for s in sentences]  # once, for the vocabulary and the encoding
    vocab, chars = build_vocab(sentences, int(p["min_feature_count"]), feats, char_form=p["char_form"])
    vectors = None
    if int(p["word_dim"]):
        from marsad.ner.representations import word_vectors

        vectors = word_vectors()
        if vectors is None:
            raise SystemExit("word_dim > 0 needs the shipped word vectors: run `marsad train representations`")
    data = encode(sentences, vocab, chars, feats, char_form=p["char_form"], vectors=vectors)

    pretrained = None
    if vectors is not None:
        # row 0: a word without a vector (zeros)
        table = np.zeros((len(vectors.words) + 1, vectors.dim), np.float32)
        table[1:] = vectors.word_vectors
        pretrained = torch.from_numpy(table)
    net = build_network(len(vocab) + 1, len(chars) + 2, p, nn, torch, pretrained)
    opt = torch.optim.Adam(net.parameters(), lr=float(p["lr"]))
    epochs, decay_from = int(p["epochs"]), int(p["decay_from"])
    for ep in range(epochs):
        lr = float(p["lr"]) * (1.0 if ep < decay_from else (epochs - ep) / (epochs - decay_from + 1))
        for g in opt.param_groups:
            g["lr"] = lr
        order = list(range(len(data)))
        rng.shuffle(order)
        total = 0.0
        for i in range(0, len(order), int(p["batch"])):
            batch = [data[k] for k in order[i : i + int(p["batch"])]]
            em, lengths = net.emissions(batch, rng, train=True)
            L = max(lengths)
            y = torch.zeros(len(batch), L, dtype=torch.long)
            mask = torch.zeros(len(batch), L, dtype=torch.bool)
            for j, (_, _, yy, _) in enumerate(batch):
                y[j, : len(yy)] = torch.tensor(yy)
                mask[j, : len(yy)] = True
            loss = net.nll(em, y, mask) / len(batch)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += float(loss.detach())
        log.info("epoch %d/%d: loss %.1f, lr %.5f", ep + 1, epochs, total, lr)
        if on_epoch:
            on_epoch(ep + 1, total)

    meta = {
        "kind": "bilstm-crf",
        "feature_version": FEATURE_VERSION,
        "params": p,
        "sentences": len(sentences),
        "tokens": sum(len(s.tokens) for s in sentences),
        "features": len(vocab),
    }
    if vectors is not None:
        meta["word_vectors"] = vectors.signature()
    export(net, vocab, chars, meta, out)
    return dict(meta, seconds=round(time.perf_counter() - t0, 1))


def build_vocab(
    sentences: Sequence[Sentence],
    min_count: int,
    feats: Sequence[list[list[str]]] | None = None,
    *,
    char_form: str = DEFAULT_PARAMS["char_form"],
) -> tuple[list[str], str]:
    """The feature vocabulary (features seen at least ``min_count`` times, sorted) and the
    character inventory (characters seen at least twice in the words as the CNN reads them, sorted)."""
    from marsad.ner.features import sentence_features, word_analysis

    if feats is None:
        feats = [sentence_features(s.tokens) for s in sentences]
    counts = Counter(f for sent in feats for tok in sent for f in tok)
    vocab = sorted(f for f, c in counts.items() if c >= min_count)
    char_counts = Counter(c for s in sentences for t in s.tokens for c in word_analysis(t)[CHAR_FORMS[char_form]])
    chars = "".join(sorted(c for c, n in char_counts.items() if n >= 2 and c != "\n"))
    return vocab, chars


def encode(
    sentences: Sequence[Sentence],
    vocab: Sequence[str],
    chars: str,
    feats: Sequence[list[list[str]]] | None = None,
    *,
    char_form: str = DEFAULT_PARAMS["char_form"],
    vectors: Any = None,
) -> list[tuple[list, list, list, list]]:
    """Per sentence: feature ids per token (0: none known), character ids per token (1: unknown),
    tag ids (empty when the sentences carry no tags), and each token's row in the word vectors
    (``vectors``: :class:`marsad.ner.representations.Vectors`; 0 for none, rows from 1)."""
    from marsad.ner.features import sentence_features, word_analysis

    fid = {f: i + 1 for i, f in enumerate(vocab)}
    cid = {c: i + 2 for i, c in enumerate(chars)}
    t2i = {t: i for i, t in enumerate(TAGS)}
    out = []
    if feats is None:
        feats = [sentence_features(s.tokens) for s in sentences]
    for s, sent_feats in zip(sentences, feats, strict=True):
        ids = [[fid[x] for x in tok if x in fid] or [0] for tok in sent_feats]
        cs = [[cid.get(c, 1) for c in word_analysis(t)[CHAR_FORMS[char_form]][:MAX_CHARS]] or [1] for t in s.tokens]
        rows = [vectors.row(word_analysis(t)[3]) + 1 for t in s.tokens] if vectors is not None else []
        out.append((ids, cs, [t2i[t] for t in s.tags], rows))
    return out


def export(net: Any, vocab: Sequence[str], chars: str, meta: dict[str, Any], out: str | Path) -> Path:
    """Write a trained network as the ``.npz`` file :class:`marsad.ner.neural.NeuralTagger` reads
    (float32 arrays; the feature vectors in float16, which halves the file and changes no tag)."""
    sd = {k: v.detach().numpy() for k, v in net.state_dict().items()}
    arrays = {
        "feat_emb": sd["fe.weight"].astype(np.float16),
        "char_emb": sd["ce.weight"],
        "conv_w": sd["conv.weight"],
        "conv_b": sd["conv.bias"],
        "w_ih_f": sd["lstm.weight_ih_l0"],
        "w_hh_f": sd["lstm.weight_hh_l0"],
        "b_f": sd["lstm.bias_ih_l0"] + sd["lstm.bias_hh_l0"],
        "w_ih_b": sd["lstm.weight_ih_l0_reverse"],
        "w_hh_b": sd["lstm.weight_hh_l0_reverse"],
        "b_b": sd["lstm.bias_ih_l0_reverse"] + sd["lstm.bias_hh_l0_reverse"],
        "out_w": sd["out.weight"],
        "out_b": sd["out.bias"],
        "trans": sd["trans"],
        **({"wproj_w": sd["wproj.weight"], "wproj_b": sd["wproj.bias"]} if "wproj.weight" in sd else {}),
        "start": sd["start"],
        "end": sd["end"],
    }
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        np.savez_compressed(
            fh,
            meta=np.array(json.dumps(meta, sort_keys=True)),
            features=np.array("\n".join(vocab)),
            chars=np.array(chars),
            **arrays,
        )
    return out


def build_network(n_feats: int, n_chars: int, p: dict[str, Any], nn: Any, torch: Any, pretrained: Any = None) -> Any:
    """The network (built inside a function so that importing this module needs no torch);
    ``pretrained``: the frozen word-vector table (row 0 zeros), when tokens read their vectors."""
    word_dim = int(p.get("word_dim", 0)) if pretrained is not None else 0

    class Net(nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            super().__init__()
            k = len(TAGS)
            self.fe = nn.EmbeddingBag(n_feats, int(p["feature_dim"]), mode="sum", padding_idx=0)
            self.ce = nn.Embedding(n_chars, int(p["char_dim"]), padding_idx=0)
            self.conv = nn.Conv1d(int(p["char_dim"]), int(p["char_filters"]), 3, padding=1)
            if word_dim:
                self.wv = nn.Embedding.from_pretrained(pretrained, freeze=True, padding_idx=0)
                self.wproj = nn.Linear(pretrained.shape[1], word_dim)
            self.lstm = nn.LSTM(
                int(p["feature_dim"]) + int(p["char_filters"]) + word_dim,
                int(p["hidden"]),
                batch_first=True,
                bidirectional=True,
            )
            self.drop = nn.Dropout(float(p["dropout"]))
            self.out = nn.Linear(2 * int(p["hidden"]), k)
            self.trans = nn.Parameter(torch.zeros(k, k))
            self.start = nn.Parameter(torch.zeros(k))
            self.end = nn.Parameter(torch.zeros(k))

        def emissions(self, batch: list, rng: random.Random, *, train: bool) -> tuple[Any, list[int]]:
            fdrop = float(p["feature_dropout"]) if train else 0.0
            toks_f, toks_c, lengths, rows = [], [], [], []
            for ids, cs, _, wr in batch:
                lengths.append(len(ids))
                rows.extend(wr)
                for f, c in zip(ids, cs, strict=True):
                    if fdrop:
                        f = [x for x in f if rng.random() >= fdrop] or [0]
                    toks_f.append(f)
                    toks_c.append(c)
            offsets = torch.tensor([0] + [len(f) for f in toks_f[:-1]]).cumsum(0)
            fv = self.fe(torch.tensor([x for f in toks_f for x in f]), offsets)
            # one zero column after the longest word too, so every word's max-pool sees a window of
            # padding alone, as inference does
            width = max(len(c) for c in toks_c) + 3
            ct = torch.zeros(len(toks_c), width, dtype=torch.long)
            for i, c in enumerate(toks_c):
                ct[i, 1 : 1 + len(c)] = torch.tensor(c)
            cv = torch.relu(self.conv(self.ce(ct).transpose(1, 2))).max(2).values
            parts = [fv, cv]
            if word_dim:
                parts.append(self.wproj(self.wv(torch.tensor(rows))))
            x = torch.cat(parts, 1)
            L = max(lengths)
            X = torch.zeros(len(batch), L, x.shape[1])
            pos = 0
            for i, n in enumerate(lengths):
                X[i, :n] = x[pos : pos + n]
                pos += n
            X = self.drop(X)
            packed = nn.utils.rnn.pack_padded_sequence(
                X, torch.tensor(lengths), batch_first=True, enforce_sorted=False
            )
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True)
            return self.out(self.drop(h)), lengths

        def nll(self, em: Any, y: Any, mask: Any) -> Any:
            """Negative log-likelihood of the gold tags under the linear-chain CRF (summed)."""
            score = self.start[y[:, 0]] + em[:, 0].gather(1, y[:, :1]).squeeze(1)
            alpha = self.start + em[:, 0]
            for i in range(1, em.shape[1]):
                m = mask[:, i]
                e = em[:, i]
                step = self.trans[y[:, i - 1], y[:, i]] + e.gather(1, y[:, i : i + 1]).squeeze(1)
                score = score + step * m
                nxt = torch.logsumexp(alpha.unsqueeze(2) + self.trans.unsqueeze(0), dim=1) + e
                alpha = torch.where(m.unsqueeze(1), nxt, alpha)
            last = y.gather(1, (mask.sum(1) - 1).unsqueeze(1)).squeeze(1)
            score = score + self.end[last]
            return (torch.logsumexp(alpha + self.end, dim=1) - score).sum()

    return Net()

"""Score the English names marsad gives persons against a gold file (``marsad eval names``).

Each gold line names one person of one corpus article, by the article's id and the character span of
the name in its text, with the English spellings a reader accepts and the name's origin (see
``gold/names/README.md``). marsad analyses each article (stages text, ner, entities, with the
article's publication date); a person is *found* when an entity has a mention overlapping the gold
span, and its English name is *acceptable* when it equals one of the gold spellings after folding
case, diacritics, hyphens, apostrophes and a leading honorific (``Erdoğan`` = ``Erdogan``, ``al-Sisi`` =
``Al Sisi``, ``King Salman`` = ``Salman``).
A found person without an English name counts as *unknown*, apart from *wrong*: marsad prefers saying
nothing to a spelling no reader would recognise.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.errors import InputError
from marsad.eval.corpus import ANT_CORPUS, article_date, corpus_articles, read_gold_lines


@dataclass(slots=True)
class GoldName:
    article: str
    start: int
    end: int
    arabic: str
    english: list[str]
    origin: str
    where: str


@dataclass
class NameScores:
    persons: int = 0
    found: int = 0
    acceptable: int = 0
    unknown: int = 0
    wrong: int = 0
    by_origin: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    by_source: Counter = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "persons": self.persons,
            "found": self.found,
            "acceptable": self.acceptable,
            "unknown": self.unknown,
            "wrong": self.wrong,
            "acceptable_rate": round(self.acceptable / self.persons, 4) if self.persons else None,
            "acceptable_of_named": round(self.acceptable / (self.acceptable + self.wrong), 4)
            if self.acceptable + self.wrong
            else None,
            "by_origin": {k: dict(v) for k, v in sorted(self.by_origin.items())},
            "by_source": dict(self.by_source),
        }

    def table(self) -> str:
        d = self.as_dict()
        lines = [
            f"persons {self.persons}: found by the entities stage {self.found}, English name acceptable "
            f"{self.acceptable} ({100 * (d['acceptable_rate'] or 0):.1f}%), unknown {self.unknown}, wrong {self.wrong}",
            f"of the persons given an English name, acceptable: {100 * (d['acceptable_of_named'] or 0):.1f}%",
            "",
            f"{'origin':<14}{'persons':>8}{'found':>7}{'accept':>8}{'unknown':>9}{'wrong':>7}",
        ]
        for origin, c in sorted(self.by_origin.items()):
            lines.append(
                f"{origin:<14}{c['persons']:8d}{c['found']:7d}{c['acceptable']:8d}{c['unknown']:9d}{c['wrong']:7d}"
            )
        lines.append("")
        lines.append("English names by source (acceptable/given): " + ", ".join(
            f"{src} {self.by_source[src + ':ok']}/{self.by_source[src]}"
            for src in sorted(k for k in self.by_source if ":" not in k)
        ))  # fmt: skip
        return "\n".join(lines)


# a title before the name does not make it another name to a reader (King Salman bin Abdulaziz)
_HONORIFICS_RE = re.compile(r"^(?:(?:king|queen|prince|princess|crown prince|sheikh|shaikh|emir|sultan|pope) )+")


def fold_latin(name: str) -> str:
    """A Latin-script name folded for comparison: no diacritics, case, hyphens, apostrophes or a
    leading honorific (King, Prince, Sheikh, Emir, Sultan, Pope)."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    s = re.sub(r"[-‐'’`ʿʾ.]", " ", s)
    return _HONORIFICS_RE.sub("", " ".join(s.split()))


def load_gold(path: str | Path, *, corpus: str | Path | None = None) -> tuple[list[GoldName], dict[str, dict]]:
    """The gold names and the articles they point into (checked: each span reads its name)."""
    rows = read_gold_lines(path)
    for where, rec in rows:
        if not isinstance(rec, dict) or not {"article", "start", "end", "arabic", "english"} <= rec.keys():
            raise InputError(f"{where}: needs article, start, end, arabic and english")
    arts = corpus_articles(corpus or ANT_CORPUS, {r["article"] for _, r in rows})
    gold = []
    for where, rec in rows:
        art = arts.get(rec["article"])
        if art is None:
            raise InputError(f"{where}: article {rec['article']!r} is not in the corpus")
        s, e = int(rec["start"]), int(rec["end"])
        if art["text"][s:e] != rec["arabic"]:
            raise InputError(f"{where}: [{s}:{e}] reads {art['text'][s:e]!r}, not {rec['arabic']!r}")
        english = [rec["english"]] if isinstance(rec["english"], str) else list(rec["english"])
        gold.append(GoldName(rec["article"], s, e, rec["arabic"], english, rec.get("origin") or "unknown", where))
    return gold, arts


def score(gold: list[GoldName], arts: dict[str, dict[str, Any]]) -> NameScores:
    from marsad.pipeline import Pipeline

    nlp = Pipeline(["text", "ner", "entities"])
    by_article: dict[str, list[GoldName]] = defaultdict(list)
    for g in gold:
        by_article[g.article].append(g)
    out = NameScores()
    for article, names in by_article.items():
        art = arts[article]
        a = nlp(art["text"], published=article_date(art))
        entities = {e.id: e for e in a.entities}
        for g in names:
            out.persons += 1
            c = out.by_origin[g.origin]
            c["persons"] += 1
            ent = next(
                (entities.get(m.entity) for m in a.mentions if m.entity and m.start < g.end and g.start < m.end), None
            )
            if ent is None:
                out.errors.append({"where": g.where, "arabic": g.arabic, "problem": "not found"})
                continue
            out.found += 1
            c["found"] += 1
            if not ent.name_en:
                out.unknown += 1
                c["unknown"] += 1
                continue
            src = ent.name_en_source or "none"
            out.by_source[src] += 1
            if fold_latin(ent.name_en) in {fold_latin(x) for x in g.english}:
                out.acceptable += 1
                c["acceptable"] += 1
                out.by_source[src + ":ok"] += 1
            else:
                out.wrong += 1
                c["wrong"] += 1
                out.errors.append(
                    {"where": g.where, "arabic": g.arabic, "got": ent.name_en, "source": src, "want": g.english[0]}
                )
    return out

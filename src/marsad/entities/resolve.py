"""In-document resolution and linking: mentions -> entities.

The order of work (each step is a general rule; the data is in ``data/`` and the KB):

1. *Candidates* from dictionaries: gazetteer places (countries, capitals, cities, regions,
   demonyms), KB names (organisations, persons, media; Latin aliases and acronyms), national bodies
   ("<body> <demonym|country>": وزارة الخارجية الباكستانية), titles ("<title> [country] [modifiers]"),
   Latin names with their acronym ("US Strategic Metals (USSM)") and the Arabic descriptor before a
   name ("شركة المعادن الأمريكية US Strategic Metals").
2. *Merge* with the NER mentions: a candidate that covers NER mentions replaces them (it is the
   longer, dictionary-backed span); one inside a NER mention becomes that mention's link evidence;
   new candidates become mentions (source ``gazetteer`` or ``rule``). Demonyms inside titles, bodies
   and descriptors belong to them and are not mentions of their own.
3. *Group*: mentions with the same link target (KB id, country, body, acronym key) form one entity;
   unlinked person names group by name containment (ماركو روبيو / روبيو); later bare surnames the
   NER missed are added (``coref``); titles before a name give the person roles; a definite title
   with no name (الوزير الأمريكي) refers to the person in the document holding that role, else to
   the KB holder at the publication date (a ``TITLE`` mention); a definite descriptor head
   (الشركة) refers back to the last organisation of its sector.
4. *Entities*: KB-linked (``name_en`` from the KB, roles checked against the publication date) or
   document-local (``local:<type>:<n>``; ``name_en`` as written in Latin script, else transliterated
   for persons, else None).

Decisions: capitals stand for their country (واشنطن groups with the USA: the metonymy is the
government, and the country entity is what events need); seats of government (البيت الأبيض،
الكرملين) are ORG entities of their own in the KB with country and sector GOV; "الجيش الباكستاني"
is an ORG entity (``org:pakistan-army``, or ``local:org:pak-army``) with country PAK and sector MIL.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from marsad.caches import WORD_CACHE_SIZE, word_cache
from marsad.entities.lexicon import Lexicon, Title
from marsad.entities.match import (
    Hit,
    PhraseIndex,
    acronym_of,
    first_forms,
    form_positions,
    is_acronym,
    start_in_token,
    token_forms,
)
from marsad.kb.store import KB, KBEntry, KBRole, name_variants
from marsad.model import Analysis, Entity, Mention, Role, Span, Token
from marsad.text import normalize_word, normalized

log = logging.getLogger(__name__)

NAME_TYPES = {"PERS": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC", "NORP": "COUNTRY", "GPE": "LOC"}
_LETTERS_RE = re.compile(r"\w")


@dataclass(slots=True)
class Cand:
    """A span the dictionaries or rules found, before it becomes (or joins) a mention."""

    start: int
    end: int
    t0: int
    t1: int
    type: str  # mention type: PERS ORG LOC NORP
    kind: str  # kb | country | capital | city | region | demonym | body | acronym | latin-name | descriptor
    target: str | None  # kb id, country:ISO3, local key
    source: str = "gazetteer"
    weak: bool = False  # an ambiguous name: only evidence for a NER mention, never a mention alone
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class TitleHit:
    t0: int
    t1: int
    start: int
    end: int
    title: Title
    country: str | None
    add_roles: list[str]
    former: bool
    acting: bool
    text: str
    name_t0: int = -1  # token where the person's name would start (after a country name, if any)


@dataclass(slots=True)
class Info:
    """What the resolver knows about one mention."""

    mention: Mention
    target: str | None = None
    kind: str = "ner"
    data: dict[str, Any] = field(default_factory=dict)
    titles: list[TitleHit] = field(default_factory=list)


class Resolver:
    """Resolution and linking over one analysis; built per document by :class:`EntitiesStage`."""

    def __init__(
        self,
        kb: KB,
        lex: Lexicon,
        gazetteer: Any,
        names: PhraseIndex,
        titles: PhraseIndex,
        bodies: PhraseIndex,
        transliterate: Any = None,
    ) -> None:
        self.kb = kb
        self.lex = lex
        self.gaz = gazetteer
        self.names = names
        self.titles = titles
        self.bodies = bodies
        self.transliterate = transliterate
        entries = getattr(gazetteer, "entries", None)
        self.places: PhraseIndex | None = None
        if isinstance(entries, dict):
            self.places = _place_index(gazetteer)

    # --- entry point --------------------------------------------------------------------------

    def __call__(self, analysis: Analysis) -> Analysis:
        self.a = analysis
        self.text = analysis.document.text
        self.day = analysis.document.published
        self.toks: list[Token] = analysis.tokens
        self.forms = token_forms(self.toks)
        self.positions = form_positions(self.forms)
        self.starts = [t.start for t in self.toks]
        self.ends = [t.end for t in self.toks]
        self._next_id = 1 + max((int(m.id[1:]) for m in analysis.mentions if m.id[1:].isdigit()), default=0)

        places = self._given_names_read_as_demonyms(self._places())
        titles = self._titles(places)
        consumed: set[int] = set()
        for th in titles:
            consumed.update(range(th.t0, th.t1))
        bodies = self._bodies(places, consumed)
        for b in bodies:
            consumed.update(range(b.t0, b.t1))
        names = [c for c in self._kb_names() if not any(t in consumed for t in range(c.t0, c.t1))]
        latin = self._latin_names()
        descr = self._descriptors(latin + names, places)
        for d in descr:
            consumed.update(range(d.t0, d.t1))
        places = [p for p in places if not (p.kind == "demonym" and any(t in consumed for t in range(p.t0, p.t1)))]
        infos = self._merge(analysis.mentions, bodies + names + latin + places)
        self._attach_titles(infos, titles)
        self._check_titles(infos)
        self._link(infos)
        groups = self._group(infos)
        self._surnames(infos, groups)
        self._title_refs(infos, groups, titles)
        self._nominal_refs(infos, groups, descr)
        analysis.mentions = sorted((i.mention for i in infos), key=lambda m: (m.start, m.end))
        analysis.entities = self._entities(infos, groups, descr)
        return analysis

    # --- helpers --------------------------------------------------------------------------------

    def _tok_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indexes [t0, t1) overlapping the original span."""
        return bisect_right(self.ends, start), bisect_left(self.starts, end)

    def _new_mention(self, start: int, end: int, type_: str, source: str) -> Mention:
        t0, _ = self._tok_range(start, end)
        sent = self.toks[t0].sentence if t0 < len(self.toks) else 0
        m = Mention(f"m{self._next_id}", start, end, self.text[start:end], type_, sent, 1.0, source)
        self._next_id += 1
        return m

    def _adjacent(self, i: int, j: int) -> bool:
        """Token j follows token i with only whitespace between."""
        return 0 <= i < j < len(self.toks) and j == i + 1 and self.text[self.toks[i].end : self.toks[j].start].isspace()

    # --- 1. candidates --------------------------------------------------------------------------

    def _places(self) -> list[Cand]:
        out = []
        for m, s, e, t0, t1 in self._place_matches():
            iso3_kinds = ("country", "capital", "demonym")
            target = f"country:{m.iso3}" if m.kind in iso3_kinds and m.iso3 else f"place:{m.key}"
            out.append(
                Cand(
                    s,
                    e,
                    t0,
                    t1,
                    "NORP" if m.kind == "demonym" else "LOC",
                    m.kind,
                    target,
                    "rule" if m.kind == "demonym" else "gazetteer",
                    data={"iso3": m.iso3, "name_en": m.name_en},
                )
            )
        return out

    def _given_names_read_as_demonyms(self, places: list[Cand]) -> list[Cand]:
        """A demonym without the article right before a person's name is the person's given name
        (تركي المالكي, Turki al-Maliki; هندي السحيمي): the person's mention grows over it, and
        no nationality is read there."""
        persons = {m.start: m for m in self.a.mentions if m.type == "PERS"}
        out = []
        for p in places:
            tok = self.toks[p.t0] if p.t1 == p.t0 + 1 else None
            nxt = persons.get(self.toks[p.t1].start) if tok is not None and p.t1 < len(self.toks) else None
            if (
                p.kind == "demonym"
                and tok is not None
                and nxt is not None
                and not tok.norm.startswith("ال")
                and p.start == tok.start
                and self._adjacent(p.t0, p.t1)
            ):
                nxt.start = p.start
                nxt.text = self.text[nxt.start : nxt.end]
                continue
            out.append(p)
        return out

    def _place_matches(self) -> list[tuple[Any, int, int, int, int]]:
        """(gazetteer entry, start, end, t0, t1) of the gazetteer's places: through the shared token
        index when the gazetteer exposes its entries (one pass over the document for every
        dictionary), else through its own finder."""
        if self.places is not None:
            stop = getattr(self.gaz, "stop", frozenset())
            skip = {i for i, t in enumerate(self.toks) if t.kind == "word" and t.norm in stop}
            found = self.places.find_all(self.toks, self.text, skip, self.forms, self.positions)
            return [(h.payload, h.start, h.end, h.t0, h.t1) for h in found]
        norm = normalized(self.a)
        out = []
        for m in self.gaz.find(norm.text):
            s, e = norm.to_original(m.start, m.end)
            t0, t1 = self._tok_range(s, e)
            if t0 < t1:
                out.append((m, s, e, t0, t1))
        return out

    def _titles(self, places: list[Cand]) -> list[TitleHit]:
        by_t0 = {p.t0: p for p in places}
        out = []
        for hit in self.titles.find_all(self.toks, self.text, None, self.forms, self.positions):
            title: Title = hit.payload
            j = hit.t1
            country = None
            add_roles: list[str] = []
            former = acting = False
            end = hit.end
            last = hit.t1 - 1
            for _ in range(3):
                if not self._adjacent(last, j):
                    break
                p = by_t0.get(j)
                mod = self.lex.modifiers.get(self.toks[j].norm)
                if (
                    p is not None
                    and country is None
                    and (p.kind == "demonym" or (p.kind == "country" and not hit.phrase[-1].startswith("ال")))
                ):
                    country = p.data["iso3"]
                    # a country name stays a mention of its own; a demonym belongs to the title
                    if p.kind == "demonym":
                        end, last, j = p.end, p.t1 - 1, p.t1
                    else:
                        j = p.t1
                        last = p.t1 - 1
                        break
                elif mod is not None:
                    if mod.effect == "add-role" and mod.value:
                        add_roles.append(mod.value)
                    former = former or mod.effect == "former"
                    acting = acting or mod.effect == "acting"
                    end, last, j = self.toks[j].end, j, j + 1
                else:
                    break
            if not title.definite and country is None:
                continue  # رئيس، سلطان، أمير without the article or a country: a given name, not a title
            t1 = bisect_left(self.starts, end)
            out.append(
                TitleHit(
                    hit.t0, t1, hit.start, end, title, country, add_roles, former, acting, self.text[hit.start : end], j
                )
            )
        return out

    def _bodies(self, places: list[Cand], consumed: set[int]) -> list[Cand]:
        by_t0 = {p.t0: p for p in places}
        out = []
        for hit in self.bodies.find_all(self.toks, self.text, consumed, self.forms, self.positions):
            body = hit.payload
            p = by_t0.get(hit.t1)
            if p is None or not self._adjacent(hit.t1 - 1, hit.t1) or not p.data.get("iso3"):
                continue
            if p.kind == "demonym" or (p.kind == "country" and not hit.phrase[-1].startswith("ال")):
                pass
            else:
                continue
            iso3 = p.data["iso3"]
            target = self.kb.by_subtype.get((body.subtype, iso3)) or f"local:org:{iso3.lower()}-{body.subtype}"
            country = self.kb.country(iso3)
            name_en = f"{country.name_en if country else iso3}: {body.name_en}"
            out.append(
                Cand(
                    hit.start,
                    p.end,
                    hit.t0,
                    p.t1,
                    "ORG",
                    "body",
                    target,
                    "rule",
                    data={"country": iso3, "sector": body.sector, "name_en": name_en, "subtype": body.subtype},
                )
            )
        return out

    def _kb_names(self) -> list[Cand]:
        out = []
        for hit in self.names.find_all(self.toks, self.text, None, self.forms, self.positions):
            ids: list[str] = hit.payload
            target = self._choose(ids)
            entry = self.kb.get(target)
            type_ = {"PERSON": "PERS", "COUNTRY": "LOC", "LOC": "LOC"}.get(entry.type if entry else "", "ORG")
            weak = " ".join(hit.phrase) in self.lex.ambiguous
            out.append(Cand(hit.start, hit.end, hit.t0, hit.t1, type_, "kb", target, weak=weak, data={"ids": ids}))
        return out

    def _choose(self, ids: list[str]) -> str | None:
        """One KB id among entries sharing a name: a person holding a role on the day, else the first."""
        if len(ids) == 1:
            return ids[0]
        active = [i for i in ids if (e := self.kb.get(i)) and e.roles_on(self.day)]
        return active[0] if len(active) == 1 else (ids[0] if not active else None)

    def _latin_names(self) -> list[Cand]:
        """``Capitalised Latin Words (ACRONYM)``: the name and its acronym, grouped by the acronym."""
        out: list[Cand] = []
        toks = self.toks
        for k, tok in enumerate(toks):
            if tok.text != "(" or k + 2 >= len(toks) or toks[k + 2].text != ")":
                continue
            acr = toks[k + 1]
            if acr.kind != "latin" or not is_acronym(acr.text):
                continue
            # the run of Latin words right before the bracket
            j = k - 1
            run: list[int] = []
            while j >= 0 and toks[j].kind == "latin" and (not run or self._adjacent(j, run[0])):
                run.insert(0, j)
                j -= 1
            if not run or self.text[toks[run[-1]].end : tok.start].strip() != "":
                continue
            key = f"acr:{acr.text.replace('.', '')}"
            for s in range(len(run)):
                words = [toks[i].text for i in run[s:]]
                if acronym_of(words, acr.text):
                    a, b = toks[run[s]], toks[run[-1]]
                    out.append(
                        Cand(
                            a.start,
                            b.end,
                            run[s],
                            run[-1] + 1,
                            "ORG",
                            "latin-name",
                            key,
                            "rule",
                            data={"name_en": " ".join(words)},
                        )
                    )
                    out.append(Cand(acr.start, acr.end, k + 1, k + 2, "ORG", "acronym", key, "rule"))
                    break
        # later bare uses of a defined acronym
        keys = {c.target for c in out if c.kind == "acronym"}
        seen = {(c.start, c.end) for c in out}
        for k, tok in enumerate(toks):
            if tok.kind == "latin" and f"acr:{tok.text.replace('.', '')}" in keys and (tok.start, tok.end) not in seen:
                out.append(
                    Cand(tok.start, tok.end, k, k + 1, "ORG", "acronym", f"acr:{tok.text.replace('.', '')}", "rule")
                )
        return out

    def _descriptors(self, named: list[Cand], places: list[Cand]) -> list[Cand]:
        """``<head> [words] [demonym]`` right before an organisation name (Latin or KB): the name's
        sector and country. The descriptor tokens are returned as consumed spans (not mentions)."""
        out = []
        demonym_end = {p.t1: p for p in places if p.kind == "demonym"}
        for c in named:
            if c.type != "ORG" or c.kind == "acronym":
                continue
            first = c.t0
            for h in range(first - 1, max(first - 6, -1), -1):
                if not self._adjacent(h, h + 1) or self.toks[h].kind != "word":
                    break
                sector = self.lex.descriptors.get(self.toks[h].norm, "none")
                if sector == "none":
                    forms = first_forms(self.toks[h])
                    sector = next((self.lex.descriptors[f] for _, f in forms if f in self.lex.descriptors), "none")
                if sector != "none":
                    d = demonym_end.get(first)
                    iso3 = d.data["iso3"] if d is not None and d.t0 > h else None
                    c.data.setdefault("sector", sector)
                    if iso3:
                        c.data.setdefault("country", iso3)
                    if h < first:
                        out.append(
                            Cand(
                                self.toks[h].start,
                                self.toks[first - 1].end,
                                h,
                                first,
                                "ORG",
                                "descriptor",
                                c.target,
                                "rule",
                                data={"sector": sector, "country": iso3, "head": self.toks[h].norm, "name": c},
                            )
                        )
                    break
        return out

    # --- 2. merge with the NER --------------------------------------------------------------------

    def _merge(self, ner: list[Mention], cands: list[Cand]) -> list[Info]:
        infos = [Info(m) for m in ner]
        occupied: dict[int, list[Info]] = {}  # token index -> infos over it

        def occupy(info: Info, add: bool) -> None:
            t0, t1 = self._tok_range(info.mention.start, info.mention.end)
            for t in range(t0, t1):
                lst = occupied.setdefault(t, [])
                if add:
                    lst.append(info)
                elif info in lst:
                    lst.remove(info)

        for info in infos:
            occupy(info, True)
        cands = sorted(cands, key=lambda c: (-(c.end - c.start), c.start))
        for c in cands:
            near = {id(i): i for t in range(c.t0, c.t1) for i in occupied.get(t, ())}.values()
            over = [i for i in near if i.mention.start < c.end and c.start < i.mention.end]
            inside = [i for i in over if i.mention.start >= c.start and i.mention.end <= c.end]
            covering = [i for i in over if i.mention.start <= c.start and i.mention.end >= c.end]
            partial = [i for i in over if i not in inside and i not in covering]
            if covering:
                # the dictionary span lies inside a mention: evidence for that mention, when it is
                # the same span or a name of the same kind (القاهرة inside جامعة القاهرة is not)
                info = covering[0]
                same = (info.mention.start, info.mention.end) == (c.start, c.end)
                if not same and (c.weak or not _compatible(c.type, info.mention.type)):
                    continue
                if info.target is None or _better(c, info):
                    info.target, info.kind = c.target, c.kind
                    info.data.update(c.data)
                continue
            if partial or c.weak:
                continue
            if len(inside) == 1 and self._only_descriptor_around(c, inside[0].mention):
                # صحيفة دون with the NER's دون: keep the NER's span (the name), link it
                info = inside[0]
                if info.target is None or _better(c, info):
                    info.target, info.kind = c.target, c.kind
                    info.data.update(c.data)
                continue
            # a new mention; NER mentions inside it are replaced (kept in the group via their id)
            src = c.source
            m = self._new_mention(c.start, c.end, c.type if not inside else _merge_type(c, inside), src)
            for i in inside:
                infos.remove(i)
                occupy(i, False)
            info = Info(m, c.target, c.kind, dict(c.data))
            infos.append(info)
            occupy(info, True)
        return infos

    def _only_descriptor_around(self, c: Cand, m: Mention) -> bool:
        """Whether ``c`` is ``m`` plus descriptor head nouns only (صحيفة + دون)."""
        t0, t1 = self._tok_range(m.start, m.end)
        extra = [k for k in range(c.t0, c.t1) if not t0 <= k < t1]
        return bool(extra) and all(any(f in self.lex.descriptors for _, f in first_forms(self.toks[k])) for k in extra)

    # --- titles before names ----------------------------------------------------------------------

    def _attach_titles(self, infos: list[Info], titles: list[TitleHit]) -> None:
        by_start_tok = {}
        for info in infos:
            t0, _ = self._tok_range(info.mention.start, info.mention.end)
            by_start_tok.setdefault(t0, info)
        for th in titles:
            nxt = by_start_tok.get(th.name_t0)
            if nxt is not None and nxt.mention.type in ("PERS",) and self._adjacent(th.name_t0 - 1, th.name_t0):
                nxt.titles.append(th)
                th_used = True
            else:
                th_used = False
            if not th_used:
                # a NER person mention that starts with the title (الرئيس ترامب tagged whole)
                for info in infos:
                    if info.mention.type == "PERS" and info.mention.start <= th.start < th.end < info.mention.end:
                        info.titles.append(th)
                        th_used = True
                        break
            if not th_used:
                prev = self._person_before(infos, th)
                if prev is not None:
                    prev.titles.append(th)

    def _person_before(self, infos: list[Info], th: TitleHit) -> Info | None:
        """The person a title follows in apposition (عادل الجبير وزير الخارجية السعودي; ماركو روبيو،
        وزير الخارجية الأمريكي): only a title with a country, and for a KB person only a role the KB
        gives them on the day (التقى ترامب رئيس الوزراء الباكستاني: the prime minister is someone else)."""
        if th.country is None or not th.title.definite or th.t0 == 0:
            return None
        k = th.t0 - 1
        if self.toks[k].text in ("،", ",") and k > 0:
            k -= 1
        gap = self.text[self.toks[k].end : th.start]
        if gap.strip() not in ("", "،", ","):
            return None
        for info in infos:
            m = info.mention
            if m.type != "PERS" or not (m.start <= self.toks[k].start < m.end <= th.start):
                continue
            entry = self.kb.get(info.target)
            if entry is not None and entry.type == "PERSON":
                keys = {th.title.role_key, *th.add_roles}
                if not any(r.role_key in keys and r.country == th.country for r in entry.roles_on(self.day)):
                    return None
            return info
        return None

    def _check_titles(self, infos: list[Info]) -> None:
        """A KB person whose title here names a country the person never served is someone else
        with the same name: drop the link (the mention is then resolved as an unknown person)."""
        for info in infos:
            entry = self.kb.get(info.target)
            if entry is None or entry.type != "PERSON":
                continue
            countries = {entry.country} | {r.country for r in entry.roles}
            if any(th.country and th.country not in countries for th in info.titles):
                info.target, info.kind = None, "ner"
                info.data["no_kb"] = True

    # --- linking ------------------------------------------------------------------------------------

    def _link(self, infos: list[Info]) -> None:
        for info in infos:
            if info.target is not None or info.data.get("no_kb"):
                continue
            m = info.mention
            name = self._name_part(info)
            if m.type in ("LOC", "GPE", "NORP"):
                hit = self._gaz_lookup(name)
                if hit is not None:
                    info.target, info.kind = hit
                    continue
            entries = self._kb_lookup(name)
            if m.type == "PERS":
                entries = [e for e in entries if e.type == "PERSON"]
            elif m.type == "ORG":
                entries = [e for e in entries if e.type in ("ORG", "GROUP")]
            if entries:
                chosen = self._choose([e.id for e in entries])
                if chosen:
                    info.target, info.kind = chosen, "kb"

    def _name_part(self, info: Info) -> str:
        """The mention's text without a leading title and without proclitics on its first word."""
        m = info.mention
        key = (m.start, m.end, len(info.titles))
        cached = info.data.get("_name_part")
        if cached is not None and cached[0] == key:
            return cached[1]
        start = max([th.end for th in info.titles if th.end <= m.end] + [m.start])
        t0, t1 = self._tok_range(start, m.end)
        name = m.text if t0 >= t1 else " ".join(t.norm if t.kind != "latin" else t.text for t in self.toks[t0:t1])
        info.data["_name_part"] = (key, name)
        return name

    def _gaz_lookup(self, name: str) -> tuple[str, str] | None:
        for form in _clitic_readings(name):
            found = self.gaz.lookup(form)
            e = found[0] if isinstance(found, list) and found else found
            if e:
                if e.kind in ("country", "capital", "demonym") and e.iso3:
                    return f"country:{e.iso3}", e.kind
                return f"place:{e.key}", e.kind
        return None

    def _kb_lookup(self, name: str) -> list[KBEntry]:
        for form in _clitic_readings(name):
            found = [e for e in self.kb.lookup(form) if e.type != "COUNTRY"]
            if found:
                return found
        return []

    # --- 3. grouping ----------------------------------------------------------------------------------

    def _group(self, infos: list[Info]) -> dict[str, list[Info]]:
        """Group key -> infos. Linked mentions group by target; unlinked persons by name containment;
        other unlinked names by their text."""
        groups: dict[str, list[Info]] = {}
        persons: list[tuple[tuple[str, ...], Info]] = []
        for info in sorted(infos, key=lambda i: i.mention.start):
            if info.target is not None:
                groups.setdefault(info.target, []).append(info)
            elif info.mention.type == "PERS":
                persons.append((tuple(self._name_part(info).split()), info))
            else:
                key = f"text:{info.mention.type}:{_strip_clitics(self._name_part(info))}"
                info.target = key
                groups.setdefault(key, []).append(info)
        # person names: full names first, then shorter names join the full name containing them
        named: list[tuple[tuple[str, ...], str]] = []  # (name words, group key) of linked persons
        for key, members in groups.items():
            if key.startswith("person:"):
                for mem in members:
                    named.append((tuple(self._name_part(mem).split()), key))
        persons.sort(key=lambda p: -len(p[0]))
        for words, info in persons:
            key = None
            for other_words, other_key in named:
                if len(other_words) > len(words) and _contains(other_words, words):
                    key = other_key
                    break
                if other_words == words:
                    key = other_key
                    break
            if key is None:
                key = f"text:PERS:{' '.join(words)}"
                named.append((words, key))
            info.target = key
            groups.setdefault(key, []).append(info)
        return groups

    def _surnames(self, infos: list[Info], groups: dict[str, list[Info]]) -> None:
        """Bare surnames (and unambiguous first names) of persons named in full, where the NER missed them."""
        covered = [(i.mention.start, i.mention.end) for i in infos]
        wanted: dict[str, tuple[str, int]] = {}  # normalised surname -> (group key, first full mention start)
        clash: set[str] = set()
        for key, members in groups.items():
            if not (key.startswith("person:") or key.startswith("text:PERS:")):
                continue
            full = [m for m in members if len(self._name_part(m).split()) >= 2]
            if not full:
                continue
            first = min(m.mention.start for m in full)
            last_words = {self._name_part(m).split()[-1] for m in full}
            for w in last_words:
                if len(w) < 3:
                    continue
                if w in wanted and wanted[w][0] != key:
                    clash.add(w)
                wanted[w] = (key, first)
        for w in clash:
            wanted.pop(w, None)
        if not wanted:
            return
        places = sorted({k for form in wanted for k in self.positions.get(form, ())})
        for k in places:
            tok = self.toks[k]
            if tok.kind != "word":
                continue
            for off, form in self.forms[k]:
                if form in wanted and (off == 0 or tok.norm[:off] in ("و", "ف", "ل", "ب", "ول", "فل", "وب")):
                    key, first = wanted[form]
                    start = start_in_token(tok, off)
                    end = tok.end
                    if start < first or any(s < end and start < e for s, e in covered):
                        break
                    if not self._name_like(k):
                        break
                    m = self._new_mention(start, end, "PERS", "coref")
                    info = Info(m, key, "coref")
                    infos.append(info)
                    groups[key].append(info)
                    covered.append((start, end))
                    break

    def _name_like(self, k: int) -> bool:
        """A bare surname is a name here unless it is glued to a title word it modifies (الأمير الشريف)."""
        prev = self.toks[k - 1] if k > 0 else None
        return not (
            prev is not None
            and prev.kind == "word"
            and prev.norm.startswith("ال")
            and self.toks[k].norm.startswith("ال")
        )

    def _title_refs(self, infos: list[Info], groups: dict[str, list[Info]], titles: list[TitleHit]) -> None:
        """A definite title with no name after it refers to the person holding that role."""
        attached = {id(th) for i in infos for th in i.titles}
        covered = [(i.mention.start, i.mention.end) for i in infos]
        for th in titles:
            if id(th) in attached or not th.title.definite or th.former or not th.title.refers_to:
                continue
            if any(s < th.end and th.start < e for s, e in covered):
                continue
            keys = set(th.title.refers_to)
            # the most recent person in the document with a matching role before the title
            best: tuple[int, str] | None = None
            for key, members in groups.items():
                if not (key.startswith("person:") or key.startswith("text:PERS:")):
                    continue
                roles = self._doc_roles(key, members)
                if not any(r[0] in keys and (th.country is None or r[1] in (th.country, None)) for r in roles):
                    continue
                before = [m.mention.start for m in members if m.mention.start < th.start]
                if before and (best is None or max(before) > best[0]):
                    best = (max(before), key)
            key = best[1] if best else None
            if key is None and th.country:
                holders = self.kb.holders(keys, th.country, self.day)
                if len(holders) == 1:
                    key = holders[0].id
            if key is None:
                continue
            m = self._new_mention(th.start, th.end, "TITLE", "rule")
            info = Info(m, key, "title")
            infos.append(info)
            groups.setdefault(key, []).append(info)
            covered.append((th.start, th.end))

    def _doc_roles(self, key: str, members: list[Info]) -> list[tuple[str, str | None]]:
        out: list[tuple[str, str | None]] = []
        for m in members:
            for th in m.titles:
                out.append((th.title.role_key, th.country))
                out += [(r, th.country) for r in th.add_roles]
        entry = self.kb.get(key)
        if entry is not None:
            out += [(r.role_key, r.country) for r in entry.roles_on(self.day)]
        return out

    def _nominal_refs(self, infos: list[Info], groups: dict[str, list[Info]], descr: list[Cand]) -> None:
        """A definite bare descriptor head (الشركة) refers to the last organisation of its sector
        introduced with a descriptor in the previous three sentences."""
        if not descr:
            return
        covered = [(i.mention.start, i.mention.end) for i in infos]
        consumed = {t for d in descr for t in range(d.t0, d.t1)}
        intro = sorted(((d.t0, d.data["sector"], d.target, d.data["head"]) for d in descr), key=lambda x: x[0])
        heads = [f for f in self.lex.descriptors if f.startswith("ال")]
        for k in sorted({k for f in heads for k in self.positions.get(f, ())}):
            tok = self.toks[k]
            if tok.kind != "word" or k in consumed:
                continue
            forms = [f for _, f in self.forms[k] if f.startswith("ال") and f in self.lex.descriptors]
            if not forms:
                continue
            sector = self.lex.descriptors[forms[0]]
            # a head followed by a name or an adjective is a description of something else
            if (
                k + 1 < len(self.toks)
                and self.toks[k + 1].kind == "word"
                and self._adjacent(k, k + 1)
                and self.toks[k + 1].norm.startswith("ال")
            ):
                continue
            prev = [x for x in intro if x[0] < k and x[1] == sector and x[2] in groups]
            if not prev:
                continue
            t0, _, key, _ = prev[-1]
            if tok.sentence - self.toks[t0].sentence > 3:
                continue
            start = _article_start(tok)
            if any(s < tok.end and start < e for s, e in covered):
                continue
            m = self._new_mention(start, tok.end, "ORG", "coref")
            info = Info(m, key, "nominal")
            infos.append(info)
            groups[key].append(info)
            covered.append((start, tok.end))

    # --- 4. entities ----------------------------------------------------------------------------------

    def _entities(self, infos: list[Info], groups: dict[str, list[Info]], descr: list[Cand]) -> list[Entity]:
        out: list[Entity] = []
        pending: list[Entity] = []  # local persons to transliterate, in one batch
        counters: dict[str, int] = {}
        ordered = sorted(groups.items(), key=lambda kv: min(i.mention.start for i in kv[1]))
        for key, members in ordered:
            members.sort(key=lambda i: i.mention.start)
            entry = self.kb.get(key)
            etype = self._etype(key, entry, members)
            if entry is not None:
                eid = entry.id
            elif key.startswith("local:"):
                eid = key
            else:
                n = counters[etype] = counters.get(etype, 0) + 1
                eid = f"local:{etype.lower()}:{n}"
            for i in members:
                i.mention.entity = eid
                if etype == "PERSON" and entry is not None and i.mention.type in ("LOC", "ORG", "MISC"):
                    i.mention.type = "PERS"  # the NER's type gives way to a KB person's exact name
            ent = Entity(
                id=eid, type=etype, name=self._canonical_name(members, entry), mentions=[i.mention.id for i in members]
            )
            ent.aliases = list(dict.fromkeys(i.mention.text for i in members if i.mention.type != "TITLE"))
            data: dict[str, Any] = {}
            for i in members:
                for k, v in i.data.items():
                    if v is not None and not k.startswith("_"):
                        data.setdefault(k, v)
            if entry is not None:
                ent.kb_id = entry.id
                ent.name_en = entry.name_en
                ent.name_en_source = "gazetteer" if entry.type == "COUNTRY" else "kb"
                ent.wikidata = entry.wikidata
                ent.country = entry.country
                ent.sector = entry.sector
            else:
                ent.country = data.get("country") or data.get("iso3")
                ent.sector = data.get("sector")
                latin = [i.mention.text for i in members if i.kind == "latin-name"] or [
                    i.mention.text
                    for i in members
                    if i.mention.type != "TITLE"
                    and not _LETTERS_RE.search(_arabic_only(i.mention.text))
                    and not is_acronym(i.mention.text)
                ]
                if data.get("name_en") and etype in ("ORG", "LOC") and not latin:
                    # a place's English name, or a body's built from its country's (both gazetteer)
                    if etype == "LOC" or key.startswith("local:org:"):
                        ent.name_en, ent.name_en_source = data["name_en"], "gazetteer"
                elif latin:
                    ent.name_en, ent.name_en_source = max(latin, key=len), "document"
                elif etype == "PERSON" and self.transliterate is not None:
                    pending.append(ent)
            if etype == "PERSON":
                ent.roles = self._roles(entry, members)
                if ent.roles:
                    if entry is None:
                        ent.country = ent.country or ent.roles[0].country
                    ent.sector = ent.roles[0].sector or ent.sector
                    ent.country = ent.roles[0].country or ent.country
            out.append(ent)
        if pending and self.transliterate is not None:
            for ent, tr in zip(pending, self.transliterate([e.name for e in pending]), strict=True):
                if tr:
                    ent.name_en, ent.name_en_source = tr, "transliterated"
        return out

    def _etype(self, key: str, entry: KBEntry | None, members: list[Info]) -> str:
        if entry is not None:
            return entry.type
        if key.startswith("country:"):
            return "COUNTRY"
        types = [i.mention.type for i in members if i.mention.type != "TITLE"]
        if "PERS" in types:
            return "PERSON"
        if "ORG" in types or key.startswith("local:org:") or key.startswith("acr:"):
            return "ORG"
        if "LOC" in types or "GPE" in types:
            return "LOC"
        return NAME_TYPES.get(types[0], "MISC") if types else "MISC"

    def _canonical_name(self, members: list[Info], entry: KBEntry | None) -> str:
        good = [
            i
            for i in members
            if i.kind not in ("title", "demonym", "capital", "nominal", "acronym", "coref")
            and i.mention.type not in ("TITLE", "NORP")
        ]
        if entry is not None and entry.type == "COUNTRY":
            good = [i for i in good if i.kind in ("country", "ner", "kb")] or good
        if good:
            names = [self._display_name(i) for i in good]
            return max(names, key=lambda n: (not _has_proclitic(n), len(n)))
        if entry is not None and entry.names_ar:
            return entry.names_ar[0]
        return max((i.mention.text for i in members), key=len)

    def _display_name(self, info: Info) -> str:
        m = info.mention
        start = max([th.end for th in info.titles if th.end <= m.end] + [m.start])
        return self.text[start : m.end].strip()

    def _roles(self, entry: KBEntry | None, members: list[Info]) -> list[Role]:
        roles: list[Role] = []
        seen: set[tuple[str, str | None]] = set()
        kb_roles = entry.roles if entry is not None else []
        for i in members:
            for th in i.titles:
                keys = [(th.title.role_key, th.title.sector)] + [(r, None) for r in th.add_roles]
                for role_key, sector in keys:
                    kb_role = _kb_role(kb_roles, role_key, th.country, self.day, th.former)
                    country = th.country or (kb_role.country if kb_role else None)
                    if kb_role is not None:
                        role = Role(
                            kb_role.role_en,
                            th.text,
                            kb_role.country,
                            kb_role.sector,
                            kb_role.start,
                            kb_role.end,
                            Span(th.start, th.end, th.text),
                        )
                    else:
                        title_sector = sector or self._title_sector(role_key)
                        role_en = self.lex.role_en(role_key, country)
                        if th.former:
                            role_en = f"former {role_en}"
                        elif th.acting:
                            role_en = f"{role_en} (acting)"
                        role = Role(
                            role_en, th.text, country, title_sector, None, None, Span(th.start, th.end, th.text)
                        )
                    k = (role.role_en, role.country)
                    if k not in seen:
                        seen.add(k)
                        roles.append(role)
        with_country = {r.role_en for r in roles if r.country}
        roles = [r for r in roles if r.country or r.role_en not in with_country]
        if not roles and entry is not None:
            for r in entry.roles_on(self.day):
                if (r.role_en, r.country) not in seen:
                    seen.add((r.role_en, r.country))
                    roles.append(Role(r.role_en, None, r.country, r.sector, r.start, r.end))
        return roles

    def _title_sector(self, role_key: str) -> str | None:
        for t in self.lex.titles.values():
            if t.role_key == role_key:
                return t.sector
        return None


def _kb_role(roles: list[KBRole], key: str, country: str | None, day: str | None, former: bool) -> KBRole | None:
    cands = [r for r in roles if r.role_key == key and (country is None or r.country == country)]
    if former:
        return None
    active = [r for r in cands if r.active_on(day)]
    return active[0] if active else None


def _better(c: Cand, info: Info) -> bool:
    """Whether candidate ``c`` is better link evidence than what ``info`` has."""
    rank = {
        "kb": 0,
        "body": 1,
        "latin-name": 2,
        "acronym": 2,
        "country": 3,
        "capital": 3,
        "city": 4,
        "region": 5,
        "demonym": 6,
    }
    return rank.get(c.kind, 9) < rank.get(info.kind, 9)


_FAMILY = {"PERS": "PERS", "ORG": "ORG", "MISC": "ORG", "LOC": "LOC", "GPE": "LOC", "NORP": "LOC"}


def _compatible(cand_type: str, mention_type: str) -> bool:
    return _FAMILY.get(cand_type, cand_type) == _FAMILY.get(mention_type, mention_type)


def _merge_type(c: Cand, inside: list[Info]) -> str:
    if c.kind == "kb" or c.kind == "body":
        return c.type
    return inside[0].mention.type if len(inside) == 1 else c.type


@word_cache
def _bare_words(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_strip_clitics(w) for w in words)


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """Whether every word of ``shorter`` is a word of ``longer`` in order (روبيو in ماركو روبيو)."""
    it = iter(_bare_words(longer))
    return all(any(s == w for w in it) for s in _bare_words(shorter))


def _strip_clitics(words: str) -> str:
    """A name without a conjunction/preposition glued to its first word (وروبيو -> روبيو)."""
    if not words:
        return words
    first, _, rest = words.partition(" ")
    if first[:1] in ("و", "ف") and len(first) > 3 and not first.startswith("وا"):
        first = first[1:]
    if first[:2] in ("بال", "لل", "كال") or first[:3] == "بال":
        first = "ال" + first[3:] if first.startswith("بال") or first.startswith("كال") else "ال" + first[2:]
    return f"{first} {rest}".strip()


def _clitic_readings(name: str) -> list[str]:
    first, _, rest = name.partition(" ")
    forms = [name]
    if first[:1] in ("و", "ف") and len(first) > 3:
        forms.append(f"{first[1:]} {rest}".strip())
    for f in list(forms):
        w, _, r = f.partition(" ")
        if w.startswith("لل") and len(w) > 3:
            forms.append(f"ال{w[2:]} {r}".strip())
        elif w[:1] in ("ب", "ل", "ك") and w[1:3] == "ال":
            forms.append(f"{w[1:]} {r}".strip())
    return forms


def _has_proclitic(name: str) -> bool:
    """Whether a name as written starts with a glued preposition or conjunction (للكونغرس، وواشنطن)."""
    first = normalize_word(name.split(" ", 1)[0])
    return first.startswith(("لل", "بال", "وال", "فال", "كال")) or (
        first[:1] in ("و", "ب", "ل") and len(first) > 4 and first[1:3] == "ال"
    )


def _arabic_only(text: str) -> str:
    return "".join(ch for ch in text if "\u0600" <= ch <= "\u06ff")


def _article_start(tok: Token) -> int:
    """Original offset where the article starts in a token with proclitics (والشركة -> الشركة)."""
    norm = tok.norm
    i = norm.find("ال")
    if i <= 0:
        return tok.start
    return start_in_token(tok, i)


@lru_cache(maxsize=1)
def _transliterator() -> Any:
    # dictionary first, then the package's letter rules; its neural fallback costs ~0.1 s a name
    from arabic_name_romanizer import Transliterator

    tr = Transliterator(auto_load_model=False, max_per_unit=1, max_combinations=1)
    # name units (محمد، عبد الله، بن) recur across articles: remember the dictionary's answers
    index = getattr(tr, "index", None)
    if index is not None and hasattr(index, "lookup_unit"):
        index.lookup_unit = lru_cache(maxsize=WORD_CACHE_SIZE)(index.lookup_unit)
    return tr


_ROMAN_CACHE: dict[str, str | None] = {}


def romanize(names: list[str]) -> list[str | None]:
    """English spellings of Arabic personal names by the arabic-name-romanizer package (MIT): its
    name dictionary, else its letter rules; None where it fails or gives nothing. Cached per process."""
    todo = sorted({n for n in names if n not in _ROMAN_CACHE})
    if todo:
        try:
            outs = _transliterator().transliterate_many(todo)
        except Exception as e:  # the fallback must never break the stage
            log.debug("transliteration failed: %s", e)
            outs = [None] * len(todo)
        if len(_ROMAN_CACHE) >= WORD_CACHE_SIZE:
            _ROMAN_CACHE.clear()
        for n, o in zip(todo, outs, strict=True):
            _ROMAN_CACHE[n] = o if isinstance(o, str) and o.strip() else None
    return [_ROMAN_CACHE[n] for n in names]


_PLACE_INDEXES: dict[int, tuple[Any, PhraseIndex]] = {}


def _place_index(gazetteer: Any) -> PhraseIndex:
    """The gazetteer's entries (deduplicated by kind priority, stoplist applied) as a token index."""
    cached = _PLACE_INDEXES.get(id(gazetteer))
    if cached is None or cached[0] is not gazetteer:
        index = PhraseIndex((tuple(key.split(" ")), e) for key, e in gazetteer.entries.items())
        cached = _PLACE_INDEXES[id(gazetteer)] = (gazetteer, index)
    return cached[1]


_LONG_VOWELS = "اوي"


def _long_vowel_variants(name: str) -> list[str]:
    """A full name (two words or more) with one long vowel letter dropped inside its last word:
    the press writes foreign surnames with and without them (فلاديمير بوتين / بوتن, ماكرون /
    ماكرن). The first words must match as they are, so a variant stays specific to its person."""
    words = name.split(" ")
    last = words[-1]
    if len(words) < 2 or len(last) < 4:
        return []
    out = []
    for i in range(1, len(last) - 1):
        if last[i] in _LONG_VOWELS and last[i - 1] not in _LONG_VOWELS:
            out.append(" ".join([*words[:-1], last[:i] + last[i + 1 :]]))
    return out


def kb_name_index(kb: KB) -> PhraseIndex:
    """Phrase index of every non-country KB name and Latin alias -> list of KB ids."""
    from marsad.entities.match import latin_key

    table: dict[tuple[str, ...], list[str]] = {}
    for e in kb.entries.values():
        if e.type == "COUNTRY":
            continue
        for n in e.names_ar:
            variants = name_variants(n)
            if e.type == "PERSON":
                variants = variants + [w for v in variants for w in _long_vowel_variants(v)]
            for v in variants:
                ids = table.setdefault(tuple(v.split(" ")), [])
                if e.id not in ids:
                    ids.append(e.id)
        for a in e.aliases:
            ph = tuple(latin_key(w) for w in a.split())
            if len(ph) == 1 and not is_acronym(a) and e.type == "PERSON":
                continue  # a bare Latin surname (Trump) is too loose on its own in mixed text
            ids = table.setdefault(ph, [])
            if e.id not in ids:
                ids.append(e.id)
    return PhraseIndex(table.items())


__all__ = ["Cand", "Hit", "Resolver", "kb_name_index", "romanize"]

"""The ``entities`` stage: one real-world thing, one entity - resolved, linked, named in English.

It groups the mentions of the NER (``analysis.mentions``) with what the dictionaries find (the
gazetteer's places, the KB's organisations and persons, national bodies, titles, acronyms), links
each group to the actor knowledge base (:mod:`marsad.kb`) or gives it a document-local id, and
attaches roles (English name, country, PLOVER sector, dates) from the titles around a person,
checked against the KB at the publication date. See :mod:`marsad.entities.resolve` for the rules
and the decisions taken (capitals are their country; seats of government and armies are ORG
entities with a country and a sector).

Interfaces other stages rely on:

- ``Entity.id``: a KB id (``person:marco-rubio``, ``country:PAK``, ``org:dawn``) or a
  document-local id (``local:person:1``; generic national bodies get the deterministic
  ``local:org:<iso3>-<subtype>``, e.g. ``local:org:irn-foreign-ministry``).
- ``Entity.type``: PERSON, ORG, COUNTRY, LOC, GROUP or MISC; ``Entity.country`` (ISO alpha-3),
  ``Entity.sector`` (PLOVER), ``Entity.roles``, ``Entity.name_en`` with ``name_en_source``
  (``kb``, ``gazetteer``, ``document`` for a Latin-script name in the text, ``transliterated``).
- ``Mention.entity`` is set on every mention of an entity. The stage adds mentions of its own:
  ``source="gazetteer"`` (dictionary names the NER missed), ``"rule"`` (bodies, acronyms,
  ``type="NORP"`` demonyms such as الهنود, ``type="TITLE"`` title references such as الوزير
  الأمريكي) and ``"coref"`` (bare surnames, الشركة).
- :func:`entity_at` ``(analysis, start, end)``: the entity whose mention covers or overlaps a span;
  :func:`mention_at` the mention itself; :func:`mention_kind` how a mention names its entity
  (``name``, ``capital`` - واشنطن for the US government -, ``demonym``, ``title``, ``nominal``,
  ``acronym``), for stages that code actors (a capital stands for the government: sector GOV).

Options: ``EntitiesStage(kb_paths=[...])`` adds user KB files (also ``MARSAD_KB``);
``transliterate=False`` leaves unknown persons without an English name.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from marsad.entities.lexicon import Lexicon, default_lexicon
from marsad.entities.match import PhraseIndex
from marsad.entities.resolve import Resolver, kb_name_index, romanize
from marsad.kb import KB, load_kb
from marsad.model import Analysis, Entity, Mention
from marsad.pipeline import Stage

__all__ = ["EntitiesStage", "entity_at", "mention_at", "mention_kind"]


@cache
def _indexes(kb: KB, lex: Lexicon) -> tuple[PhraseIndex, PhraseIndex, PhraseIndex]:
    return kb_name_index(kb), PhraseIndex(lex.titles.items()), PhraseIndex(lex.bodies.items())


class EntitiesStage(Stage):
    """Resolution, roles and linking of the NER's mentions (see the package docstring)."""

    name = "entities"
    requires = ("mentions",)
    provides = ("entities",)

    def __init__(
        self,
        *,
        kb: KB | None = None,
        kb_paths: Sequence[str] = (),
        lexicon: Lexicon | None = None,
        gazetteer: Any = None,
        transliterate: bool = True,
    ) -> None:
        self._kb = kb
        self._kb_paths = tuple(kb_paths)
        self._lex = lexicon
        self._gaz = gazetteer
        self._translit = transliterate
        self._resources: tuple[Any, ...] | None = None

    def resolver(self) -> Resolver:
        """A resolver for one document (it holds per-document state; the indexes are shared, so
        one stage may serve several threads)."""
        if self._resources is None:
            from marsad import gazetteer as gz

            kb = self._kb if self._kb is not None else load_kb(self._kb_paths)
            lex = self._lex if self._lex is not None else default_lexicon()
            gaz = self._gaz if self._gaz is not None else gz.default_gazetteer()
            names, titles, bodies = _indexes(kb, lex)
            self._resources = (kb, lex, gaz, names, titles, bodies, romanize if self._translit else None)
        return Resolver(*self._resources)

    def __call__(self, analysis: Analysis) -> Analysis:
        if not analysis.tokens and analysis.document.text:
            from marsad.text import TextStage

            TextStage()(analysis)
        return self.resolver()(analysis)


def mention_at(analysis: Analysis, start: int, end: int) -> Mention | None:
    """The mention (with an entity) covering ``[start, end)``, else the one overlapping it most."""
    best = None
    best_key: tuple[int, int] | None = None
    for m in analysis.mentions:
        if m.entity is None or m.end <= start or m.start >= end:
            continue
        covers = int(m.start <= start and m.end >= end)
        overlap = min(m.end, end) - max(m.start, start)
        key = (covers, overlap)
        if best_key is None or key > best_key:
            best, best_key = m, key
    return best


def entity_at(analysis: Analysis, start: int, end: int) -> Entity | None:
    """The entity whose mention covers (or, failing that, overlaps most) the span ``[start, end)``."""
    m = mention_at(analysis, start, end)
    return analysis.entity(m.entity) if m is not None else None


def mention_kind(analysis: Analysis, mention: Mention) -> str:
    """How ``mention`` names its entity: ``title`` (الوزير الأمريكي), ``demonym`` (الهنود),
    ``capital`` (واشنطن for the USA), ``nominal`` (الشركة), ``acronym`` (USSM) or ``name``."""
    from marsad import gazetteer
    from marsad.entities.match import is_acronym

    if mention.type == "TITLE":
        return "title"
    if mention.type == "NORP":
        return "demonym"
    if is_acronym(mention.text):
        return "acronym"
    ent = analysis.entity(mention.entity)
    bare_head = mention.source == "coref" and mention.text.startswith("ال") and " " not in mention.text
    if bare_head and ent is not None and ent.type != "PERSON":
        return "nominal"
    if ent is not None and ent.type == "COUNTRY":
        found = gazetteer.lookup(mention.text)
        if found and found[0].kind == "capital":
            return "capital"
        if found and found[0].kind == "demonym":
            return "demonym"
    return "name"

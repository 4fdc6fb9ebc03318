"""The marsad data model: one Analysis per document, every layer pointing into the original text.

Every span carries ``start``/``end`` character offsets (Python string indices) into
``Document.text``, which is never modified: ``doc.text[span.start:span.end] == span.text``.
Normalised forms live beside the text (see :mod:`marsad.text.normalize`), never instead of it.

The JSON form is versioned by :data:`SCHEMA_NAME`; :func:`marsad.schema.build_schema` derives the
JSON Schema from the dataclasses below, so adding a field here and running ``make schema`` keeps
the shipped schema file in step (a test checks that it is).
"""

from __future__ import annotations

import dataclasses
import types
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

SCHEMA_NAME = "marsad.analysis/1"

# --- small shared value types -------------------------------------------------------------------


@dataclass(slots=True)
class Span:
    """A stretch of the original text: cue words, triggers, evidence."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Document:
    """An article as the user gave it. ``text`` is kept byte-for-byte as given."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD, or None when unknown
    source: str | None = None
    url: str | None = None
    language: str = "ar"
    title_span: Span | None = None  # where the title sits in ``text`` when it is the first line


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int  # 0-based index of the paragraph the sentence starts in
    is_title: bool = False


@dataclass(slots=True)
class Token:
    """A surface token. Clitic segmentation is a feature, never a replacement of the token."""

    start: int
    end: int
    text: str
    kind: Literal["word", "latin", "number", "url", "email", "punct", "symbol", "other"]
    norm: str  # normalised form used for matching
    sentence: int
    prefix: str = ""  # proclitics in normalised form, e.g. "وال"
    stem: str = ""  # the normalised form without clitics
    suffix: str = ""  # pronoun enclitic in normalised form, e.g. "ها"
    stem_start: int = 0  # offsets of the stem inside the original text
    stem_end: int = 0


@dataclass(slots=True)
class Mention:
    """A named-entity mention found in the text (NER, gazetteer or rule)."""

    id: str
    start: int
    end: int
    text: str
    type: str  # PERS, LOC, ORG, MISC, or finer types added by later stages (NORP, TITLE)
    sentence: int
    confidence: float = 1.0
    source: str = "ner"  # ner | gazetteer | kb | rule | coref
    entity: str | None = None  # id of the Entity this mention belongs to


@dataclass(slots=True)
class Role:
    """A title held by a person: ``Secretary of State`` of ``USA``, sector ``GOV``."""

    role_en: str
    title_ar: str | None = None
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # PLOVER sector code: GOV, MIL, JUD, LEG, PTY, REB, BUS, MED, JRN, ...
    start: str | None = None  # ISO date the role began, when known
    end: str | None = None
    span: Span | None = None  # where the title appears in this document, when it does


@dataclass(slots=True)
class Entity:
    """One real-world thing mentioned in the document, with all its mentions."""

    id: str  # KB id (``person:marco-rubio``, ``country:PAK``) or document-local (``local:pers:...``)
    type: str  # PERSON, ORG, COUNTRY, LOC, GROUP, MISC
    name: str  # canonical Arabic name as written in the document (longest good mention)
    mentions: list[str] = field(default_factory=list)  # Mention ids
    name_en: str | None = None
    name_en_source: Literal["kb", "transliterated", "gazetteer", "document"] | None = None  # document: written in Latin script in the text
    kb_id: str | None = None
    wikidata: str | None = None
    country: str | None = None  # ISO alpha-3 of the country the entity belongs to
    sector: str | None = None
    roles: list[Role] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # distinct surface forms seen in the document


@dataclass(slots=True)
class Quote:
    """Something said, and who said it."""

    id: str
    start: int
    end: int
    text: str  # the quoted or reported content
    kind: Literal["direct", "partial", "indirect"]
    sentence: int
    cue: Span | None = None  # speech verb or nominal cue (قال، أضاف، وفقًا لـ)
    speaker: str | None = None  # Entity id; None when unknown
    speaker_text: str | None = None
    speaker_span: Span | None = None
    attribution: str = "unknown"  # named | title | pronoun | continuation | organisation | unknown
    reported_via: Span | None = None  # "according to the transcript on the State Department's site"
    confidence: float = 1.0
    # Links between quotes of one analysis (see :mod:`marsad.quotes.links`), so that consumers can
    # count distinct statements without losing any quote. Both are ids of another quote, or None:
    # within: the quote whose span contains this partial quote (an indirect quote, or a quote of the
    #   same speaker): the quoted words are part of that statement, e.g. «...» inside reported speech;
    # repeats: an earlier quote of the same speaker with the same (or nearly the same) words, e.g. a
    #   headline's statement told again in the body. Distinct statements have neither.
    within: str | None = None
    repeats: str | None = None


@dataclass(slots=True)
class TimeExpr:
    """A time expression resolved (or not) against the publication date."""

    id: str
    start: int
    end: int
    text: str
    type: Literal["date", "time", "duration", "set", "range"]
    value: str | None = None  # ISO 8601: 2025-10-25, 2025-06, 2025-W43, 2025-Q1, P5D, ...
    granularity: str | None = None  # day, week, month, quarter, year, decade, hour, minute, ...
    resolved: bool = False
    relation: Literal["before", "after", "at", "around"] | None = None  # to the publication date
    anchor: Literal["absolute", "publication", "none"] = "none"
    sentence: int = 0
    begin: str | None = None  # for ranges: first and last value
    finish: str | None = None
    calendar: Literal["gregorian", "hijri"] = "gregorian"
    mod: str | None = None  # TimeML mod: START (مطلع العام), MID (منتصف), END (أواخر)


@dataclass(slots=True)
class Quantity:
    """A number with its unit: money, counts, durations, percentages."""

    id: str
    start: int
    end: int
    text: str
    value: float | None
    unit: str | None = None  # ISO 4217 for money, "percent", "day", "person", ...
    kind: Literal["money", "count", "percent", "duration", "number", "ordinal", "fraction"] = "number"
    approximate: bool = False
    bound: Literal["lower", "upper", "exact"] = "exact"
    iso: str | None = None  # ISO 8601 duration for durations, e.g. P4D
    sentence: int = 0
    counted: str | None = None  # what is counted, as written (جندي)


@dataclass(slots=True)
class Actor:
    """An event participant in PLOVER's actor form."""

    entity: str | None  # Entity id
    text: str
    name_en: str | None = None
    country: str | None = None  # ISO alpha-3
    sector: str | None = None  # PLOVER/CAMEO sector code
    members: list[str] = field(default_factory=list)  # entity ids of a compound actor


@dataclass(slots=True)
class Event:
    """A political event coded in PLOVER (and CAMEO), every field tied to its evidence."""

    id: str
    type: str  # PLOVER event type: CONSULT, AGREE, SUPPORT, COOPERATE, ...
    sentence: int
    trigger: Span
    evidence: Span
    mode: str | None = None  # PLOVER mode: visit, meeting, mou, ...
    cameo: str | None = None
    actor: Actor | None = None
    recipient: Actor | None = None
    place: Actor | None = None
    date: str | None = None  # ISO value from the time layer
    date_granularity: str | None = None
    time: str | None = None  # TimeExpr id
    amounts: list[str] = field(default_factory=list)  # Quantity ids
    modality: str = "asserted"  # asserted, negated, intended, hypothetical, reported, historical
    speaker: str | None = None  # Entity id when modality is reported
    quote: str | None = None  # Quote id when the event is told inside a quotation
    duration: str | None = None  # ISO 8601 duration
    objects: list[str] = field(default_factory=list)  # things involved, e.g. minerals shipped
    summary_en: str | None = None
    confidence: float = 1.0
    # where ``date`` came from: time (a time expression in the sentence), speech (when the quoted
    # speaker spoke), publication (assumed from the tense: flagged, not stated in the text)
    date_source: str | None = None


@dataclass(slots=True)
class StageError:
    """A stage failed on this document; the rest of the analysis stands."""

    stage: str
    message: str


@dataclass(slots=True)
class Analysis:
    """The result of running the pipeline over one Document."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)
    errors: list[StageError] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)  # stages that ran, in order
    # Working state shared between stages (normalised text, caches); never serialised.
    scratch: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.document.text

    def entity(self, entity_id: str | None) -> Entity | None:
        if entity_id is None:
            return None
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        return None

    def to_json(self, *, tokens: bool = False) -> dict[str, Any]:
        """The JSON form (a plain dict). Tokens are left out unless asked for: they are bulky."""
        out: dict[str, Any] = {"schema": SCHEMA_NAME}
        for f in dataclasses.fields(self):
            if f.name == "scratch":
                continue
            if f.name == "tokens" and not tokens:
                continue
            out[f.name] = to_plain(getattr(self, f.name))
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Analysis:
        if data.get("schema") != SCHEMA_NAME:
            from marsad.errors import InputError

            raise InputError(f"not a {SCHEMA_NAME} document (schema is {data.get('schema')!r})")
        payload = {k: v for k, v in data.items() if k != "schema"}
        return from_plain(cls, payload)


# --- generic (de)serialisation of the dataclasses above ------------------------------------------


def to_plain(value: Any) -> Any:
    """Dataclasses to dicts, recursively, keeping field order (fast path for the hot types)."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


T = TypeVar("T")

_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def _build(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        for arg in get_args(tp):
            if arg is type(None):
                continue
            return _build(arg, value)
    if origin is list:
        (item,) = get_args(tp)
        return [_build(item, v) for v in value]
    if origin is dict:
        return dict(value)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return from_plain(tp, value)
    if tp is float and isinstance(value, int):
        return float(value)
    return value


def from_plain(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a dataclass from its plain form; unknown keys are an error, not silently dropped."""
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = set(data) - names
    if unknown:
        from marsad.errors import InputError

        raise InputError(f"{cls.__name__}: unknown field(s) {sorted(unknown)}")
    kwargs = {k: _build(hints[k], v) for k, v in data.items()}
    return cls(**kwargs)


__all__ = [
    "SCHEMA_NAME",
    "Actor",
    "Analysis",
    "Document",
    "Entity",
    "Event",
    "Mention",
    "Quantity",
    "Quote",
    "Role",
    "Sentence",
    "Span",
    "StageError",
    "TimeExpr",
    "Token",
    "from_plain",
    "to_plain",
]

"""PLOVER JSON records (one per event) for exports: ``marsad analyze --format plover`` and the store.

The record follows the PLOVER v2 data-field chapter: ``id``, ``date``, ``actor``/``recipient`` as
lists of entity objects (``code`` = ISO 3166 alpha-3, ``sector``, ``entity_text``,
``identifier_id``/``identifier_text``), ``event``/``mode``/``context`` as lists, ``event_loc``,
``quad_code``, ``text_info`` (offsets of the evidence sentence; the article text itself is not
copied) and ``cite_info``. marsad adds named fields PLOVER allows providers to add: ``cameo``,
``modality``, ``speaker``, ``amounts``, ``objects``, ``duration``, ``date_granularity``,
``date_source``, ``summary_en``. PLOVER's auxiliary modes (historical, future, hypothetical,
negation) are also listed in ``context`` as the manual suggests. A compound actor is a list of its
members; a reciprocal event (a meeting of equals) has every party as actor and no recipient.
"""

from __future__ import annotations

from typing import Any

from marsad import __version__
from marsad.model import Actor, Analysis, Event

QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip
AUXILIARY = {"historical": "historical", "intended": "future", "hypothetical": "hypothetical", "negated": "negation"}
HAPPENED = frozenset({"asserted", "reported", "historical", "intended"})


def _entity_objects(actor: Actor | None, analysis: Analysis) -> list[dict[str, Any]]:
    if actor is None:
        return []
    if actor.members:
        out = []
        for member in actor.members:
            ent = analysis.entity(member)
            if ent is None:
                out.append({"entity_text": member})
                continue
            out.append(_one(Actor(entity=ent.id, text=ent.name, name_en=ent.name_en, country=_country(ent),
                                  sector=ent.sector or next((r.sector for r in ent.roles if r.sector), None)),
                            analysis))  # fmt: skip
        return out
    return [_one(actor, analysis)]


def _country(ent: Any) -> str | None:
    if ent.country:
        return ent.country
    if ent.type == "COUNTRY" and ent.id.startswith("country:"):
        return ent.id.split(":", 1)[1]
    return None


def _one(actor: Actor, analysis: Analysis) -> dict[str, Any]:
    obj: dict[str, Any] = {"code": actor.country, "sector": actor.sector, "entity_text": actor.text}
    ent = analysis.entity(actor.entity)
    if ent is not None:
        obj["identifier_id"] = ent.wikidata or ent.kb_id or ent.id
        obj["identifier_text"] = ent.name_en or ent.name
        office = next((r.role_en for r in ent.roles if r.role_en), None)
        if office:
            obj["office"] = office
    elif actor.name_en:
        obj["identifier_text"] = actor.name_en
    return {k: v for k, v in obj.items() if v is not None}


def to_plover(event: Event, analysis: Analysis) -> dict[str, Any]:
    """The PLOVER record of one event of ``analysis``."""
    doc = analysis.document
    context = list(analysis.contexts)
    if event.modality in AUXILIARY:
        context.append(AUXILIARY[event.modality])
    record: dict[str, Any] = {
        "id": f"{doc.id}-{event.id}",
        "has_event": event.modality in HAPPENED,
        "date": event.date,
        "date_granularity": event.date_granularity,
        "date_source": event.date_source,
        "actor": _entity_objects(event.actor, analysis),
        "recipient": _entity_objects(event.recipient, analysis),
        "event": [event.type],
        "mode": [event.mode] if event.mode else [],
        "context": context,
        "cameo": event.cameo,
        "quad_code": QUAD.get(event.type),
        "modality": event.modality,
        "event_text": [event.trigger.text],
        "text_info": {"sequence": event.sentence, "start": event.evidence.start, "end": event.evidence.end,
                      "trigger_start": event.trigger.start, "trigger_end": event.trigger.end},
        "cite_info": {
            "url": doc.url,
            "title": doc.title,
            "language": doc.language,
            "publication": doc.source,
            "coder": f"marsad {__version__}",
            "codebook": "plover-2.0",
        },
    }
    if event.place is not None:
        record["event_loc"] = {
            "extracted_place": event.place.text,
            "resolved_place": event.place.name_en,
            "country_code": event.place.country,
        }
    if event.duration:
        record["duration"] = event.duration
    if event.amounts:
        qs = {q.id: q for q in analysis.quantities}
        record["amounts"] = [
            {"value": qs[i].value, "unit": qs[i].unit, "approximate": qs[i].approximate, "text": qs[i].text}
            for i in event.amounts
            if i in qs
        ]
    if event.objects:
        record["objects"] = list(event.objects)
    if event.speaker:
        who = analysis.entity(event.speaker)
        record["speaker"] = {"identifier_id": event.speaker, "identifier_text": (who.name_en or who.name) if who else None}
    if event.summary_en:
        record["summary_en"] = event.summary_en
    return record


def plover_records(analysis: Analysis, *, all_events: bool = False) -> list[dict[str, Any]]:
    """Records of the events that happened (or were intended); ``all_events`` keeps negated and
    hypothetical ones too (with ``has_event`` false)."""
    return [to_plover(e, analysis) for e in analysis.events if all_events or e.modality in HAPPENED]

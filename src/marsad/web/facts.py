"""The facts panel of the article page: each layer of an Analysis as rows with English renderings.

Every layer may be empty (a stage not installed, or one that failed); the panel then says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marsad.model import Actor, Analysis
from marsad.quotes.links import count_statements
from marsad.web.render import ENTITY_TYPE_LABELS, MENTION_TO_ENTITY_TYPE, role_text


@dataclass(slots=True)
class Facts:
    entities: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    statements: int = 0  # distinct statements among the quotes (those with neither within nor repeats)
    times: list[dict[str, Any]] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    loose_mentions: list[dict[str, Any]] = field(default_factory=list)  # mentions not linked to any entity


def _actor(a: Analysis, actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    ent = a.entity(actor.entity)
    return {
        "id": actor.entity if ent is not None else None,
        "ar": actor.text,
        "en": actor.name_en or (ent.name_en if ent else None) or "",
        "country": actor.country,
        "sector": actor.sector,
    }


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def article_facts(a: Analysis) -> Facts:
    f = Facts(contexts=list(a.contexts), stages=list(a.stages))
    first_mention = {}
    for m in a.mentions:
        if m.entity and m.entity not in first_mention:
            first_mention[m.entity] = m.id
    for e in sorted(a.entities, key=lambda e: -len(e.mentions)):
        f.entities.append(
            {
                "id": e.id,
                "name": e.name,
                "name_en": e.name_en or "",
                "type": e.type,
                "type_label": ENTITY_TYPE_LABELS.get(e.type, e.type.lower()),
                "roles": role_text(e),
                "country": e.country,
                "mentions": len(e.mentions),
                "anchor": f"m-{first_mention[e.id]}" if e.id in first_mention else None,
                "kb": bool(e.kb_id),
            }
        )
    for q in a.quotes:
        ent = a.entity(q.speaker)
        f.quotes.append(
            {
                "anchor": f"q-{q.id}",
                "speaker_id": ent.id if ent else None,
                "speaker_en": (ent.name_en if ent else None) or "",
                "speaker_ar": (ent.name if ent else None) or q.speaker_text or "",
                "kind": q.kind,
                "attribution": q.attribution,
                "text": q.text,
                "cue": q.cue.text if q.cue else "",
                "within": q.within,  # ids of the quote this one is part of / repeats (anchor q-<id>)
                "repeats": q.repeats,
            }
        )
    f.statements = count_statements(a.quotes)
    for t in a.times:
        value = t.value or (f"{t.begin} … {t.finish}" if t.begin else "")
        f.times.append(
            {
                "anchor": f"t-{t.id}",
                "text": t.text,
                "type": t.type,
                "value": value,
                "granularity": t.granularity or "",
                "resolved": t.resolved or bool(t.value),
            }
        )
    for q in a.quantities:
        f.quantities.append(
            {
                "anchor": f"n-{q.id}",
                "text": q.text,
                "value": _number(q.value),
                "unit": q.unit or "",
                "kind": q.kind,
                "approximate": q.approximate,
                "counted": q.counted or "",
                "iso": q.iso or "",
            }
        )
    for ev in a.events:
        f.events.append(
            {
                "anchor": f"e-{ev.id}",
                "type": ev.type,
                "mode": ev.mode or "",
                "modality": ev.modality,
                "summary_en": ev.summary_en or "",
                "actor": _actor(a, ev.actor),
                "recipient": _actor(a, ev.recipient),
                "date": ev.date or "",
                "evidence": ev.evidence.text,
                "cameo": ev.cameo or "",
            }
        )
    loose: dict[tuple[str, str], dict[str, Any]] = {}
    for m in a.mentions:
        if m.entity and a.entity(m.entity) is not None:
            continue
        etype = MENTION_TO_ENTITY_TYPE.get(m.type, m.type)
        row = loose.setdefault((etype, m.text), {"text": m.text, "type": etype, "count": 0, "anchor": f"m-{m.id}",
                                                  "type_label": ENTITY_TYPE_LABELS.get(etype, etype.lower())})
        row["count"] += 1
    f.loose_mentions = sorted(loose.values(), key=lambda r: (-r["count"], r["type"], r["text"]))
    f.errors = [{"stage": e.stage, "message": e.message} for e in a.errors]
    return f

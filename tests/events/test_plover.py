"""PLOVER JSON records."""

from __future__ import annotations

import json

from marsad.events.plover import QUAD, plover_records, to_plover
from tests.events.build import Ent, Spec, code

EGY = Ent("مصر", "country:EGY", "COUNTRY", "EGY", None, "Egypt")
SAU = Ent("السعودية", "country:SAU", "COUNTRY", "SAU", None, "Saudi Arabia")
MBS = Ent("محمد بن سلمان", "person:mbs", "PERSON", "SAU", "GOV", "Mohammed bin Salman", role="Crown Prince")


def test_record_fields():
    a = code(Spec("زار محمد بن سلمان مصر في مارس.", ents=[MBS, EGY], times=[("مارس", "2025-03", "month")]))
    rec = to_plover(a.events[0], a)
    json.dumps(rec)  # serialisable
    assert rec["id"].endswith(a.events[0].id)
    assert rec["event"] == ["CONSULT"] and rec["mode"] == ["visit"] and rec["cameo"] == "042"
    assert rec["actor"] == [
        {"code": "SAU", "sector": "GOV", "entity_text": "محمد بن سلمان", "identifier_id": "person:mbs",
         "identifier_text": "Mohammed bin Salman", "office": "Crown Prince"}
    ]  # fmt: skip
    assert rec["recipient"][0]["code"] == "EGY"
    assert rec["date"] == "2025-03" and rec["date_granularity"] == "month"
    assert rec["quad_code"] == 1 and rec["has_event"] is True
    t = rec["text_info"]
    assert a.text[t["trigger_start"] : t["trigger_end"]] == "زار"
    assert rec["cite_info"]["codebook"] == "plover-2.0"


def test_compound_actor_is_a_list():
    a = code(Spec("اتفقت مصر والسعودية على تشكيل لجنة.", ents=[EGY, SAU]))
    rec = to_plover(a.events[0], a)
    assert [o["code"] for o in rec["actor"]] == ["EGY", "SAU"] and rec["recipient"] == []


def test_negated_events_are_left_out_of_the_export():
    a = code(Spec("لم تزر مصر السعودية.", ents=[EGY, SAU]))
    assert a.events[0].modality == "negated"
    assert plover_records(a) == []
    (rec,) = plover_records(a, all_events=True)
    assert rec["has_event"] is False and "negation" in rec["context"]


def test_quad_codes_cover_every_type():
    from marsad.events.lexicon import PLOVER_TYPES

    assert set(QUAD) == set(PLOVER_TYPES)

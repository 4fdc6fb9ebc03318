"""The canonical article's "must show" events, coded from hand-made lower layers (what the entity,
time, quantity and quote stages are specified to give). General machinery only: nothing here is
special-cased in the coder."""

from __future__ import annotations

import pytest

from marsad.events.plover import plover_records
from tests.events.build import build
from tests.events.canonical_spec import RUBIO, USSM, canonical_spec


@pytest.fixture(scope="module")
def analysis(canonical_text):
    from marsad.events import EventStage
    from marsad.events.contexts import ContextStage

    a = EventStage()(build(canonical_spec(canonical_text)))
    return ContextStage()(a)


def find(a, etype, **want):
    out = []
    for e in a.events:
        if e.type != etype:
            continue
        if all(getattr(e, k) == v for k, v in want.items()):
            out.append(e)
    return out


def test_first_visit(analysis):
    (e,) = find(analysis, "CONSULT", mode="visit", date="2025-06")
    assert e.actor.entity == "person:asim-munir" and e.actor.country == "PAK"
    assert e.recipient.country == "USA" and e.duration == "P5D"
    assert e.summary_en == "2025-06: Asim Munir (Pakistan, military) visited Washington (United States) for five days."


def test_lunch_with_trump(analysis):
    (e,) = find(analysis, "CONSULT", date="2025-06", mode=None)
    assert e.actor.entity == "person:asim-munir" and e.recipient.entity == "person:donald-trump"
    assert "lunch" in e.objects


def test_second_visit(analysis):
    (e,) = find(analysis, "CONSULT", mode="visit", date="2025-08")
    assert e.actor.entity == "person:asim-munir" and e.recipient.country == "USA"


def test_meeting_at_the_general_assembly(analysis):
    (e,) = find(analysis, "CONSULT", date="2025-09")
    assert e.recipient is None  # reciprocal: every party is the actor
    assert {"person:asim-munir", "person:donald-trump", "person:shehbaz-sharif"} <= set(e.actor.members)
    assert e.mode == "multilateral"


def test_ussm_memorandum(analysis):
    (e,) = find(analysis, "AGREE", date="2025-09")
    assert e.actor.entity == USSM and e.recipient.country == "PAK"
    (q,) = [q for q in analysis.quantities if q.id in e.amounts]
    assert q.value == 500_000_000 and q.unit == "USD" and q.approximate


def test_mineral_shipment(analysis):
    (e,) = find(analysis, "COOPERATE", modality="asserted")
    assert e.actor.entity == USSM and e.recipient.country == "USA"
    assert {"antimony", "copper concentrate", "neodymium", "praseodymium"} <= set(e.objects)


def test_rubio_statement_of_intent(analysis):
    (e,) = find(analysis, "AGREE", speaker=RUBIO)
    assert e.modality == "reported" and e.date == "2025-10-25"
    assert e.actor.country == "USA" and e.recipient.country == "PAK"


def test_nothing_against_india(analysis):
    for e in analysis.events:
        if e.recipient is not None and e.recipient.country == "IND":
            pytest.fail(f"event against India: {e.summary_en}")
    assert all(e.modality != "asserted" for e in analysis.events if e.actor and e.actor.country == "IND")


def test_headline_merged_into_body(analysis):
    assert not any(analysis.sentences[e.sentence].is_title for e in analysis.events)


def test_contexts(analysis):
    assert {"diplomatic", "economic", "military", "natural_resource", "terrorism"} <= set(analysis.contexts)


def test_plover_records(analysis):
    recs = plover_records(analysis)
    assert recs and all(r["has_event"] for r in recs)
    assert all(r["actor"] or r["recipient"] for r in recs)
    mou = next(r for r in recs if r["event"] == ["AGREE"] and r["date"] == "2025-09")
    assert mou["actor"][0]["code"] == "USA" and mou["recipient"][0]["code"] == "PAK"
    assert mou["amounts"][0]["value"] == 500_000_000

"""The canonical article through the full default pipeline (runs once the stages below events are
registered; the same checks run on hand-made layers in test_canonical_layers.py)."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module")
def a(canonical_analysis):
    if "events" not in canonical_analysis.stages:
        pytest.skip("the events stage is not in the default pipeline yet")
    return canonical_analysis


def events(a, etype, **want):
    return [e for e in a.events if e.type == etype and all(getattr(e, k) == v for k, v in want.items())]


def test_visits_and_meetings(a):
    (v1,) = events(a, "CONSULT", mode="visit", date="2025-06")
    assert v1.actor.entity == "person:asim-munir" and v1.actor.country == "PAK" and v1.recipient.country == "USA"
    assert v1.duration == "P5D"
    assert v1.summary_en.startswith("2025-06: Asim Munir (Pakistan, military) visited Washington (United States)")
    lunch = [e for e in events(a, "CONSULT", date="2025-06") if e.recipient and e.recipient.entity == "person:donald-trump"]
    assert lunch
    (v2,) = events(a, "CONSULT", mode="visit", date="2025-08")
    assert v2.actor.entity == "person:asim-munir" and v2.recipient.country == "USA"
    (unga,) = events(a, "CONSULT", date="2025-09")
    assert {"person:donald-trump", "person:shehbaz-sharif"} <= set(unga.actor.members)


def test_ussm_and_shipment(a):
    (mou,) = events(a, "AGREE", date="2025-09")
    assert mou.actor.country == "USA" and mou.actor.sector == "BUS" and mou.recipient.country == "PAK"
    assert [q.value for q in a.quantities if q.id in mou.amounts] == [500_000_000]
    (ship,) = events(a, "COOPERATE", modality="asserted")
    assert ship.recipient.country == "USA"
    assert {"antimony", "copper concentrate", "neodymium", "praseodymium"} <= set(ship.objects)


def test_rubio_intent(a):
    (e,) = events(a, "AGREE", speaker="person:marco-rubio")
    assert e.date == "2025-10-25" and e.modality == "reported"
    assert (e.actor.country, e.recipient.country) == ("USA", "PAK")


def test_nothing_against_india(a):
    assert not [e for e in a.events if e.recipient and e.recipient.country == "IND"]


def test_contexts(a):
    assert {"diplomatic", "economic", "military", "natural_resource", "terrorism"} <= set(a.contexts)


def test_analyze_plover_format(a, canonical_text, tmp_path, capsys):
    from marsad.cli import main

    path = tmp_path / "a.txt"
    path.write_text(canonical_text, encoding="utf-8")
    assert main(["analyze", str(path), "--published", "2025-10-26", "--title-first-line", "--format", "plover"]) == 0
    lines = capsys.readouterr().out.splitlines()
    recs = [json.loads(line) for line in lines]
    assert recs and all(r["has_event"] and r["event"][0] == r["event"][-1] for r in recs)
    assert any(r["event"] == ["AGREE"] and r.get("amounts") for r in recs)

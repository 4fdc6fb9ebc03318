import json

import jsonschema
import pytest

from marsad.errors import InputError
from marsad.model import SCHEMA_NAME, Actor, Analysis, Document, Entity, Event, Mention, Quote, Role, Span
from marsad.schema import build_schema, load_schema


def _sample() -> Analysis:
    text = "قال الوزير إن البلدين اتفقا."
    a = Analysis(document=Document(id="d1", text=text, published="2025-10-26"))
    a.mentions.append(Mention("m1", 4, 10, text[4:10], "PERS", 0, 0.9, entity="local:pers:1"))
    a.entities.append(
        Entity("local:pers:1", "PERSON", "الوزير", ["m1"], roles=[Role("Minister", "الوزير", "PAK", "GOV")])
    )
    a.quotes.append(Quote("q1", 14, 27, text[14:27], "indirect", 0, cue=Span(0, 3, "قال"), speaker="local:pers:1"))
    a.events.append(
        Event(
            "e1",
            "AGREE",
            0,
            trigger=Span(22, 27, text[22:27]),
            evidence=Span(0, len(text), text),
            actor=Actor("local:pers:1", "الوزير", country="PAK"),
        )
    )
    return a


def test_json_round_trip():
    a = _sample()
    data = a.to_json()
    again = Analysis.from_json(json.loads(json.dumps(data, ensure_ascii=False)))
    assert again == a
    assert again.to_json() == data


def test_json_has_the_documented_top_level_keys():
    data = Analysis(document=Document(id="x", text="نص")).to_json()
    assert data["schema"] == SCHEMA_NAME
    for key in ("sentences", "mentions", "entities", "quotes", "times", "quantities", "events", "contexts"):
        assert data[key] == []
    assert "tokens" not in data
    assert "tokens" in Analysis(document=Document(id="x", text="نص")).to_json(tokens=True)


def test_sample_validates_against_shipped_schema():
    jsonschema.validate(_sample().to_json(tokens=True), load_schema())


def test_shipped_schema_matches_the_data_model():
    # `make schema` rewrites the file; this fails when model.py changed and the file was not rewritten.
    assert load_schema() == json.loads(json.dumps(build_schema()))


def test_schema_rejects_unknown_fields_and_wrong_types():
    data = _sample().to_json()
    data["mentions"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, load_schema())
    data = _sample().to_json()
    data["mentions"][0]["start"] = "4"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, load_schema())


def test_from_json_refuses_other_schemas_and_unknown_fields():
    with pytest.raises(InputError):
        Analysis.from_json({"schema": "other/1", "document": {"id": "x", "text": ""}})
    data = _sample().to_json()
    data["quotes"][0]["bogus"] = 1
    with pytest.raises(InputError):
        Analysis.from_json(data)


def _linked_sample() -> Analysis:
    """The sample with a partial quote inside its indirect quote and a later telling of it."""
    a = _sample()
    text = a.document.text
    a.quotes.append(Quote("q2", 14, 21, text[14:21], "partial", 0, speaker="local:pers:1", within="q1"))
    a.quotes.append(Quote("q3", 14, 27, text[14:27], "indirect", 0, speaker="local:pers:1", repeats="q1"))
    return a


def test_quote_links_survive_json_and_validate():
    a = _linked_sample()
    data = a.to_json()
    assert [(q["within"], q["repeats"]) for q in data["quotes"]] == [(None, None), ("q1", None), (None, "q1")]
    jsonschema.validate(data, load_schema())
    again = Analysis.from_json(json.loads(json.dumps(data, ensure_ascii=False)))
    assert again == a and again.quotes[1].within == "q1" and again.quotes[2].repeats == "q1"
    data["quotes"][1]["within"] = 1  # an id is a string
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, load_schema())


def test_json_written_before_quote_links_still_reads():
    data = _sample().to_json()
    for q in data["quotes"]:
        del q["within"], q["repeats"]
    again = Analysis.from_json(data)
    assert again.quotes[0].within is None and again.quotes[0].repeats is None

"""The entities stage on the canonical article (published 2025-10-26): the issue's "must show" list.

The article runs through the text layer, the NER when it is registered, and the entities stage; the
checks are on general machinery (KB linking, titles, metonymy, demonyms, bodies, acronyms), not on
hard-coded output.
"""

from __future__ import annotations

import pytest

from marsad.model import Analysis


@pytest.fixture(scope="module")
def canon(canonical_text) -> Analysis:
    from marsad.entities import EntitiesStage
    from marsad.pipeline import STAGE_REGISTRY, Pipeline

    stages = ["text"] + (["ner"] if "ner" in STAGE_REGISTRY else [])
    a = Pipeline(stages)(canonical_text, published="2025-10-26", title_first_line=True)
    return EntitiesStage()(a)


def _texts(a: Analysis, entity_id: str) -> list[str]:
    return [m.text for m in a.mentions if m.entity == entity_id]


def test_exactly_four_persons(canon):
    persons = sorted(e.id for e in canon.entities if e.type == "PERSON")
    assert persons == ["person:asim-munir", "person:donald-trump", "person:marco-rubio", "person:shehbaz-sharif"]


@pytest.mark.parametrize(
    ("pid", "name_en", "roles", "country", "sector"),
    [
        ("person:marco-rubio", "Marco Rubio", [("Secretary of State", "USA", "GOV")], "USA", "GOV"),
        ("person:donald-trump", "Donald Trump", [("President", "USA", "GOV")], "USA", "GOV"),
        ("person:asim-munir", "Asim Munir", [("Chief of Army Staff", "PAK", "MIL"), ("Field Marshal", "PAK", "MIL")],
         "PAK", "MIL"),
        ("person:shehbaz-sharif", "Shehbaz Sharif", [("Prime Minister", "PAK", "GOV")], "PAK", "GOV"),
    ],
)  # fmt: skip
def test_person_roles(canon, pid, name_en, roles, country, sector):
    e = canon.entity(pid)
    assert (e.name_en, e.name_en_source, e.kb_id) == (name_en, "kb", pid)
    assert [(r.role_en, r.country, r.sector) for r in e.roles] == roles
    assert (e.country, e.sector) == (country, sector)


def test_every_person_mention_is_grouped(canon, canonical_text):
    rubio = _texts(canon, "person:marco-rubio")
    # the headline and the lead name him in full; five bare surnames; one title reference
    assert rubio.count("ماركو روبيو") == 2
    assert sum(1 for t in rubio if t.endswith("روبيو") and t != "ماركو روبيو") == canonical_text.count("روبيو") - 2
    assert "الوزير الأمريكي" in rubio
    trump = _texts(canon, "person:donald-trump")
    assert len(trump) == canonical_text.count("ترامب")
    assert _texts(canon, "person:asim-munir") == ["أسيم منير", "منير"]
    assert _texts(canon, "person:shehbaz-sharif") == ["شهباز شريف"]


def test_countries_group_names_capitals_and_demonyms(canon):
    usa = set(_texts(canon, "country:USA"))
    assert {"الولايات المتحدة", "واشنطن"} <= usa
    pak = set(_texts(canon, "country:PAK"))
    assert {"باكستان", "إسلام آباد"} <= pak
    ind = set(_texts(canon, "country:IND"))
    assert {"الهند", "نيودلهي", "الهنود"} <= ind
    for iso3, name_en in (("USA", "United States"), ("PAK", "Pakistan"), ("IND", "India")):
        e = canon.entity(f"country:{iso3}")
        assert e.type == "COUNTRY" and e.name_en == name_en and e.country == iso3


def test_organisations(canon):
    ids = {e.id for e in canon.entities if e.type == "ORG"}
    assert {"org:us-state-department", "org:un-general-assembly", "org:dawn"} <= ids
    ussm = [e for e in canon.entities if e.type == "ORG" and "USSM" in _texts(canon, e.id)]
    assert len(ussm) == 1
    e = ussm[0]
    assert "US Strategic Metals" in _texts(canon, e.id)
    assert (e.name_en, e.name_en_source, e.country, e.sector) == ("US Strategic Metals", "document", "USA", "BUS")


def test_mentions_are_consistent(canon, canonical_text):
    ids = {e.id for e in canon.entities}
    for m in canon.mentions:
        assert canonical_text[m.start : m.end] == m.text
        assert m.entity in ids, m


def test_default_pipeline_resolves_the_canonical_article(canonical_analysis):
    assert "entities" in canonical_analysis.stages
    persons = sorted(e.id for e in canonical_analysis.entities if e.type == "PERSON")
    assert persons == ["person:asim-munir", "person:donald-trump", "person:marco-rubio", "person:shehbaz-sharif"]


def test_output_validates_against_the_shipped_schema(canonical_analysis):
    import jsonschema

    from marsad.schema import load_schema

    jsonschema.validate(canonical_analysis.to_json(), load_schema())

import pytest

import marsad
from marsad.errors import ConfigError, InputError
from marsad.model import Analysis
from marsad.pipeline import STAGE_REGISTRY, Pipeline, Stage, parse_date


class Boom(Stage):
    name = "boom"
    requires = ("sentences",)
    provides = ("boom",)

    def __call__(self, analysis: Analysis) -> Analysis:
        raise RuntimeError("kaput")


class AfterBoom(Stage):
    name = "after_boom"
    requires = ("boom",)
    provides = ("after",)

    def __call__(self, analysis: Analysis) -> Analysis:  # pragma: no cover - must be skipped
        raise AssertionError("should have been skipped")


@pytest.fixture
def test_stages(monkeypatch):
    monkeypatch.setitem(STAGE_REGISTRY, "boom", "tests.test_pipeline:Boom")
    monkeypatch.setitem(STAGE_REGISTRY, "after_boom", "tests.test_pipeline:AfterBoom")


def test_analyze_sets_document_fields():
    a = marsad.analyze("زار الوزير القاهرة.", published="2025-10-26", title="عنوان")
    assert a.document.published == "2025-10-26" and a.document.title == "عنوان"
    assert a.stages[0] == "text" and a.sentences and a.tokens


def test_text_only_pipeline_and_disable():
    nlp = Pipeline(["text"])
    assert nlp.names == ["text"]
    a = nlp("جملة. وأخرى.")
    assert len(a.sentences) == 2
    assert "text" not in Pipeline(["text"], disable=["text"]).names


def test_unknown_stage_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown stage 'nope'"):
        Pipeline(["text", "nope"])


def test_unmet_requirements_reported_together(test_stages):
    with pytest.raises(ConfigError) as err:
        Pipeline(["after_boom", "boom"])
    assert "after_boom" in str(err.value) and "boom" in str(err.value)


def test_a_failing_stage_is_recorded_and_the_rest_goes_on(test_stages):
    nlp = Pipeline(["text", "boom", "after_boom"])
    a = nlp("جملة.")
    assert a.sentences  # the text layer stands
    assert [e.stage for e in a.errors] == ["boom", "after_boom"]
    assert "kaput" in a.errors[0].message
    with pytest.raises(RuntimeError):
        nlp.run(nlp.make_analysis("جملة."), strict=True)


def test_stage_instances_are_shared():
    assert Pipeline(["text"]).stages[0] is Pipeline(["text"]).stages[0]


@pytest.mark.parametrize("bad", ["2025-13-01", "26-10-2025", "yesterday", "2025/10/26"])
def test_parse_date_rejects(bad):
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        parse_date(bad)


def test_parse_date_accepts_timestamps():
    assert parse_date("2025-10-26T08:00:00Z") == "2025-10-26"
    assert parse_date(None) is None

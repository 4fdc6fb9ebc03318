"""The store on both backends: ingestion, idempotence, merging, de-duplication and every query."""

from __future__ import annotations

import pytest

from marsad.errors import InputError
from marsad.model import Analysis, Quote
from marsad.store import Store, date_interval, fold, parse_query, period_of, snippet
from marsad.store.scores import plover_score
from tests.store.corpus import T1, article1, article2, article3, article4, article5, corpus


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def filled(request, tmp_path_factory):
    """The five-article corpus in a store on each backend, shared by the tests that only read."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("filled") / "filled.db")
    else:
        url = request.getfixturevalue("pg_server").new_database()
    s = Store.open(url)
    for a in corpus():
        s.ingest_analysis(a)
    yield s
    s.close()


def test_ingest_counts(filled):
    st = filled.stats()
    assert (st["articles"], st["stories"], st["events"], st["event_reports"], st["quotes"]) == (5, 4, 3, 5, 4)
    # entities: Rubio, USA, PAK, AFG, and the two local "Ahmad Khan" merged into one
    assert st["entities"] == 5


def test_same_article_twice_changes_nothing(store):
    for a in corpus():
        store.ingest_analysis(a)
    before = store.stats(), store.events()["items"], store.entities(limit=100)["items"], store.quotes()["items"]
    for a in corpus():
        assert store.ingest_analysis(a)["status"] == "duplicate"
    after = store.stats(), store.events()["items"], store.entities(limit=100)["items"], store.quotes()["items"]
    assert before == after


def test_identity_without_url_is_the_content(store):
    a = article4()
    assert a.document.url is None
    first = store.ingest_analysis(a)
    a_again = article4()
    a_again.document.id = "another-id"
    assert store.ingest_analysis(a_again) == {**first, "status": "duplicate", "duplicate_of": first["id"], "similarity": 1.0}


def test_empty_article_is_refused(store):
    a = article1()
    a.document.text = "   "
    with pytest.raises(InputError, match="empty"):
        store.ingest_analysis(a)
    assert store.stats()["articles"] == 0


def test_near_duplicate_joins_the_story(filled):
    a2 = filled.article("a2")
    assert a2["story_id"] == "a1" and a2["duplicate_of"] == "a1" and a2["similarity"] >= 0.8
    assert [s["id"] for s in filled.article("a1")["story"]] == ["a2"]
    assert filled.article("a3")["story_id"] == "a3"


def test_article_page_has_the_analysis(filled):
    art = filled.article("a1")
    assert art["text"] == T1
    assert art["analysis"]["schema"] == "marsad.analysis/1"
    assert [e["type"] for e in art["analysis"]["events"]] == ["CONSULT"]
    assert art["events"][0]["n_reports"] == 3
    assert filled.article("nope") is None


def test_articles_listing(filled):
    res = filled.articles(limit=2)
    assert res["total"] == 5 and [a["id"] for a in res["items"]] == ["a5", "a4"]
    assert [a["id"] for a in filled.articles(source="fourth")["items"]] == ["a5", "a4"]
    assert [a["id"] for a in filled.articles(since="2025-10-27", until="2025-11-04")["items"]] == ["a4", "a3"]


def test_kb_entities_merge_across_articles(filled):
    rubio = filled.entity("person:marco-rubio")
    assert rubio["n_articles"] == 3 and rubio["n_mentions"] == 3
    assert rubio["roles"][0]["role_en"] == "Secretary of State" and rubio["roles"][0]["n_articles"] == 3
    assert rubio["mentions_over_time"] == [{"period": "2025-10", "mentions": 3, "articles": 3}]
    assert [q["article_id"] for q in rubio["quotes"]] == ["a1", "a2"]
    assert {e["type"] for e in rubio["events"]} == {"CONSULT"}


def test_local_entities_merge_by_normalised_name(filled):
    khan = filled.entity("أحمد خان")
    assert khan["id"] == "local:person:احمد-خان"
    assert khan["n_articles"] == 2 and khan["n_mentions"] == 3
    assert {"أحمد خان", "احمد خان"} <= set(khan["aliases"])
    assert [q["article_id"] for q in khan["quotes"]] == ["a5", "a4"]
    weekly = filled.entity(khan["id"], by="week")["mentions_over_time"]
    assert weekly == [{"period": "2025-W45", "mentions": 3, "articles": 2}]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("person:marco-rubio", "person:marco-rubio"),
        ("ماركو روبيو", "person:marco-rubio"),
        ("Marco Rubio", "person:marco-rubio"),
        ("PAK", "country:PAK"),
        ("باكستان", "country:PAK"),
        ("افغانستان", "country:AFG"),  # hamza-less spelling
        ("روبيو", "person:marco-rubio"),  # part of the name
        ("لا أحد", None),
    ],
)
def test_resolve_entity(filled, name, expected):
    ent = filled.resolve_entity(name)
    assert (ent["id"] if ent else None) == expected


def test_cross_article_event_dedup(filled):
    consult = filled.events(type="CONSULT")["items"]
    assert len(consult) == 1
    ev = consult[0]
    # three reports: two day-level (2025-10-25) and one month-level (2025-10) whose month holds that day
    assert ev["n_reports"] == 3 and ev["date"] == "2025-10-25" and ev["date_granularity"] == "day"
    assert [r["article_id"] for r in ev["reports"]] == ["a1", "a2", "a3"]
    assert filled.event(ev["id"])["reports"] == ev["reports"]


def test_events_outside_the_window_stay_apart(store):
    store.ingest_analysis(article1())
    later = article1(url="https://news.example/a/9", doc_id="a9")
    later.events[0].date = "2025-10-29"  # four days later: another meeting
    store.ingest_analysis(later)
    assert store.events(type="CONSULT")["total"] == 2


@pytest.mark.parametrize(
    ("kwargs", "expected_types"),
    [
        ({"actor": "USA"}, ["AGREE", "CONSULT"]),
        ({"actor": "USA", "recipient": "PAK"}, ["AGREE", "CONSULT"]),
        ({"actor": "PAK"}, ["ASSAULT"]),
        ({"recipient": "أفغانستان"}, ["ASSAULT"]),
        ({"actor": "ماركو روبيو"}, ["CONSULT"]),
        ({"type": "agree"}, ["AGREE"]),
        ({"since": "2025-11-01"}, ["AGREE"]),
        ({"until": "2025-10-26"}, ["CONSULT"]),
        ({"since": "2025-10-26", "until": "2025-10-31"}, ["ASSAULT"]),
    ],
)
def test_event_filters(filled, kwargs, expected_types):
    assert [e["type"] for e in filled.events(**kwargs)["items"]] == expected_types


def test_unknown_actor_is_an_input_error(filled):
    with pytest.raises(InputError, match="no entity matches"):
        filled.events(actor="لا أحد هنا")


def test_quotes_queries(filled):
    assert filled.quotes()["total"] == 4
    res = filled.quotes(speaker="Marco Rubio")
    assert res["speaker"]["id"] == "person:marco-rubio" and [q["article_id"] for q in res["items"]] == ["a1", "a2"]
    assert res["items"][0]["speaker_name_en"] == "Marco Rubio"
    assert [q["article_id"] for q in filled.quotes(contains="المفاوضات")["items"]] == ["a4"]
    assert [q["article_id"] for q in filled.quotes(contains="الاستراتيجيه فرصه")["items"]] == ["a1", "a2"]
    assert [q["article_id"] for q in filled.quotes(since="2025-11-05")["items"]] == ["a5"]
    assert [q["article_id"] for q in filled.quotes(until="2025-10-26", limit=1)["items"]] == ["a1"]


def test_relations(filled):
    rel = filled.relations("USA", "PAK", by="month")
    assert rel["series"] == [
        {"period": "2025-10", "count": 1, "score": 4.0, "a_to_b": 1, "b_to_a": 0, "score_a_to_b": 4.0, "score_b_to_a": 0.0},
        {"period": "2025-11", "count": 1, "score": 2.5, "a_to_b": 1, "b_to_a": 0, "score_a_to_b": 2.5, "score_b_to_a": 0.0},
    ]
    assert rel["total"]["score"] == 6.5 and rel["types"] == {"AGREE": 1, "CONSULT": 1}
    back = filled.relations("PAK", "USA", by="week")
    assert back["total"]["b_to_a"] == 2 and [s["period"] for s in back["series"]] == ["2025-W43", "2025-W45"]
    war = filled.relations("PAK", "AFG")
    assert war["total"] == {"count": 1, "score": -9.0, "a_to_b": 1, "b_to_a": 0, "score_a_to_b": -9.0, "score_b_to_a": 0.0}
    with pytest.raises(InputError):
        filled.relations("USA", "PAK", by="decade")


def test_timeline(filled):
    tl = filled.timeline("person:marco-rubio")
    assert tl["kind"] == "entity"
    assert [(i["kind"], i["date"]) for i in tl["items"]] == [
        ("event", "2025-10-25"), ("quote", "2025-10-26"), ("quote", "2025-10-26")]
    ev_id = tl["items"][0]["id"]
    ev_tl = filled.timeline(ev_id)
    assert ev_tl["kind"] == "event" and [i["article_id"] for i in ev_tl["items"]] == ["a1", "a2", "a3"]
    story = filled.timeline("a2")
    assert story["kind"] == "story" and [i["id"] for i in story["items"]] == ["a1", "a2"]
    assert filled.timeline("nothing-here") is None


SEARCHES = [
    # (query, expected article ids in rank order)
    ("باكستان", ["a1", "a2", "a4"]),  # والقوات الباكستانية also contains the letters: see next line
    ("الخارجيّة", ["a4", "a3", "a1", "a2"]),  # tashkeel in the query is ignored; shorter articles rank higher
    ("الأمريكي روبيو", ["a1", "a2"]),
    ('"وزير الخارجية الأمريكي"', ["a1", "a2"]),
    ("السعودية", ["a1", "a2"]),  # found inside والسعودية
    ("اسلام اباد", ["a3"]),  # hamza-less query finds إسلام آباد
    ("وقعت", ["a4"]),  # وقّعت with shadda in the text
    ("غير موجود إطلاقا", []),
]


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_search(filled, query, expected):
    res = filled.search(query)
    ids = [i["id"] for i in res["items"]]
    if query == "باكستان":
        # الباكستانية contains باكستان as a substring: a3 matches too, ranked by occurrences per length
        assert set(ids) == {"a1", "a2", "a3", "a4"} and res["total"] == 4
    else:
        assert ids == expected and res["total"] == len(expected)


def test_search_snippets_point_into_the_original(filled):
    res = filled.search("الخارجية")
    for item in res["items"]:
        assert item["highlights"], item
        for s, e in item["highlights"]:
            assert fold(item["snippet"][s:e]) == "الخارجيه"
    a1 = next(i for i in res["items"] if i["id"] == "a1")
    assert "الخارجيّة" in a1["snippet"]  # the snippet is the original text, shadda and all


def test_search_paging_and_filters(filled):
    full = [i["id"] for i in filled.search("الخارجية")["items"]]
    assert [i["id"] for i in filled.search("الخارجية", limit=2, offset=1)["items"]] == full[1:3]
    assert [i["id"] for i in filled.search("الخارجية", source="third")["items"]] == ["a3"]
    assert [i["id"] for i in filled.search("الخارجية", since="2025-10-27")["items"]] == ["a4", "a3"]
    with pytest.raises(InputError, match="empty"):
        filled.search("  ")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        filled.search("x", since="yesterday")


def test_short_terms_search_too(filled):
    # two-letter terms are below the trigram index: the store falls back to scanning
    assert {i["id"] for i in filled.search("خان")["items"]} == {"a4", "a5"}
    assert filled.search("في", limit=1)["total"] == 5


def test_export_iterators(filled):
    events = list(filled.iter_events())
    assert [e["type"] for e in events] == ["CONSULT", "ASSAULT", "AGREE"]
    assert events[0]["report_articles"] == "a1;a2;a3"
    assert len(list(filled.iter_event_reports())) == 5
    assert len(list(filled.iter_quotes())) == 4
    assert len(list(filled.iter_entities())) == 5


def test_reopen_applies_no_migration(tmp_path):
    from marsad.store import schema

    path = str(tmp_path / "m.db")
    Store.open(path).close()
    s = Store.open(path)
    with s.engine.begin() as conn:
        assert schema.migrate(conn) == []
        rows = conn.execute(schema.migrations_table.select()).all()
    assert [r.version for r in rows] == [m[0] for m in schema.MIGRATIONS]
    s.close()


def test_sqlite_store_is_one_file_in_wal_mode(tmp_path):
    s = Store.open(str(tmp_path / "w.db"))
    s.ingest_analysis(article1())
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    s.close()


def test_directory_is_not_a_store(tmp_path):
    with pytest.raises(InputError, match="directory"):
        Store.open(str(tmp_path))


# --- helpers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-10-25", ("2025-10-25", "2025-10-25", "day")),
        ("2025-10", ("2025-10-01", "2025-10-31", "month")),
        ("2024-02", ("2024-02-01", "2024-02-29", "month")),
        ("2025-12", ("2025-12-01", "2025-12-31", "month")),
        ("2025-W43", ("2025-10-20", "2025-10-26", "week")),
        ("2025-Q4", ("2025-10-01", "2025-12-31", "quarter")),
        ("2025", ("2025-01-01", "2025-12-31", "year")),
        ("2025-10-25T14:30", ("2025-10-25", "2025-10-25", "day")),
        ("P5D", None),
        ("2025-13", None),
        (None, None),
    ],
)
def test_date_interval(value, expected):
    assert date_interval(value) == expected


@pytest.mark.parametrize(
    ("day", "by", "expected"),
    [("2025-10-26", "month", "2025-10"), ("2025-10-26", "week", "2025-W43"), ("2025-01-01", "week", "2025-W01"),
     ("2024-12-30", "week", "2025-W01"), ("2025-10-26", "year", "2025"), (None, "month", None)],
)
def test_period_of(day, by, expected):
    assert period_of(day, by) == expected


@pytest.mark.parametrize(
    ("query", "terms"),
    [("وزير الخارجيّة", ["وزير", "الخارجيه"]), ('"مجلس الأمن" إيران', ["مجلس الامن", "ايران"]),
     ("UN un", ["un"]), ("  ", [])],
)
def test_parse_query(query, terms):
    assert parse_query(query) == terms


@pytest.mark.parametrize(
    ("etype", "mode", "score"),
    [("CONSULT", None, 2.5), ("CONSULT", "visit", 4.0), ("consult", "Visit", 4.0), ("ASSAULT", "aerial", -9.5),
     ("ACCUSE", None, -3.0), ("AID", "unknown-mode", 10.0), ("NOPE", None, None), (None, None, None)],
)
def test_plover_scores(etype, mode, score):
    assert plover_score(etype, mode) == score


def test_snippet_without_hits_is_the_start():
    text, marks = snippet("نص قصير", ["غير"])
    assert text == "نص قصير" and marks == []


def test_entity_key():
    assert Store.entity_key("person:marco-rubio", "PERSON", "x") == "person:marco-rubio"
    assert Store.entity_key("local:pers:1", "PERSON", "أحمد  خان") == Store.entity_key("local:p:2", "PERSON", "احمد خان")
    assert Store.entity_key("local:pers:1", "ORG", "خان") != Store.entity_key("local:pers:1", "PERSON", "خان")


def test_analysis_json_dict_is_accepted(store):
    res = store.ingest_analysis(article3().to_json())
    assert res["status"] == "ingested" and store.article("a3")["analysis"]["events"][1]["type"] == "ASSAULT"


def test_ingest_many_keeps_going_past_a_bad_article(store):
    bad = article5()
    bad.document.text = ""
    res = store.ingest_many([(article1(), {}), (bad, {}), (article2(), {})])
    assert [r["status"] for r in res] == ["ingested", "rejected", "ingested"]
    assert store.stats()["articles"] == 2


def test_article2_is_article1_copy():
    assert article2().document.text != article1().document.text


@pytest.mark.parametrize("query", ["%", "_", "50%_x", "\\"])
def test_like_wildcards_are_literal(filled, query):
    assert filled.search(query)["total"] == 0
    assert filled.quotes(contains=query)["total"] == 0
    assert filled.entities(query)["total"] == 0


def test_two_writers_on_one_sqlite_file_queue(tmp_path):
    """A second writer (say the web server while `marsad ingest` runs) waits for the lock, then writes."""
    import threading
    import time

    path = str(tmp_path / "two.db")
    a, b = Store.open(path), Store.open(path)
    holding = threading.Event()

    def hold() -> None:
        with a.writer.begin() as conn:
            a._ingest_one(conn, article1())
            holding.set()
            time.sleep(0.3)

    t = threading.Thread(target=hold)
    t.start()
    holding.wait()
    res = b.ingest_analysis(article3())
    t.join()
    assert res["status"] == "ingested" and b.stats()["articles"] == 2
    a.close()
    b.close()


def test_real_pipeline_output_round_trips(tmp_path, canonical_analysis):
    """The canonical article through the full pipeline: everything it holds is stored and comes back."""
    import copy

    from marsad.model import Analysis

    a = copy.deepcopy(canonical_analysis)
    a.document.url = "https://example.org/rubio-pakistan"
    with Store.open(str(tmp_path / "c.db")) as s:
        res = s.ingest_analysis(a)
        stored = s.article(res["id"])
        back = Analysis.from_json(stored["analysis"])
        expected = copy.deepcopy(a)
        expected.tokens = []
        assert back == expected
        st = s.stats()
        assert st["mentions"] == len(a.mentions) and st["quotes"] == len(a.quotes)
        assert st["times"] == len(a.times) and st["quantities"] == len(a.quantities)
        happened = [e for e in a.events if e.modality not in ("negated", "hypothetical")]
        assert len(happened) < len(a.events)  # the canonical article has hypothetical events
        assert st["event_reports"] == len(happened) and st["events"] <= len(happened)
        assert st["entities"] == len({Store.entity_key(e.id, e.type, e.name) for e in a.entities})
        word = a.document.title.split()[0] if a.document.title else a.document.text.split()[0]
        assert res["id"] in [i["id"] for i in s.search(word)["items"]]
        for ent in a.entities:
            assert s.entity(Store.entity_key(ent.id, ent.type, ent.name))["n_articles"] == 1


def test_events_that_did_not_happen_are_not_corpus_events(tmp_path, canonical_analysis):
    """A hypothetical concern of India in a reporter's question is not an event against anyone."""
    import copy

    a = copy.deepcopy(canonical_analysis)
    with Store.open(str(tmp_path / "h.db")) as s:
        s.ingest_analysis(a)
        stored = s.events(limit=100)["items"]
        assert stored
        assert any(e.modality == "hypothetical" and e.actor and e.actor.country == "IND" for e in a.events)
        assert not any(e["actor_country"] == "IND" or e["recipient_country"] == "IND" for e in stored)
        assert s.relations("IND", "PAK")["total"]["count"] == 0


def _linked_article() -> Analysis:
    """article5 with a partial quote inside its indirect quote (the links the quotes stage sets)."""
    a = article5()
    text, part = a.document.text, "مهمة للعلاقات بين البلدين"
    s = text.index(part)
    a.quotes.append(Quote("q2", s, s + len(part), part, "partial", 1, speaker="local:pers:x1", speaker_text="احمد خان",
                          attribution="named", within="q1"))
    return a


def test_quote_links_are_stored_and_exported(store):
    import csv
    import io

    from marsad.store.export import rows, write_csv

    store.ingest_analysis(_linked_article())
    items = sorted(store.quotes()["items"], key=lambda q: q["local_id"])
    assert [(q["local_id"], q["kind"], q["within"], q["repeats"]) for q in items] == [
        ("q1", "indirect", None, None), ("q2", "partial", "q1", None)]  # fmt: skip
    assert [q.within for q in store.analysis("a5").quotes] == [None, "q1"]
    out = io.StringIO()
    write_csv(rows(store, "quotes"), out)
    exported = sorted(csv.DictReader(io.StringIO(out.getvalue())), key=lambda r: r["local_id"])
    assert [(r["within"], r["repeats"]) for r in exported] == [("", ""), ("q1", "")]
    distinct = store.quotes(distinct=True)
    assert [q["local_id"] for q in distinct["items"] if q["article_id"] == "a5"] == ["q1"]
    assert distinct["total"] == store.quotes()["total"] - 1


def test_store_from_before_quote_links_is_migrated(store):
    from sqlalchemy import inspect
    from sqlalchemy import text as sql

    from marsad.store import schema

    store.ingest_analysis(article4())
    # make it a store as migration 1 left it before quotes had links
    with store.writer.begin() as conn:
        for col in ("within_id", "repeats_id"):
            conn.execute(sql(f"ALTER TABLE quotes DROP COLUMN {col}"))
        conn.execute(schema.migrations_table.delete().where(schema.migrations_table.c.version == 2))
    store.close()
    again = Store.open(store.url)
    try:
        with again.engine.connect() as conn:
            assert {"within_id", "repeats_id"} <= {c["name"] for c in inspect(conn).get_columns("quotes")}
            assert 2 in {r.version for r in conn.execute(schema.migrations_table.select())}
        assert [(q["within"], q["repeats"]) for q in again.quotes()["items"]] == [(None, None)]  # old rows: distinct
        again.ingest_analysis(_linked_article())
        assert {q["local_id"]: q["within"] for q in again.quotes()["items"] if q["article_id"] == "a5"} == {
            "q1": None, "q2": "q1"}  # fmt: skip
    finally:
        again.close()


def test_an_undated_event_is_not_dated_by_its_article(store):
    # background told without a date (منذ اغتيال ...، مؤخرا) stays out of dated series
    a = article1()
    a.events[0].date, a.events[0].date_granularity, a.events[0].date_source = None, None, None
    store.ingest_analysis(a)
    ev = store.events(type="CONSULT")["items"][0]
    assert ev["date"] is None and ev["date_granularity"] is None
    assert store.events(type="CONSULT", since="2025-01-01")["total"] == 0


def test_a_dated_event_does_not_merge_into_an_undated_one(store):
    undated = article1()
    undated.events[0].date, undated.events[0].date_granularity, undated.events[0].date_source = None, None, None
    store.ingest_analysis(undated)
    store.ingest_analysis(article1(url="https://news.example/a/7", doc_id="a7"))  # the same dyad, dated
    items = store.events(type="CONSULT")["items"]
    assert sorted(e["date"] or "-" for e in items) == ["-", "2025-10-25"]


def test_kb_entity_keeps_the_kb_name(store):
    # the first article to name Rubio wraps a word around his name (الكوبي, "the Cuban"); the store shows
    # the KB's name from the start, and later articles do not change it
    first = article1()
    first.entities[0].name = "ماركو روبيو الكوبي"
    store.ingest_analysis(first)
    assert store.entity("person:marco-rubio")["name"] == "ماركو روبيو"
    later = article2()
    later.entities[0].name = "روبيو"
    store.ingest_analysis(later)
    rubio = store.entity("person:marco-rubio")
    assert rubio["name"] == "ماركو روبيو" and rubio["name_en"] == "Marco Rubio"

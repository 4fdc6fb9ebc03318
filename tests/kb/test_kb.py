"""The actor knowledge base: shipped data validity, loading user files, lookups, roles by date."""

from __future__ import annotations

import json

import pytest

from marsad.errors import InputError
from marsad.kb import KB, KBEntry, KBRole, default_kb, load_entries, load_kb, validate_entries
from marsad.kb.countries import country_entries
from marsad.kb.store import shipped_entries


@pytest.fixture(scope="module")
def kb() -> KB:
    return default_kb()


def test_shipped_kb_validates():
    countries = list(country_entries())
    entries = countries + list(shipped_entries())
    assert validate_entries(entries, known_countries=[c.country for c in countries]) == []


def test_ids_are_unique_and_names_not_empty():
    entries = list(country_entries()) + list(shipped_entries())
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    for e in entries:
        assert e.name_en.strip(), e.id
        assert all(n.strip() for n in e.names_ar + e.aliases), e.id
        assert e.names_ar or e.aliases, e.id


def test_role_dates_are_ordered():
    for e in shipped_entries():
        for r in e.roles:
            if r.start and r.end:
                assert r.start <= r.end, (e.id, r)


def test_every_iso_country_is_present(kb):
    import pycountry

    for c in pycountry.countries:
        entry = kb.get(f"country:{c.alpha_3}")
        assert entry is not None, c.alpha_3
        assert entry.iso2 == c.alpha_2 and entry.names_ar


def test_role_countries_and_entry_countries_are_known(kb):
    for e in shipped_entries():
        for code in [e.country] + [r.country for r in e.roles]:
            assert code is None or f"country:{code}" in kb, (e.id, code)


@pytest.mark.parametrize(
    ("pid", "role_en", "country", "sector", "start"),
    [
        ("person:marco-rubio", "Secretary of State", "USA", "GOV", "2025-01-21"),
        ("person:donald-trump", "President", "USA", "GOV", "2025-01-20"),
        ("person:asim-munir", "Chief of Army Staff", "PAK", "MIL", "2022-11-29"),
        ("person:asim-munir", "Field Marshal", "PAK", "MIL", "2025-05-20"),
        ("person:shehbaz-sharif", "Prime Minister", "PAK", "GOV", "2024-03-04"),
    ],
)
def test_required_persons_and_roles(kb, pid, role_en, country, sector, start):
    e = kb.get(pid)
    assert e is not None
    assert any(
        (r.role_en, r.country, r.sector, r.start) == (role_en, country, sector, start) for r in e.roles_on("2025-10-26")
    )


def test_earlier_terms_are_recorded(kb):
    trump = [(r.start, r.end) for r in kb.get("person:donald-trump").roles if r.role_key == "head-of-state"]
    assert ("2017-01-20", "2021-01-20") in trump
    sharif = [(r.start, r.end) for r in kb.get("person:shehbaz-sharif").roles]
    assert ("2022-04-11", "2023-08-14") in sharif


def test_holders_by_role_and_date(kb):
    assert [e.id for e in kb.holders(["head-of-state"], "USA", "2025-10-26")] == ["person:donald-trump"]
    assert [e.id for e in kb.holders(["head-of-state"], "USA", "2022-06-01")] == ["person:joe-biden"]
    assert [e.id for e in kb.holders(["foreign-minister"], "USA", "2025-10-26")] == ["person:marco-rubio"]


@pytest.mark.parametrize(
    ("name", "entry_id"),
    [
        ("وزارة الخارجية الأميركية", "org:us-state-department"),
        ("الجمعية العامة للأمم المتحدة", "org:un-general-assembly"),
        ("UNGA", "org:un-general-assembly"),
        ("صحيفة دون", "org:dawn"),
        ("وكالة أنباء فارس", "org:fars"),  # news agencies the NER stage finds whole
        ("وكالة الأنباء الألمانية", "org:dpa"),
        ("صندوق أوبك للتنمية", "org:ofid"),
        ("واشنطن", "country:USA"),
        ("الهنود", "country:IND"),
        ("باكستان", "country:PAK"),
        ("الناتو", "org:nato"),
        ("أوبك", "org:opec"),
        ("مجلس التعاون الخليجي", "org:gcc"),
        ("الاتحاد الأفريقي", "org:african-union"),
        ("رابطة آسيان", "org:asean"),
        ("منظمة شنغهاي للتعاون", "org:sco"),
        ("مجموعة بريكس", "org:brics"),
        ("البنك الدولي", "org:world-bank"),
        ("جامعة الدول العربية", "org:arab-league"),
        ("الاتحاد الأوروبي", "org:eu"),
        ("ماركو روبيو", "person:marco-rubio"),
        ("عاصم منير", "person:asim-munir"),
        ("أسيم منير", "person:asim-munir"),
    ],
)
def test_lookup(kb, name, entry_id):
    assert entry_id in [e.id for e in kb.lookup(name)]


def test_partial_dates():
    r = KBRole("army-chief", "Army Chief", "PAK", "MIL", "2025", "2025-06")
    assert r.active_on("2025-01-01") and r.active_on("2025-06-30")
    assert not r.active_on("2024-12-31") and not r.active_on("2025-07-01")
    assert KBRole("x", "X").active_on(None)


def test_user_files_tsv_and_jsonl(tmp_path):
    tsv = tmp_path / "mine.tsv"
    tsv.write_text(
        "# my actors\n"
        "id\ttype\tname_en\tnames_ar\taliases\tcountry\tsector\twikidata\tsubtype\n"
        "person:jane-roe\tPERSON\tJane Roe\tجين رو|جين روو\t\tGBR\tGOV\t\t\n",
        "utf-8",
    )
    roles = tmp_path / "mine-roles.tsv"
    roles.write_text(
        "id\trole_key\trole_en\tcountry\tsector\tstart\tend\n"
        "person:jane-roe\tforeign-minister\tForeign Secretary\tGBR\tGOV\t2030-01-01\t\n",
        "utf-8",
    )
    jl = tmp_path / "more.jsonl"
    jl.write_text(
        json.dumps(
            {
                "id": "org:acme",
                "type": "ORG",
                "name_en": "Acme",
                "names_ar": ["شركة أكمي"],
                "aliases": ["ACME"],
                "country": "USA",
                "sector": "BUS",
            },
            ensure_ascii=False,
        )
        + "\n",
        "utf-8",
    )
    entries = load_entries([tsv, roles, jl])
    assert [e.id for e in entries] == ["person:jane-roe", "org:acme"]
    assert entries[0].roles[0].role_en == "Foreign Secretary"
    kb = load_kb([tsv, roles, jl])
    assert kb.lookup("جين رو")[0].id == "person:jane-roe"
    assert kb.lookup("ACME")[0].id == "org:acme"
    assert "person:marco-rubio" in kb  # shipped entries stay


def test_env_var_adds_files(tmp_path, monkeypatch):
    jl = tmp_path / "env.jsonl"
    jl.write_text(
        json.dumps({"id": "org:zeta", "type": "ORG", "name_en": "Zeta", "names_ar": ["زيتا"]}) + "\n", "utf-8"
    )
    monkeypatch.setenv("MARSAD_KB", str(jl))
    assert load_kb().get("org:zeta") is not None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id\ttype\n", "unknown header"),
        (
            "id\ttype\tname_en\tnames_ar\taliases\tcountry\tsector\twikidata\tsubtype\nperson:x\tPERSON\t\tس\n",
            "name_en",
        ),
    ],
)
def test_bad_tsv_names_file_and_line(tmp_path, content, message):
    f = tmp_path / "bad.tsv"
    f.write_text(content, "utf-8")
    with pytest.raises(InputError, match=message) as exc:
        load_entries([f])
    assert "bad.tsv:" in str(exc.value)


def test_bad_json_line(tmp_path):
    f = tmp_path / "bad.jsonl"
    f.write_text('{"id": "org:a", "type": "ORG", "name_en": "A"}\n{oops\n', "utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:2"):
        load_entries([f])


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (
            KBEntry("person:a", "PERSON", "A", ["أ"], roles=[KBRole("x", "X", start="2020-01-01", end="2019-01-01")]),
            "starts",
        ),
        (KBEntry("org:b", "ORG", "B", ["ب"], sector="XYZ"), "sector"),
        (KBEntry("org:c", "ORG", "C", ["ج"], country="ZZZ"), "country"),
        (KBEntry("c", "ORG", "C", ["ج"]), "id"),
        (KBEntry("org:d", "ORG", "D"), "never match"),
        (KBEntry("org:e", "ORG", "E", ["ه"], wikidata="123"), "wikidata"),
    ],
)
def test_validation_catches(entry, problem):
    problems = validate_entries([entry], known_countries=["PAK", "USA"])
    assert problems and problem in problems[0]


def test_duplicate_ids_are_reported():
    e = KBEntry("org:a", "ORG", "A", ["أ"])
    assert "used 2 times" in validate_entries([e, e])[0]


def test_validate_finds_one_person_under_two_ids():
    a = KBEntry("person:john-kerry", "PERSON", "John Kerry", names_ar=["جون كيري"], country="USA", source="a.tsv")
    b = KBEntry("person:j-kerry", "PERSON", "J. Kerry", names_ar=["جون كيرى"], country="USA", source="b.tsv")
    c = KBEntry("person:john-kerry-2", "PERSON", "john kerry", names_ar=["جون فوربس كيري"], country="USA", source="c.tsv")
    problems = validate_entries([a, b, c], known_countries=["USA"])
    assert len(problems) == 2
    assert "person:j-kerry" in problems[0] and "person:john-kerry's" in problems[0]  # ى/ي fold alike
    assert "English name" in problems[1] and "person:john-kerry-2" in problems[1]
    assert validate_entries([a], known_countries=["USA"]) == []

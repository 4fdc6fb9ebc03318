"""The trigger lexicon: data files load, every PLOVER type is covered, verb forms are generated."""

from __future__ import annotations

import pytest

from marsad.errors import ResourceError
from marsad.events.lexicon import PLOVER_MODES, PLOVER_TYPES, default_lexicon, load_lexicon, verb_forms
from marsad.text import normalize_word


def test_every_plover_type_has_triggers():
    types = {e.type for e in default_lexicon().entries}
    assert types == set(PLOVER_TYPES)


def test_modes_are_plover_modes():
    for e in default_lexicon().entries:
        assert e.mode is None or e.mode in PLOVER_MODES[e.type], e.source


def test_entries_have_english_and_cameo_codes():
    lex = default_lexicon()
    with_cameo = [e for e in lex.entries if e.cameo]
    assert len(with_cameo) >= 0.9 * len(lex.entries)
    for e in lex.entries:
        assert e.en_past and e.en_base, e.source
        assert e.cameo is None or e.cameo.isdigit(), e.source


@pytest.mark.parametrize(
    "word, lemma",
    [
        ("زارت", "زار"),
        ("يزورون", "زار"),
        ("نزور", "زار"),
        ("زاروا", "زار"),
        ("التقت", "التقى"),
        ("يلتقون", "التقى"),
        ("التقينا", "التقى"),
        ("اعتقلت", "اعتقل"),
        ("يتظاهرون", "تظاهر"),
        ("هاجموا", "هاجم"),
        ("زيارات", "زيارة"),
        ("مظاهرات", "مظاهرة"),
    ],
)
def test_generated_forms(word, lemma):
    infos = default_lexicon().forms.get(normalize_word(word), [])
    assert any(i.entry.lemma == lemma for i in infos), word


@pytest.mark.parametrize("word, person", [("زرنا", "1p"), ("نزور", "1p"), ("ازور", "1s"), ("زار", "3")])
def test_person_of_forms(word, person):
    infos = default_lexicon().forms[normalize_word(word)]
    assert any(i.person == person for i in infos)


def test_verb_forms_of_a_defective_verb():
    forms = {f for f, _, _ in verb_forms("دعا", "يدعو")}
    assert {"دعت", "دعوا", "يدعو", "تدعو", "يدعون"} <= forms


def test_clashing_forms_left_out():
    # صادر (issued, in بيان صادر عن) must not read as "confiscated"; وزارة must not read as و+زار+ه
    assert normalize_word("صادر") not in default_lexicon().forms


@pytest.mark.parametrize(
    "line, message",
    [
        ("verb\tزار/يزور\tVISIT\t-\t042\t-\tvisited", "not a PLOVER event type"),
        ("verb\tزار/يزور\tCONSULT\tlunch\t042\t-\tvisited", "not a PLOVER mode"),
        ("verb\tزار\tCONSULT\t-\t042\t-\tvisited", "PAST/PRESENT"),
        ("verb\tزار/يزور\tCONSULT", "7 tab-separated columns"),
    ],
)
def test_bad_lexicon_lines_name_file_and_line(tmp_path, line, message):
    path = tmp_path / "mine.tsv"
    path.write_text("# my triggers\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=message) as err:
        load_lexicon(path)
    assert "mine.tsv:2" in str(err.value)


def test_user_lexicon_extends(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text("verb\tصافح/يصافح\tCONSULT\t-\t040\t-\tshook hands with|shake hands with\n", encoding="utf-8")
    lex = load_lexicon(path)
    assert lex.forms[normalize_word("صافحت")][0].entry.type == "CONSULT"

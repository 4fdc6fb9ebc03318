import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.text import tokenize
from marsad.text.tokenize import analyze_clitics


def toks(text: str) -> list[tuple[str, str]]:
    return [(t.text, t.kind) for t in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وقّعت US Strategic Metals (USSM)", [("وقّعت", "word"), ("US", "latin"), ("Strategic", "latin"),
                                              ("Metals", "latin"), ("(", "punct"), ("USSM", "latin"), (")", "punct")]),
        ("نحو 500 مليون", [("نحو", "word"), ("500", "number"), ("مليون", "word")]),
        ("١٢٬٥٠٠٫٧٥ دولار", [("١٢٬٥٠٠٫٧٥", "number"), ("دولار", "word")]),
        ("بنسبة 3.5%،", [("بنسبة", "word"), ("3.5%", "number"), ("،", "punct")]),
        ("الموقع https://state.gov/remarks?id=1.", [("الموقع", "word"), ("https://state.gov/remarks?id=1", "url"),
                                                   (".", "punct")]),
        ("راسلوا info@example.org", [("راسلوا", "word"), ("info@example.org", "email")]),
        ("the U.S. and F-16s", [("the", "latin"), ("U.S.", "latin"), ("and", "latin"), ("F-16s", "latin")]),
        ("مؤكدًا “تعزيز”", [("مؤكدًا", "word"), ("“", "punct"), ("تعزيز", "word"), ("”", "punct")]),
        ("الــولايات", [("الــولايات", "word")]),
        ("2025-10-26", [("2025", "number"), ("-", "punct"), ("10", "number"), ("-", "punct"), ("26", "number")]),
    ],
)
def test_tokenisation_table(text, expected):
    assert toks(text) == expected


@pytest.mark.parametrize(
    ("word", "prefix", "stem", "suffix"),
    [
        ("والولايات", "وال", "ولايات", ""),
        ("وباكستان", "و", "باكستان", ""),
        ("للعلاقات", "لل", "علاقات", ""),
        ("بالهند", "بال", "هند", ""),
        ("فالأمر", "فال", "امر", ""),
        ("وزير", "", "وزير", ""),  # not و + زير
        ("واشنطن", "", "واشنطن", ""),
        ("علاقاتها", "", "علاقات", "ها"),
        ("وسيزور", "وس", "يزور", ""),
        ("سياسة", "", "سياسه", ""),  # not the future prefix
        ("ومهمتنا", "و", "مهمت", "نا"),
        ("في", "", "في", ""),
    ],
)
def test_clitic_analysis(word, prefix, stem, suffix):
    tok = tokenize(word)[0]
    assert (tok.prefix, tok.stem, tok.suffix) == (prefix, stem, suffix)


def test_taa_marbuta_is_not_a_pronoun():
    tok = tokenize("زيارة")[0]
    assert tok.suffix == "" and tok.stem == "زياره"
    assert analyze_clitics("زياره", False) != ("", "زياره", "")  # without the hint it would strip
    assert tokenize("زيارته")[0].suffix == "ه"


def test_stem_offsets_point_into_the_original():
    text = "وَالوِلايات المتحدة"
    tok = tokenize(text)[0]
    assert tok.prefix == "وال"
    assert text[tok.stem_start : tok.stem_end] == "وِلايات"


def test_tokens_know_their_sentence():
    from marsad.text import split_sentences

    text = "جملة أولى. جملة ثانية."
    tokens = tokenize(text, split_sentences(text))
    assert [t.sentence for t in tokens] == [0, 0, 0, 1, 1, 1]


@given(st.text(max_size=300))
def test_tokens_cover_every_non_space_character_once(text):
    tokens = tokenize(text)
    pos = 0
    for t in tokens:
        assert t.start >= pos and t.end > t.start
        assert text[t.start : t.end] == t.text
        assert text[pos : t.start].isspace() or pos == t.start
        assert not any(c.isspace() for c in t.text) or t.kind in ("url",)
        pos = t.end
    assert text[pos:].isspace() or pos == len(text)


@given(st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF) | st.just(" "), max_size=100))
def test_stems_lie_inside_their_tokens(text):
    for t in tokenize(text):
        assert t.start <= t.stem_start <= t.stem_end <= t.end


ZIPF = {"فيليب": 4.5, "وجهها": 4.4, "قال": 6.0, "وقال": 5.5, "سلتيك": 2.7, "لبنان": 5.3, "بنان": 2.7,
        "ولا": 6.1, "كولا": 3.6, "مجلس": 5.6, "لمجلس": 4.4}


@pytest.mark.parametrize(
    "word, expected",
    [
        ("فيليب", ("", "فيليب", "")),  # the whole is far more common than يليب (unknown): no conjunction
        ("وجهها", ("", "وجه", "ها")),  # the pronoun suffix still comes off
        ("وقال", ("و", "قال", "")),  # قال is more common than وقال: a conjunction
        ("لسلتيك", ("ل", "سلتيك", "")),  # an unknown whole, a known rest: a preposition
        ("لمجلس", ("ل", "مجلس", "")),
        ("لبنان", ("", "لبنان", "")),  # the whole is the common one
        ("كولا", ("", "كولا", "")),  # ولا is a function word
        ("بيروت", ("", "بيروت", "")),  # the table knows neither: the letters' reading stands
    ],
)
def test_refine_clitics_with_word_frequencies(word, expected):
    from marsad.text.tokenize import refine_clitics

    assert refine_clitics(word, analyze_clitics(word), ZIPF.get) == expected


def test_text_layer_refines_clitics_with_its_frequency_table():
    # the tokens every stage reads: a preposition on a name without the article comes off, a
    # conjunction-looking first letter of a common word stays, and the stem's offsets follow
    text = "وسجل فيليب لسلتيك في لبنان"
    got = {t.text: (t.prefix, t.stem) for t in tokenize(text)}
    assert got["لسلتيك"] == ("ل", "سلتيك")
    assert got["فيليب"] == ("", "فيليب")
    assert got["وسجل"] == ("و", "سجل")
    assert got["لبنان"] == ("", "لبنان")
    tok = next(t for t in tokenize(text) if t.text == "لسلتيك")
    assert text[tok.stem_start : tok.stem_end] == "سلتيك"

"""Speaker attribution on hand-made analyses (mentions and entities written by the test)."""

from __future__ import annotations

from marsad.quotes import find_quotes

RUBIO = ("person:marco-rubio", "PERSON", "ماركو روبيو")
MUNIR = ("person:asim-munir", "PERSON", "أسيم منير")
USSM = ("org:ussm", "ORG", "US Strategic Metals")
INDIA = ("country:IND", "COUNTRY", "الهند")


def by_text(quotes):
    return {q.text: q for q in quotes}


def test_named_speaker(build) -> None:
    a = build("قال وزير الخارجية الأمريكي ماركو روبيو إن بلاده ترى فرصة.", [("ماركو روبيو", "PERS", RUBIO[0])], [RUBIO])
    (q,) = find_quotes(a)
    assert (q.kind, q.text, q.speaker, q.attribution) == ("indirect", "بلاده ترى فرصة", RUBIO[0], "named")
    assert q.speaker_text == "ماركو روبيو" and q.cue.text == "قال"


def test_title_speaker_resolves_to_the_person_named_earlier(build) -> None:
    text = (
        "قال وزير الخارجية الأمريكي ماركو روبيو إن بلاده ترى فرصة.\n\n"
        "وأكد الوزير الأمريكي أن العلاقات لا تأتي على حساب “الصداقة العميقة مع الهند”."
    )
    a = build(text, [("ماركو روبيو", "PERS", RUBIO[0]), ("الهند", "LOC", INDIA[0])], [RUBIO, INDIA])
    qs = by_text(find_quotes(a))
    q = qs["العلاقات لا تأتي على حساب “الصداقة العميقة مع الهند”"]
    assert (q.speaker, q.attribution, q.speaker_text) == (RUBIO[0], "title", "الوزير الأمريكي")
    p = qs["الصداقة العميقة مع الهند"]
    assert (p.kind, p.speaker) == ("partial", RUBIO[0])


def test_title_mention_linked_by_the_entities_stage(build) -> None:
    text = "قال ماركو روبيو إن بلاده ترى فرصة.\n\nوأكد الوزير الأمريكي أن العلاقات جيدة."
    a = build(text, [("ماركو روبيو", "PERS", RUBIO[0]), ("الوزير الأمريكي", "PERS", RUBIO[0])], [RUBIO])
    q = by_text(find_quotes(a))["العلاقات جيدة"]
    assert (q.speaker, q.attribution) == (RUBIO[0], "title")


def test_continuation_speakers(build) -> None:
    text = (
        "وقال روبيو، وفقًا لنص المؤتمر المنشور على موقع الوزارة:\n\n“لم يفعلوا ذلك.”\n\n"
        "وأضاف:\n\n“نرى فرصة كبيرة.”\n\nوتابع موضحًا:\n\n“نحن نعمل معهم.”\n\n"
        "وأضاف أن بلاده “تعي التحديات”."
    )
    a = build(text, [("روبيو", "PERS", RUBIO[0])], [RUBIO])
    qs = find_quotes(a)
    assert [q.speaker for q in qs] == [RUBIO[0]] * 5
    assert [q.attribution for q in qs] == ["named", "continuation", "continuation", "continuation", "continuation"]
    assert qs[0].reported_via.text == "وفقًا لنص المؤتمر المنشور على موقع الوزارة"
    assert qs[2].cue.text == "وتابع موضحًا"
    assert (qs[3].kind, qs[4].kind) == ("indirect", "partial")


def test_question_quotes_are_never_the_answerers(build) -> None:
    text = (
        "وجاءت تصريحات روبيو ردًا على سؤال حول “تعزيز العلاقات” بين البلدين.\n\n"
        "وعندما سُئل عمّا إذا كانت الهند قد أعربت عن قلقها من “حرب محتملة”، أجاب روبيو:\n\n“أعتقد أنهم قدّروا ذلك.”"
    )
    a = build(text, [("روبيو", "PERS", RUBIO[0]), ("الهند", "LOC", INDIA[0]), ("روبيو", "PERS", RUBIO[0], 2)],
              [RUBIO, INDIA])  # fmt: skip
    qs = by_text(find_quotes(a))
    for phrase in ("تعزيز العلاقات", "حرب محتملة"):
        q = qs[phrase]
        assert (q.kind, q.speaker, q.speaker_text, q.attribution) == ("partial", None, None, "unknown")
    assert qs["أعتقد أنهم قدّروا ذلك."].speaker == RUBIO[0]


def test_partial_quote_of_a_described_visit(build) -> None:
    text = "وفي أغسطس، وصف منير زيارته الثانية للولايات المتحدة بأنها “بُعد جديد” في العلاقات."
    a = build(text, [("منير", "PERS", MUNIR[0]), ("للولايات المتحدة", "LOC", "country:USA")],
              [MUNIR, ("country:USA", "COUNTRY", "الولايات المتحدة")])  # fmt: skip
    q = by_text(find_quotes(a))["بُعد جديد"]
    assert (q.kind, q.speaker, q.attribution) == ("partial", MUNIR[0], "named")


def test_organisation_statement_resolves_the_company(build) -> None:
    text = (
        "وقّعت شركة المعادن الأمريكية US Strategic Metals مذكرة تفاهم مع باكستان.\n\n"
        "ووصف بيان صادر عن الشركة هذه الخطوة بأنها “محطة بارزة في الشراكة”، "
        "موضحًا أن المذكرة “ترسم خارطة طريق للتعاون”."
    )
    a = build(text, [("US Strategic Metals", "ORG", USSM[0]), ("باكستان", "LOC", "country:PAK")],
              [USSM, ("country:PAK", "COUNTRY", "باكستان")])  # fmt: skip
    qs = find_quotes(a)
    assert [q.kind for q in qs] == ["partial", "indirect", "partial"]
    assert {q.speaker for q in qs} == {USSM[0]}
    assert {q.attribution for q in qs} == {"organisation"}
    assert qs[0].speaker_text == "الشركة"


def test_company_not_resolved_is_not_guessed(build) -> None:
    text = "زار الوزير باكستان.\n\nوقال بيان صادر عن الشركة إن الإنتاج سيرتفع."
    a = build(text, [("باكستان", "LOC", "country:PAK")], [("country:PAK", "COUNTRY", "باكستان")])
    (q,) = find_quotes(a)
    assert q.speaker is None and q.speaker_text == "الشركة" and q.attribution == "organisation"


def test_spokesman_speaks_for_the_organisation(build) -> None:
    text = "قال المتحدث باسم الخارجية السودانية إن الحكومة منفتحة."
    a = build(text, [("الخارجية السودانية", "ORG", "org:sd-mfa")], [("org:sd-mfa", "ORG", "الخارجية السودانية")])
    (q,) = find_quotes(a)
    assert (q.speaker, q.attribution, q.speaker_text) == (
        "org:sd-mfa",
        "organisation",
        "المتحدث باسم الخارجية السودانية",
    )


def test_anonymous_source_is_kept_as_text_only(build) -> None:
    (q,) = find_quotes(build("وقال مصدر مسؤول إن المفاوضات متعثرة."))
    assert (q.speaker, q.speaker_text, q.attribution) == (None, "مصدر مسؤول", "unknown")


def test_participle_takes_the_subject_of_the_sentence(build) -> None:
    text = "وندد الاتحاد الأفريقي بالهجوم، داعيًا إلى تعزيز التعاون الإقليمي."
    a = build(text, [("الاتحاد الأفريقي", "ORG", "org:au")], [("org:au", "ORG", "الاتحاد الأفريقي")])
    (q,) = find_quotes(a)
    assert (q.text, q.speaker) == ("تعزيز التعاون الإقليمي", "org:au")


def test_subject_before_the_verb(build) -> None:
    text = "قال روبيو إن العلاقات جيدة.\n\nيُذكر أن تقريرًا نشرته صحيفة دون أشار إلى أن باكستان تدخل مرحلة جديدة."
    a = build(text, [("روبيو", "PERS", RUBIO[0]), ("صحيفة دون", "ORG", "org:dawn"), ("باكستان", "LOC", "country:PAK")],
              [RUBIO, ("org:dawn", "ORG", "صحيفة دون"), ("country:PAK", "COUNTRY", "باكستان")])  # fmt: skip
    q = find_quotes(a)[-1]
    assert (q.text, q.speaker, q.attribution) == ("باكستان تدخل مرحلة جديدة", "org:dawn", "organisation")


def test_apposition_after_commas(build) -> None:
    text = "قال مطور الألعاب، نائب المدير العام، عبد الله حامد، إن السوق واعد."
    a = build(text, [("عبد الله حامد", "PERS", "local:pers:hamid")], [("local:pers:hamid", "PERSON", "عبد الله حامد")])
    (q,) = find_quotes(a)
    assert (q.speaker, q.speaker_text) == ("local:pers:hamid", "عبد الله حامد")


def test_postposed_via_names_the_source(build) -> None:
    text = "قُتل أربعة جنود في هجوم، بحسب ما أعلن الجيش المالي."
    a = build(text, [("الجيش المالي", "ORG", "org:mali-army")], [("org:mali-army", "ORG", "الجيش المالي")])
    (q,) = find_quotes(a)
    assert (q.kind, q.text, q.speaker) == ("indirect", "قُتل أربعة جنود في هجوم", "org:mali-army")
    assert q.reported_via.text == "بحسب ما أعلن الجيش المالي"


def test_headline_speaker_after_colon(build) -> None:
    text = "الولايات المتحدة ترى فرصة مع باكستان: ماركو روبيو\n\nنص الخبر."
    a = build(text, [("ماركو روبيو", "PERS", RUBIO[0])], [RUBIO], title_first_line=True)
    (q,) = find_quotes(a)
    assert (q.kind, q.text, q.speaker) == ("indirect", "الولايات المتحدة ترى فرصة مع باكستان", RUBIO[0])


def test_continuation_does_not_reach_far_back(build) -> None:
    paragraphs = ["قال روبيو إن العلاقات جيدة."] + ["وفي خبر آخر افتتح معرض جديد."] * 5 + ["وأضاف: «نحن هنا»."]
    a = build("\n\n".join(paragraphs), [("روبيو", "PERS", RUBIO[0])], [RUBIO])
    last = find_quotes(a)[-1]
    assert (last.speaker, last.attribution) == (None, "unknown")


def test_headline_title_before_colon_names_the_person_in_the_body(build) -> None:
    text = "وزيرة الصحة: لا إصابات جديدة\n\nوقالت وزيرة الصحة سلمى العمري إن الوضع مستقر."
    a = build(text, [("سلمى العمري", "PERS", "local:pers:omari")], [("local:pers:omari", "PERSON", "سلمى العمري")],
              title_first_line=True)  # fmt: skip
    q = find_quotes(a)[0]
    assert (q.text, q.kind, q.speaker, q.attribution) == ("لا إصابات جديدة", "indirect", "local:pers:omari", "title")


def test_headline_subject_with_title_and_organisation(build) -> None:
    text = "الأمين العام للأمم المتحدة يدعو إلى وقف النار\n\nدعا الأمين العام للأمم المتحدة أنطونيو غوتيريش إلى الحوار."
    a = build(text, [("للأمم المتحدة", "ORG", "org:un"), ("للأمم المتحدة", "ORG", "org:un", 2),
                     ("أنطونيو غوتيريش", "PERS", "person:guterres")],
              [("org:un", "ORG", "الأمم المتحدة"), ("person:guterres", "PERSON", "أنطونيو غوتيريش")],
              title_first_line=True)  # fmt: skip
    qs = find_quotes(a)
    assert [(q.text, q.speaker) for q in qs] == [("وقف النار", "person:guterres"), ("الحوار", "person:guterres")]

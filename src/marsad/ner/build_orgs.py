"""Rebuild the organisation-name gazetteer ``data/org_names.tsv``: ``python -m marsad.ner.build_orgs``.

The list is a *feature* for the CRF tagger (:mod:`marsad.ner.orgs`, :mod:`marsad.ner.features`),
never a rule. Each line is one name as space-separated word stems (what
``marsad.ner.features.word_analysis(surface)[3]`` gives for a token of running text: letters
normalised, clitics and the article stripped), a tab and the source (``upetrarch`` or ``marsad``),
so a sentence's token stems are looked up directly.

Sources:

- the UniversalPetrarch Arabic actor dictionary (``actor_dict_ar_v4.txt``, MIT licence, Copyright
  (c) 2016 Open Event Data Alliance), read at build time from ``--actors`` (by default
  ``../shared/data/upetrarch_arabic/dictionaries/`` next to the repository) and never copied into
  the repository; only the derived stems are stored;
- a short list of major organisations often named in Arabic news, written for marsad
  (:data:`OWN_NAMES`, facts in marsad's own wording, Apache-2.0 like the rest of marsad).

The dictionary codes actors (people, groups, institutions, places) for event coding. An entry is a
line ``word_word_ [CODE]`` (words joined by ``_``), or a line with the bare phrase followed by
indented lines ``[CODE date-date]``. A code is an optional three-letter country code followed by
three-letter role codes (GOV, MIL, PTY, BUS, MED, IGO, NGO, REB ...). Words are lemma-like: the
article is usually dropped (``مجلس_أمن_دولي_`` for مجلس الأمن الدولي), adjectives are masculine
singular (``أميركي``), plurals are singular (``أمة_المتحدة_`` for الأمم المتحدة), and prepositions or
the conjunction stand alone (``عدل_و_إحسان_``). Precision matters more than recall (an ordinary word
flagged as an organisation misleads the tagger), so an entry is kept only when it names an
organisation:

- a phrase of two or more words headed by an organisation noun (:data:`ORG_HEADS`: حزب، حركة،
  منظمة، وزارة ...) with at least one word that makes it a name: not only a nationality adjective
  (``جيش إسرائيلي``, ``صحيفة إيراني`` are descriptions) or a generic adjective (``حزب سياسي``,
  ``قوة خاص``); a regional adjective (دولي، أوروبي، عربي ...) counts for an international or
  political body (``اتحاد أوروبي``, ``بنك دولي``), a place name for an institution (``جامعة دمشق``),
  neither for an armed or security force (:data:`FORCE_HEADS`); words after ``في`` do not count;
  a ministry (``وزارة``) is named by any word but a nationality or a place (وزارة الخارجية); an
  entry coded with a country only (no role) is a place or a nationality, not an organisation;
- a single word whose roles are all organisational (IGO, NGO, PTY, BUS, MED, REB, UAF, IMG, SPY,
  OPP, no government or person role) and that is neither a common word (:data:`COMMON_WORDS`, or a
  Zipf frequency of at least :data:`COMMON_ZIPF` in general Arabic), nor a known given or family
  name (marsad's ``person_names.tsv``), nor in :data:`NOT_ORGS` (checked by hand).

Persons (names, titles), roles (``أمين_عام_…``, ``وزير_…``), government and force descriptions,
places and nationality adjectives are dropped, and the few phrases the rules keep wrongly are
listed in :data:`NOT_ORG_PHRASES_AR` (``قناة_سويس`` is a canal); the build logs the counts kept and
dropped by reason (an entry repeated with other codes counts once, with all its codes).

Stems and the dictionary's lemmas: each word is stored as the stem of its text forms, with and
without the article (``أمن`` -> امن, the stem of الأمن too; ``فيلق`` -> يلق, what the clitic
analyser makes of فيلق, and فيلق, the stem of الفيلق). For the dictionary's lemmas, words after
the head also get the forms running text uses: the feminine of a nisba adjective (``دولي`` ->
دولي and دوليه, for مجلس الأمن الدولي and المحكمة الجنائية الدولية), the spelling variants of
:data:`SPELLINGS` (أميركي/أمريكي) and the plurals of :data:`PLURALS` (``أمة`` -> امم, ``دولة``
-> دول), at most :data:`MAX_VARIANTS` phrases per entry. Plurals not listed there stay as the
dictionary writes them and match only text that uses the singular. A single word whose stem is a
clitic-analysis artefact that is also an ordinary word (``فورد`` -> ورد) keeps only its other form.

The output is sorted and deduplicated, so the same input gives a byte-identical file. A name in
both sources is tagged ``marsad``.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from marsad.ner.features import person_names, word_analysis, word_frequencies
from marsad.text.normalize import normalize_word
from marsad.text.tokenize import PREPOSITIONS, analyze_clitics

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_ACTORS = (
    Path(__file__).resolve().parents[3].parent / "shared/data/upetrarch_arabic/dictionaries/actor_dict_ar_v4.txt"
)
HEADER = (
    "# Generated by `python -m marsad.ner.build_orgs`; do not edit. Sources: the UniversalPetrarch Arabic"
    " actor dictionary (actor_dict_ar_v4.txt, MIT licence, (c) 2016 Open Event Data Alliance) and marsad's own"
    " list (Apache-2.0). Format: word stems, space-separated <TAB> source (upetrarch or marsad)"
)

MAX_VARIANTS = 12  # text forms stored per dictionary entry, at most
COMMON_ZIPF = 4.5  # a single word at least this frequent in general Arabic is an ordinary word
ARTEFACT_ZIPF = 3.0  # a clitic-analysis artefact at least this frequent is an ordinary word (فورد -> ورد)


def _surfaces(text: str) -> list[str]:
    """The words of a whitespace-separated list."""
    return text.split()


# Role codes of the dictionary (CAMEO actor roles); the others are country codes.
ROLE_CODES = frozenset(
    _surfaces(
        "GOV MIL COP PTY BUS MED IGO NGO REB JUD EDU ELI CVL REF LEG SPY INS UAF OPP IMG HRI HLH CRM RAD LAB "
        "AGR ENV MOD DEV SEP MNC INT"
    )
)
ORG_ROLES = frozenset(_surfaces("IGO NGO PTY BUS MED REB UAF IMG SPY OPP"))
NEUTRAL_ROLES = frozenset(_surfaces("RAD CRM HRI INT DEV MOD SEP MNC LAB"))  # neither organisation nor person


# Head nouns of organisation names (the first word of the phrase), as written; compared on stems.
ORG_HEADS_AR = _surfaces(
    """
    حزب حركة منظمة مجلس وزارة شركة صحيفة جريدة مجلة وكالة جبهة اتحاد تحالف حلف جامعة بنك مصرف هيئة
    لجنة قناة جمعية مؤسسة مركز معهد رابطة نقابة تجمع تيار كتلة ائتلاف صندوق مفوضية محكمة مكتب جماعة
    تنظيم كتيبة كتائب سرايا إذاعة تلفزيون ديوان منتدى أكاديمية بورصة برلمان كونغرس مؤتمر برنامج
    مجموعة شبكة بعثة جيش قوة قوات شرطة حرس مخابرات استخبار استخبارات جهاز فرقة فيلق
    """
)
# Armed and security forces: a name needs a word of its own (جيش المهدي), a nationality or a
# regional adjective is a description (الجيش الإسرائيلي، قوة دولية).
FORCE_HEADS_AR = _surfaces("جيش قوة قوات شرطة حرس مخابرات استخبار استخبارات جهاز فرقة فيلق كتيبة")
# International and political bodies: a regional adjective makes a name (الاتحاد الأوروبي).
POLITICAL_HEADS_AR = _surfaces(
    """
    حزب حركة جبهة اتحاد تحالف حلف منظمة مجلس جماعة تنظيم تيار كتلة ائتلاف جمعية رابطة هيئة لجنة
    مفوضية برلمان كونغرس تجمع
    """
)
# Ministries: every word but a nationality or a place names one (وزارة الخارجية، وزارة المالية).
MINISTRY_HEADS_AR = _surfaces("وزارة")
# Heads that name an organisation only with these roles (مؤتمر صحافي is an event, مؤتمر الصحوة a party).
ROLE_GATED_HEADS_AR = {
    "مؤتمر": {"PTY"},
    "برنامج": {"IGO", "NGO", "DEV"},
    "مجموعة": {"IGO", "BUS"},
    "شبكة": {"MED"},
    "بعثة": {"IGO"},
}
# Regional and other adjectives that make a name only for an international or political body.
SUPRA_AR = _surfaces(
    "دولي عالمي أوروبي أفريقي إفريقي عربي إسلامي خليجي أطلسي آسيوي وطني قومي اتحادي فيدرالي فدرالي أممي"
)
# Words that never make a name (generic adjectives and nouns of descriptions).
GENERIC_AR = _surfaces(
    """
    سياسي حكومي حكومة رسمي عسكري أمني مسلح مسلحة خاص جديد مؤقت أجنبي رئيسي معارض معارضة حاكم محلي
    إقليمي داخلي خارجي جوي بري بحري كبير صغير مصغر وزاري متعدد جنسي جنسية تابع إعلامي إعلام صحافي
    صحفي نبأ أنباء شعبي أعلى عام ثاني أول هو انفصالي إرهابي إرهاب متمرد حقوقي تعليمي إنساني طبي
    مختص تحقيق ركن تجاري صرافة تصنيع مدني مجتمع قتالي احتلال انتقالي طارئ تشريعي دستوري معتدل مركزي
    جيش شرطة قوة تحالف مداهمة موت سيارة صيد رياضي اقتصادي نووي مالي جنائي بلدي أكاديمي بناء رجل
    حد حرس حماية طريق سريع ولاية كوماندوز حفظ سلام مكافحة سلطة مخابرات استخبار استخبارات
    جنوبي شمالي شرقي غربي
    """
)
# Words that never make the name of an armed or security force (قوات الأمن), though they may
# make another (مجلس الأمن).
FORCE_GENERIC_AR = _surfaces("أمن")
# Nationality adjectives (besides those the dictionary codes with a country alone).
DEMONYMS_AR = _surfaces(
    """
    أميركي أمريكي بريطاني فرنسي ألماني روسي صيني ياباني إيراني عراقي سوري لبناني أردني مصري سعودي
    كويتي قطري إماراتي بحريني عماني يمني فلسطيني إسرائيلي تركي باكستاني أفغاني هندي سوداني صومالي
    ليبي تونسي جزائري مغربي موريتاني إثيوبي اثيوبي إريتري كيني تشادي إسباني إيطالي يوناني هولندي
    بلجيكي سويسري سويدي نرويجي دانماركي نمساوي بولندي بولوني بلغاري روماني صربي بوسني كرواتي أوكراني
    جورجي أرمني كوري كندي أسترالي نيوزيلندي برازيلي أرجنتيني مكسيكي فنزويلي كولومبي كوبي بورمي
    ماليزي إندونيسي فلبيني تايلاندي كونغولي نيجيري أوغندي زيمبابوي بيلاروسي سوفياتي سوفيتي عبري
    إيرلندي تشيكي كازاخستاني برتغالي كردي
    """
)
# Function words: words after them do not make a name (جامعة في موريتانيا).
STOP_AR = _surfaces("في من على عن إلى الى مع")
# Clitics the dictionary writes as words of their own (عدل_و_إحسان_): running text attaches them.
DETACHED_CLITICS = frozenset({"و", "ف", "ب", "ل", "ك", "ال", "لل", "بال", "وال"})
# Phrases the rules keep that are not organisations (places, descriptions, misspelt
# descriptions), checked by hand; compared on the words of the entry as written.
NOT_ORG_PHRASES_AR = [
    "قناة_سويس",
    "مركز_العياط",
    "مجلس_البلدي_ووالدي",
    "مجلس_إسناد_و_عشيرة",
    "مجلس_أمين_جامعة",
    "مكتب_للعقار",
    "لجنة_شعبي_اليبية",
    "قوة_الاقيوبية",
    "وكالة_نبأ_اليبانية",
    "صحيفة_العاجية",
]
# Single words the rules keep that are not organisations (persons, descriptions), checked by hand.
NOT_ORGS_AR = _surfaces(
    """
    جونستون الهايس زاموش إرهاب إرهابي متشدد متمرد مسلح مسلحون ميليشيا معارضة مستثمر مصنع الحزبان
    الجرائد ألمتظاهرون متظاهرون استخباراتيون فضائي فضايئات جمهوري حوثيين الحوثيين الحوثيون الحوثية
    ترود معطى أفشر بلوواتر سيادة فوغ تلفزيون صحافة إعلامي مخابرات المصور بورصة
    """
)
# Common nouns that are never a name alone (bare heads and the like).
COMMON_WORDS_AR = [*ORG_HEADS_AR, *_surfaces("جماعة صحافة إعلام مصنع مستثمر معارضة مقاومة بورصة")]

# Extra text forms of dictionary lemmas after the head (plural or other form running text uses).
PLURALS_AR = {
    "أمة": ["أمم"],
    "دولة": ["دول"],
    "حق": ["حقوق"],
    "أخ": ["إخوان"],
    "مسلم": ["مسلمين", "مسلمون"],
    "شب": ["شباب"],
    "مجاهد": ["مجاهدين", "مجاهدي"],
    "أعلى": ["عليا"],
    "نبأ": ["أنباء"],
    "عامل": ["عمال"],
    "نائب": ["نواب"],
    "وزير": ["وزراء"],
    "شأن": ["شؤون"],
    "مورد": ["موارد"],
    "غرفة": ["غرف"],
    "قوة": ["قوات"],
    "عالم": ["علماء"],
    "مستشار": ["مستشارين"],
    "خبير": ["خبراء"],
    "لاجئ": ["لاجئين"],
    "شيخ": ["شيوخ"],
    "متحد": ["متحدة"],
    "مسلح": ["مسلحة"],
    "استخبار": ["استخبارات"],
}
SPELLINGS_AR = {"أميركي": ["أمريكي"], "أمريكي": ["أميركي"], "أوروبي": ["أوربي"]}


# Organisations often named in Arabic news, with their common spellings, written for marsad. One
# name per line as it appears in text; a line may hold spelling variants separated by "|".
OWN_NAMES = """
# international organisations
الأمم المتحدة|منظمة الأمم المتحدة|هيئة الأمم المتحدة
الجمعية العامة للأمم المتحدة
مجلس الأمن|مجلس الأمن الدولي|مجلس الأمن التابع للأمم المتحدة
حلف شمال الأطلسي|حلف الناتو|الناتو|حلف الأطلسي|حلف شمال الاطلنطي|منظمة حلف شمال الأطلسي|النيتو
الاتحاد الأوروبي|الاتحاد الاوربي|المفوضية الأوروبية|البرلمان الأوروبي|البنك المركزي الأوروبي|المجلس الأوروبي
الاتحاد الأفريقي|الاتحاد الإفريقي|منظمة الوحدة الأفريقية
جامعة الدول العربية|الجامعة العربية|البرلمان العربي
مجلس التعاون الخليجي|مجلس التعاون لدول الخليج العربية
منظمة التعاون الإسلامي|منظمة المؤتمر الإسلامي
منظمة التجارة العالمية|صندوق النقد الدولي|البنك الدولي|البنك الإسلامي للتنمية|البنك الآسيوي للتنمية
منظمة الصحة العالمية|منظمة العمل الدولية|منظمة الأغذية والزراعة|منظمة الفاو|برنامج الأغذية العالمي
اليونسكو|منظمة اليونسكو|منظمة الأمم المتحدة للتربية والعلم والثقافة
اليونيسيف|اليونيسف|منظمة اليونيسيف|منظمة الأمم المتحدة للطفولة
مفوضية الأمم المتحدة لشؤون اللاجئين|المفوضية السامية للأمم المتحدة لشؤون اللاجئين|المفوضية السامية لشؤون اللاجئين
الأونروا|وكالة الأونروا|وكالة غوث وتشغيل اللاجئين الفلسطينيين
برنامج الأمم المتحدة الإنمائي|برنامج الأمم المتحدة للبيئة
أوبك|منظمة أوبك|منظمة الدول المصدرة للنفط|منظمة الأقطار العربية المصدرة للبترول|أوابك
الوكالة الدولية للطاقة الذرية|الوكالة الدولية للطاقة|منظمة حظر الأسلحة الكيميائية
المحكمة الجنائية الدولية|محكمة العدل الدولية|محكمة لاهاي
الإنتربول|الانتربول|منظمة الشرطة الجنائية الدولية
منظمة شنغهاي للتعاون|مجموعة العشرين|مجموعة الثماني|مجموعة الثمانية|مجموعة السبع
رابطة دول جنوب شرق آسيا|آسيان|منظمة الأمن والتعاون في أوروبا|اتحاد المغرب العربي
الفيفا|الاتحاد الدولي لكرة القدم|اللجنة الأولمبية الدولية|الاتحاد الآسيوي لكرة القدم|الاتحاد الأوروبي لكرة القدم|الويفا|يويفا
الاتحاد الأفريقي لكرة القدم
الصليب الأحمر|اللجنة الدولية للصليب الأحمر|الهلال الأحمر|الاتحاد الدولي لجمعيات الصليب الأحمر والهلال الأحمر
منظمة العفو الدولية|هيومن رايتس ووتش|أطباء بلا حدود|منظمة أطباء بلا حدود|مراسلون بلا حدود|منظمة مراسلون بلا حدود|غرينبيس
# parties and movements
الليكود|حزب الليكود|كاديما|كديما|حزب كاديما|حزب العمل الإسرائيلي|حزب العمل|شاس|حزب شاس|ميرتس|إسرائيل بيتنا|حزب إسرائيل بيتنا
حماس|حركة حماس|حركة المقاومة الإسلامية|كتائب القسام|كتائب عز الدين القسام|كتائب الشهيد عز الدين القسام
حركة فتح|فتح الانتفاضة|كتائب شهداء الأقصى|حركة الجهاد الإسلامي|الجهاد الإسلامي|سرايا القدس
منظمة التحرير الفلسطينية|منظمة التحرير|السلطة الفلسطينية|السلطة الوطنية الفلسطينية
المجلس التشريعي الفلسطيني|المجلس الوطني الفلسطيني
الجبهة الشعبية لتحرير فلسطين|الجبهة الديمقراطية لتحرير فلسطين|الجبهة الشعبية
حزب الله|حزب الله اللبناني|حركة أمل|تيار المستقبل|التيار الوطني الحر|الحزب التقدمي الاشتراكي|حزب الكتائب|حزب الكتائب اللبنانية|القوات اللبنانية
طالبان|حركة طالبان|تنظيم القاعدة|شبكة القاعدة|القاعدة في بلاد المغرب الإسلامي|تنظيم الدولة الإسلامية|داعش|تنظيم داعش|جبهة النصرة
الإخوان المسلمين|الإخوان المسلمون|جماعة الإخوان المسلمين|جماعة الإخوان|حركة الشباب|حركة الشباب المجاهدين|بوكو حرام|جيش المهدي|التيار الصدري
حزب البعث|حزب البعث العربي الاشتراكي|الحزب الوطني الديمقراطي|حزب الوفد|حزب العدالة والتنمية|حزب الشعب الجمهوري|حزب العمال الكردستاني
حزب المؤتمر الوطني|الحركة الشعبية لتحرير السودان|حركة العدل والمساواة|جبهة البوليساريو|البوليساريو|حركة النهضة|حزب النهضة|جبهة التحرير الوطني
الحزب الديمقراطي|الحزب الجمهوري|حزب المحافظين|حزب العمال البريطاني|الحزب الشيوعي الصيني|الحزب الشيوعي
# legislatures, agencies and services often written as names
الكنيست|الكونغرس|الكونجرس|البنتاغون|البنتاجون|وكالة المخابرات المركزية|وكالة المخابرات المركزية الأمريكية|سي آي إيه|مكتب التحقيقات الفيدرالي|إف بي آي
الموساد|الشاباك|ناسا|وكالة ناسا|وكالة الفضاء الأمريكية|الحرس الثوري|الحرس الثوري الإيراني|مجلس الشورى|مجلس الشعب|مجلس النواب|مجلس الشيوخ|مجلس الوزراء
# news media
قناة الجزيرة|الجزيرة نت|شبكة الجزيرة|قناة العربية|العربية نت|قناة المنار|تلفزيون المنار|قناة الحرة|سكاي نيوز عربية|سكاي نيوز|روسيا اليوم|فرانس 24|بي بي سي|بي بي سي عربي|هيئة الإذاعة البريطانية
رويترز|وكالة رويترز|أسوشيتد برس|الأسوشيتد برس|أسوشيتدبرس|وكالة أسوشيتد برس|أسوشيتيد برس|يونايتد برس|يونايتد برس إنترناشونال
وكالة الصحافة الفرنسية|وكالة فرانس برس|فرانس برس|أ ف ب|وكالة الأنباء الفرنسية|وكالة الأنباء الألمانية|د ب أ|وكالة الأنباء الألمانية د ب أ
وكالة الأنباء السعودية|واس|وكالة أنباء الشرق الأوسط|وكالة الأنباء القطرية|وكالة الأنباء الكويتية|وكالة أنباء الإمارات|وكالة الأنباء الأردنية
وكالة الأنباء السورية|سانا|وكالة الأنباء الإيرانية|إرنا|وكالة فارس|وكالة الأناضول|وكالة الأنباء العراقية|وكالة المغرب العربي للأنباء|وكالة الأنباء الجزائرية
سي إن إن|سي ان ان|فوكس نيوز|بلومبرغ|بلومبيرغ|وكالة بلومبرغ|دويتشه فيله|صوت أمريكا|إذاعة صوت أمريكا|إذاعة مونت كارلو
نيويورك تايمز|واشنطن بوست|وول ستريت جورنال|لوس أنجلوس تايمز|يو إس إيه توداي|الغارديان|الجارديان|الإندبندنت|الاندبندنت|ديلي تلغراف|التايمز|فايننشال تايمز|الفايننشال تايمز|فاينانشال تايمز
لوموند|لوفيغارو|لوفيجارو|دير شبيغل|دير شبيجل|هآرتس|يديعوت أحرونوت|معاريف|جيروزاليم بوست|نيوزويك|الإيكونوميست|مجلة تايم
صحيفة الأهرام|الأهرام|القدس العربي|صحيفة الشرق الأوسط|صحيفة الحياة|صحيفة النهار|صحيفة السفير|صحيفة الرياض|صحيفة الوطن
# companies
تويوتا|فولكسفاغن|فولكس فاغن|فولكسفاجن|فولكس واجن|جنرال موتورز|فورد|شركة فورد|فورد موتور|نيسان موتور|شركة نيسان|هوندا|بي إم دبليو|بي ام دبليو
مرسيدس|مرسيدس بنز|دايملر|دايملر كرايسلر|كرايسلر|شركة أودي|أوبل|رينو|بيجو|بيجو ستروين|سيتروين|ستروين|هيونداي|هيونداي موتور|كيا موتورز|شركة كيا
فيات|فيراري|بورشه|بورش|تسلا|مازدا|سوزوكي|ميتسوبيشي|سوبارو|فولفو|لاند روفر|جاغوار|شيفروليه|رولز رويس
مايكروسوفت|شركة أبل|شركة آبل|غوغل|جوجل|فيسبوك|فيس بوك|تويتر|ياهو|سامسونغ|سامسونج|سوني|نوكيا|إنتل|آي بي إم|هواوي|سيمنز|جنرال إلكتريك
بوينغ|بوينج|إيرباص|لوفتهانزا|الخطوط الجوية القطرية|طيران الإمارات|الخطوط الجوية السعودية|الخطوط السعودية|مصر للطيران|الاتحاد للطيران
أرامكو|أرامكو السعودية|سابك|إكسون موبيل|اكسون موبيل|شيفرون|توتال|رويال داتش شل|بريتيش بتروليوم|غازبروم|سوناطراك|أدنوك|قطر للبترول|بتروناس
كوكا كولا|بيبسي|نستله|ماكدونالدز|غولدمان ساكس|مورغان ستانلي|سيتي غروب|سيتي بنك|دويتشه بنك|باركليز|إتش إس بي سي|مصرف الراجحي|بنك الراجحي|موبايلي|فودافون|أوراسكوم
"""


def _stem(surface: str) -> str:
    """The stem running text gives for ``surface`` (normalised, clitics and the article stripped)."""
    return word_analysis(surface)[3]


def _norm_set(words: Iterable[str]) -> frozenset[str]:
    """Stems of ``words`` in their article form (the lemma itself, normalised)."""
    return frozenset(lemma_key(w) for w in words)


def lemma_key(word: str) -> str:
    """The stem of a dictionary lemma as running text writes it with the article (``أمن`` -> امن,
    ``الناتو`` -> ناتو, ``فضيلة`` -> فضيله): the form compared with the word lists."""
    kind, norm, prefix, stem, _suffix = word_analysis(word)
    if kind != "word" or len(norm) < 2 or "ال" in prefix or "لل" in prefix:
        return stem  # a letter of an abbreviation (د ب أ) takes no article
    return _stem("ال" + word)


def text_stems(word: str, *, lemma: bool = False) -> list[str]:
    """The stems running text may give for ``word``, first the one the word lists are written in
    (:func:`lemma_key`): its own stem, and the stem of its form with the article when that differs
    (``فيلق`` -> فيلق and يلق; ``الناتو`` -> ناتو). A dictionary lemma (``lemma=True``) that
    begins with ال may be a word of its own, not the article (``ألماني``: text has الألمانية), so
    the stem with one more article is added too."""
    forms = [lemma_key(word), _stem(word)]
    if lemma and normalize_word(word).startswith("ال"):
        forms.append(_stem("ال" + word))
    return list(dict.fromkeys(forms))


ORG_HEADS = _norm_set(ORG_HEADS_AR)
FORCE_HEADS = _norm_set(FORCE_HEADS_AR)
POLITICAL_HEADS = _norm_set(POLITICAL_HEADS_AR)
MINISTRY_HEADS = _norm_set(MINISTRY_HEADS_AR)
FORCE_GENERIC = _norm_set(FORCE_GENERIC_AR)
NOT_ORG_PHRASES = frozenset(tuple(p.split("_")) for p in NOT_ORG_PHRASES_AR)
ROLE_GATED_HEADS = {lemma_key(h): frozenset(r) for h, r in ROLE_GATED_HEADS_AR.items()}
STOP = frozenset(normalize_word(w) for w in STOP_AR)
NOT_ORGS = _norm_set(NOT_ORGS_AR)
COMMON_WORDS = _norm_set(COMMON_WORDS_AR)


def _with_feminine(words: frozenset[str]) -> frozenset[str]:
    return words | {w + "ه" for w in words if w.endswith("ي")}


SUPRA = _with_feminine(_norm_set(SUPRA_AR))
GENERIC = _with_feminine(_norm_set(GENERIC_AR))
PLURALS = {lemma_key(k): [lemma_key(v) for v in vs] for k, vs in PLURALS_AR.items()}
SPELLINGS = {lemma_key(k): [lemma_key(v) for v in vs] for k, vs in SPELLINGS_AR.items()}


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One entry of the actor dictionary: its phrase as written, its words and its codes."""

    phrase: str
    words: tuple[str, ...]
    codes: tuple[str, ...]

    @property
    def roles(self) -> frozenset[str]:
        """The role codes of all the entry's codes (country codes left out)."""
        out: set[str] = set()
        for code in self.codes:
            out.update(p for p in (code[i : i + 3] for i in range(0, len(code), 3)) if p in ROLE_CODES)
        return frozenset(out)


_CODE = re.compile(r"\[([^\]\s]*)[^\]]*\]")
_SPLIT = re.compile(r"[_\s.\-\u0640]+")
_ARABIC_OR_DIGIT = re.compile(r"[\u0621-\u064a0-9]")


def parse_actor_dict(text: str) -> list[ActorEntry]:
    """The entries of an actor dictionary in the format described in the module docstring.

    An entry line is a phrase (words joined by ``_`` or spaces) optionally followed by codes in
    brackets; indented lines of codes that follow belong to the entry above. A remark in brackets
    ``(…)`` is left out. Words are split on ``_``, spaces, dots and dashes (سي.أي.أيه is three
    tokens in running text)."""
    entries: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw[0] == "\t" or raw.lstrip().startswith("["):
            if entries:
                entries[-1][1].extend(_CODE.findall(raw))
            continue
        line = raw.strip()
        cut = line.find("[")
        phrase, codes = (line, "") if cut < 0 else (line[:cut], line[cut:])
        entries.append((phrase.strip(), _CODE.findall(codes)))
    out = []
    for phrase, codes in entries:
        clean = re.sub(r"\([^)]*\)", " ", phrase).replace("\u200e", "").replace("\u200f", "").strip(" ,،")
        words = tuple(w for w in _SPLIT.split(clean) if w)
        out.append(ActorEntry(phrase, words, tuple(c for c in codes if c)))
    return out


def merge_entries(entries: Iterable[ActorEntry]) -> list[ActorEntry]:
    """One entry per phrase (the same words), with the codes of all its lines, in first-seen order."""
    merged: dict[tuple[str, ...], ActorEntry] = {}
    for e in entries:
        old = merged.get(e.words)
        merged[e.words] = e if old is None else ActorEntry(old.phrase, old.words, old.codes + e.codes)
    return list(merged.values())


def _is_demonym(key: str, demonyms: frozenset[str]) -> bool:
    base = key[:-1] if key.endswith("يه") else key
    for k in (key, base):
        if k in demonyms:
            return True
    if base.endswith(("يين", "يون")):
        return base[:-2] in demonyms
    return False


def classify(entry: ActorEntry, demonyms: frozenset[str], places: frozenset[str]) -> str:
    """``"kept"`` when ``entry`` names an organisation, else the reason it is dropped."""
    if any(not _ARABIC_OR_DIGIT.search(w) for w in entry.words) or any(ch in entry.phrase for ch in ",،"):
        return "malformed"
    words = [w for w in entry.words if normalize_word(w) not in DETACHED_CLITICS]
    if not words:
        return "malformed"
    roles = entry.roles
    keys = [lemma_key(w) for w in words]
    if len(words) == 1:
        return _classify_single(words[0], keys[0], roles)
    head = keys[0]
    if head not in ORG_HEADS:
        return "head is not an organisation noun"
    if not roles:
        return "organisation noun coded as a place or nationality only"
    if entry.words in NOT_ORG_PHRASES:
        return "not an organisation (checked by hand)"
    gate = ROLE_GATED_HEADS.get(head)
    if gate is not None and not roles & gate:
        return "head names an organisation only with other roles"
    mods = []
    for w, k in zip(words[1:], keys[1:], strict=True):
        if normalize_word(w) in STOP:
            break
        mods.append(k)
    for k in mods:
        if k in SUPRA:
            if head not in FORCE_HEADS and ("IGO" in roles or head in POLITICAL_HEADS):
                return "kept"
            continue
        if _is_demonym(k, demonyms):
            continue
        if head in MINISTRY_HEADS:
            return "kept"
        if k in GENERIC or (head in FORCE_HEADS and k in FORCE_GENERIC):
            continue
        if k in places:
            if head not in FORCE_HEADS:
                return "kept"
            continue
        return "kept"
    return "organisation noun with descriptive words only"


def _classify_single(word: str, key: str, roles: frozenset[str]) -> str:
    if not roles & ORG_ROLES:
        return "single word without an organisation role"
    if not roles <= ORG_ROLES | NEUTRAL_ROLES:
        return "single word with a government or person role"
    if len(key) < 3:
        return "single word too short"
    if key in COMMON_WORDS or key in NOT_ORGS or normalize_word(word) in NOT_ORGS:
        return "single word: common word or not an organisation (checked by hand)"
    z = word_frequencies().get(key)
    if z is not None and z >= COMMON_ZIPF:
        return "single word: common in general Arabic"
    found = person_names().get(normalize_word(word)) or person_names().get(key)
    if found and ("G" in found or "F" in found):
        return "single word: a known given or family name"
    return "kept"


def geo_words(entries: Iterable[ActorEntry]) -> tuple[frozenset[str], frozenset[str]]:
    """(nationality adjectives, place names) of the dictionary: its single words coded with a
    country and no role, split by their nisba ending; plus :data:`DEMONYMS_AR`."""
    demonyms = set(_norm_set(DEMONYMS_AR))
    places = set()
    for e in entries:
        words = [w for w in e.words if normalize_word(w) not in DETACHED_CLITICS]
        if len(words) != 1 or not e.codes or e.roles:
            continue
        k = lemma_key(words[0])
        base = k[:-1] if k.endswith("يه") else k
        if base.endswith("ي") or base.endswith(("يين", "يون")):
            demonyms.add(base[:-2] + "ي" if base.endswith(("يين", "يون")) else base)
        elif len(k) >= 3:
            places.add(k)
    return frozenset(demonyms - SUPRA - GENERIC), frozenset(places - COMMON_WORDS - GENERIC)


def phrase_variants(words: Iterable[str], *, lemmas: bool) -> list[tuple[str, ...]]:
    """The stem sequences running text may give for a phrase: each word's :func:`text_stems`, and
    for dictionary lemmas (``lemmas=True``) the words after the head also in their feminine nisba,
    listed spelling and plural forms; a clitic the dictionary writes as a word is left out, and a
    preposition so written (``ل_شأن``) also gives the next word's forms with it attached (لشوون:
    the clitic analyser strips ل only with the article). At most :data:`MAX_VARIANTS`: those with
    the fewest words away from their first form first, then in a fixed order."""
    options: list[list[str]] = []
    attached = ""  # a preposition the dictionary wrote as a word, attached to the next word
    for w in words:
        if lemmas and normalize_word(w) in DETACHED_CLITICS:
            attached = normalize_word(w) if normalize_word(w) in PREPOSITIONS else ""
            continue
        forms = text_stems(w, lemma=lemmas)
        if lemmas and options:
            key = forms[0]
            forms += [*SPELLINGS.get(key, ()), *PLURALS.get(key, ())]
            forms += [f + "ه" for f in forms if f.endswith("ي") and len(f) >= 4]
        if attached:  # ل شأن: text has للشؤون (stem شوون) or لشؤون (stem لشوون)
            forms += [analyze_clitics(attached + f, f.endswith("ه"))[1] for f in forms]
            attached = ""
        options.append(list(dict.fromkeys(forms)))
    return _fewest_changes(options, MAX_VARIANTS)


def _fewest_changes(options: list[list[str]], limit: int) -> list[tuple[str, ...]]:
    """Up to ``limit`` picks of one item per option list: first all first items, then the picks
    that change one position, then two ... (positions and items in order), without enumerating
    the whole product."""
    out: list[tuple[str, ...]] = []
    alternatives = [i for i, o in enumerate(options) if len(o) > 1]
    for n_changed in range(len(alternatives) + 1):
        for positions in itertools.combinations(alternatives, n_changed):
            for items in itertools.product(*(range(1, len(options[p])) for p in positions)):
                pick = [o[0] for o in options]
                for p, j in zip(positions, items, strict=True):
                    pick[p] = options[p][j]
                out.append(tuple(pick))
                if len(out) >= limit:
                    return out
    return out


def _single_ok(variant: tuple[str, ...], word: str) -> bool:
    """A one-word name's stem is kept unless it is a clitic-analysis artefact (a letter of the name
    taken for a clitic) that is an ordinary word: ``فورد`` -> ورد."""
    if len(variant[0]) < 3:
        return False
    if variant[0] == lemma_key(word):
        return True
    z = word_frequencies().get(variant[0])
    return z is None or z < ARTEFACT_ZIPF


def own_names() -> list[str]:
    """The names of :data:`OWN_NAMES`, as written."""
    out = []
    for line in OWN_NAMES.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.extend(n.strip() for n in line.split("|") if n.strip())
    return out


def _phrases(words: list[str], *, lemmas: bool) -> list[tuple[str, ...]]:
    variants = phrase_variants(words, lemmas=lemmas)
    if len(variants[0]) == 1:
        variants = [v for v in variants if _single_ok(v, words[0])]
    return variants


def build(actors: Path) -> tuple[list[str], Counter[str]]:
    """The lines of ``org_names.tsv`` (header first) and the counts by reason."""
    stats: Counter[str] = Counter()
    names: dict[tuple[str, ...], str] = {}
    for name in own_names():
        for v in _phrases(name.split(), lemmas=False):
            names[v] = "marsad"
        stats["marsad: names in the own list (with spellings)"] += 1
    entries = parse_actor_dict(actors.read_text("utf-8"))
    demonyms, places = geo_words(entries)
    for e in merge_entries(entries):
        reason = classify(e, demonyms, places)
        stats[f"upetrarch: {'kept' if reason == 'kept' else 'dropped: ' + reason}"] += 1
        if reason == "kept":
            for v in _phrases(list(e.words), lemmas=True):
                names.setdefault(v, "upetrarch")
    stats["lines: upetrarch"] = sum(1 for s in names.values() if s == "upetrarch")
    stats["lines: marsad"] = sum(1 for s in names.values() if s == "marsad")
    lines = [HEADER, *sorted(f"{' '.join(words)}\t{src}" for words, src in names.items())]
    return lines, stats


def main() -> None:
    ap = argparse.ArgumentParser(description="Rebuild marsad's organisation-name gazetteer (NER feature).")
    ap.add_argument("--actors", type=Path, default=DEFAULT_ACTORS, help="UniversalPetrarch Arabic actor dictionary")
    ap.add_argument("--out", type=Path, default=DATA / "org_names.tsv")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not args.actors.exists():
        raise SystemExit(f"{args.actors} is missing: pass --actors PATH (UniversalPetrarch's actor_dict_ar_v4.txt)")
    lines, stats = build(args.actors)
    for reason, n in sorted(stats.items()):
        log.info("%6d  %s", n, reason)
    args.out.write_text("\n".join(lines) + "\n", "utf-8")
    log.info("wrote %d names to %s", len(lines) - 1, args.out)


if __name__ == "__main__":
    main()

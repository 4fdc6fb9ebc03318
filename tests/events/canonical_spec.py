"""The canonical article with hand-made lower layers (what the NER, entity, time, quantity and
quote stages are specified to give), so the event coder is tested on its own."""

from __future__ import annotations

import re

from tests.events.build import Ent, Spec

RUBIO = "person:marco-rubio"
USSM = "org:us-strategic-metals"


def canonical_spec(text: str) -> Spec:
    ents = [
        Ent("وزارة الخارجية الأمريكية", "org:us-state-department", "ORG", "USA", "GOV", "US Department of State"),
        Ent("ماركو روبيو", RUBIO, "PERSON", "USA", "GOV", "Marco Rubio", role="Secretary of State"),
        Ent("روبيو", RUBIO, "PERSON", "USA", "GOV", "Marco Rubio", role="Secretary of State"),
        Ent("للولايات المتحدة", "country:USA", "COUNTRY", "USA", None, "United States"),
        Ent("الولايات المتحدة", "country:USA", "COUNTRY", "USA", None, "United States"),
        Ent("الباكستاني", "country:PAK", "COUNTRY", "PAK", None, "Pakistan", mtype="NORP"),
        Ent("باكستاني", "country:PAK", "COUNTRY", "PAK", None, "Pakistan", mtype="NORP"),
        Ent("باكستان", "country:PAK", "COUNTRY", "PAK", None, "Pakistan"),
        Ent("الأمريكي", "country:USA", "COUNTRY", "USA", None, "United States", mtype="NORP"),
        Ent("أمريكيًا", "country:USA", "COUNTRY", "USA", None, "United States", mtype="NORP"),
        Ent("شركة المعادن الأمريكية", USSM, "ORG", "USA", "BUS", "US Strategic Metals"),
        Ent("US Strategic Metals", USSM, "ORG", "USA", "BUS", "US Strategic Metals"),
        Ent("USSM", USSM, "ORG", "USA", "BUS", "US Strategic Metals"),
        Ent("الهنود", "country:IND", "COUNTRY", "IND", None, "India", mtype="NORP"),
        Ent("الهند", "country:IND", "COUNTRY", "IND", None, "India"),
        Ent("واشنطن", "loc:washington", "LOC", "USA", None, "Washington"),
        Ent("إسلام آباد", "loc:islamabad", "LOC", "PAK", None, "Islamabad"),
        Ent("نيودلهي", "loc:new-delhi", "LOC", "IND", None, "New Delhi"),
        Ent("دونالد ترامب", "person:donald-trump", "PERSON", "USA", "GOV", "Donald Trump"),
        Ent("ترامب", "person:donald-trump", "PERSON", "USA", "GOV", "Donald Trump"),
        Ent("أسيم منير", "person:asim-munir", "PERSON", "PAK", "MIL", "Asim Munir", role="Chief of Army Staff"),
        Ent("منير", "person:asim-munir", "PERSON", "PAK", "MIL", "Asim Munir", role="Chief of Army Staff"),
        Ent("شهباز شريف", "person:shehbaz-sharif", "PERSON", "PAK", "GOV", "Shehbaz Sharif"),
        Ent("الجمعية العامة للأمم المتحدة", "org:un-general-assembly", "ORG", None, "IGO", "UN General Assembly"),
        Ent("صحيفة دون", "org:dawn", "ORG", "PAK", "JRN", "Dawn"),
    ]
    times = [
        ("يوم السبت", "2025-10-25", "day"),
        ("الشهر الجاري", "2025-10", "month"),
        ("يونيو الماضي", "2025-06", "month"),
        ("أغسطس", "2025-08", "month"),
        ("سبتمبر", "2025-09", "month"),
        ("سبتمبر#1", "2025-09", "month"),
    ]
    quotes = []
    for m in re.finditer(r"“([^”]+)”", text):
        sent_start = text.rfind("\n", 0, m.start())
        speaker = USSM if "الشركة" in text[sent_start : m.start()] else RUBIO
        quotes.append((m.group(1), speaker))
    first = text.split("\n")[2]
    indirect = first[first.index("الولايات المتحدة ترى") :].rstrip(".")
    quotes.append((indirect, RUBIO))
    return Spec(
        text,
        ents=ents,
        times=times,
        durations=[("خمسة أيام", "P5D"), ("أربعة أيام", "P4D")],
        money=[("نحو 500 مليون دولار", 500_000_000.0, "USD", True)],
        quotes=quotes,
        title_first_line=True,
    )

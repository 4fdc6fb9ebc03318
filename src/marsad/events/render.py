"""An English sentence for each event, built from its structured fields only (no translation).

    2025-06: Asim Munir (Pakistan, military) visited Washington (United States) for five days.
"""

from __future__ import annotations

import re
from functools import cache

from marsad.events.lexicon import default_lexicon
from marsad.model import Actor, Analysis, Event

SECTORS = {
    "GOV": "government", "MIL": "military", "COP": "police", "JUD": "judiciary", "LEG": "legislature",
    "PTY": "party", "REB": "rebels", "SPY": "intelligence", "BUS": "business", "MED": "health",
    "JRN": "media", "CVL": "civilians", "LAB": "labour", "EDU": "education", "OPP": "opposition",
    "REL": "religious", "SOC": "civil society", "PRM": "paramilitary", "REF": "refugees", "ELI": "former officials",
    "IGO": "international organisation", "NGO": "NGO", "CRM": "criminals", "AGR": "agriculture",
}  # fmt: skip
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve")  # fmt: skip
UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour"}


@cache
def country_name(code: str) -> str | None:
    from marsad.gazetteer import country

    c = country(code)
    return c.name_en if c is not None else None


def actor_text(a: Actor | None, analysis: Analysis, *, with_country: bool = True) -> str:
    if a is None:
        return "someone"
    name = a.name_en or a.text
    if a.members:
        return name
    bits = []
    cname = country_name(a.country) if a.country else None
    ent = analysis.entity(a.entity)
    is_country = ent is not None and ent.type == "COUNTRY" and (cname == name or a.name_en == ent.name_en)
    if with_country and cname and not is_country and cname != name:
        bits.append(cname)
    if a.sector and a.sector in SECTORS and not is_country:
        bits.append(SECTORS[a.sector])
    return f"{name} ({', '.join(bits)})" if bits else name


def duration_text(iso: str) -> str:
    m = re.fullmatch(r"P(?:T)?(\d+(?:\.\d+)?)([YMWDH])", iso)
    if not m:
        return iso
    n = float(m.group(1))
    unit = UNITS[m.group(2)]
    if n.is_integer():
        k = int(n)
        word = NUMBER_WORDS[k] if k < len(NUMBER_WORDS) else str(k)
        return f"{word} {unit}{'s' if k != 1 else ''}"
    return f"{n:g} {unit}s"


def money_text(value: float, unit: str | None, approximate: bool) -> str:
    for scale, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if value >= scale:
            num = f"{value / scale:g} {word}"
            break
    else:
        num = f"{value:g}"
    cur = {"USD": "$", "EUR": "€", "GBP": "£"}.get(unit or "")
    text = f"{cur}{num}" if cur else f"{num} {unit or ''}".strip()
    return ("about " if approximate else "") + text


def _entry_en(e: Event) -> tuple[str, str]:
    for entry in default_lexicon().entries:
        if entry.cameo == e.cameo and entry.type == e.type and (entry.mode == e.mode or e.mode is None):
            return entry.en_past, entry.en_base
    return GENERIC.get(e.type, ("acted towards", "act towards"))


GENERIC = {
    "AGREE": ("expressed intent to cooperate with", "cooperate with"),
    "CONSULT": ("met", "meet"),
    "SUPPORT": ("supported", "support"),
    "COOPERATE": ("cooperated with", "cooperate with"),
    "AID": ("provided aid to", "provide aid to"),
    "RETREAT": ("backed down towards", "back down towards"),
    "CONCEDE": ("made a concession to", "make a concession to"),
    "REQUEST": ("made a demand of", "make a demand of"),
    "ACCUSE": ("accused", "accuse"),
    "REJECT": ("rejected", "reject"),
    "THREATEN": ("threatened", "threaten"),
    "PROTEST": ("protested against", "protest against"),
    "SANCTION": ("sanctioned", "sanction"),
    "MOBILIZE": ("mobilised against", "mobilise against"),
    "COERCE": ("coerced", "coerce"),
    "ASSAULT": ("attacked", "attack"),
}
AGREE_FROM = {"036": "meet", "032": "strengthen relations with", "031": "cooperate with", "033": "provide aid to"}


def render_event(e: Event, analysis: Analysis, en: tuple[str, str] | None = None) -> str:
    """One English sentence from the event's fields; ``en`` is the (past, base) verb phrase of the
    lexicon line that coded it (looked up from the CAMEO code when not given)."""
    past, base = en or _entry_en(e)
    if en is None and e.type == "AGREE" and e.cameo in AGREE_FROM:
        past, base = f"expressed intent to {AGREE_FROM[e.cameo]}", f"express intent to {AGREE_FROM[e.cameo]}"
    actor = actor_text(e.actor, analysis)
    recip = actor_text(e.recipient, analysis) if e.recipient else ""
    reciprocal = e.recipient is None and e.actor is not None and bool(e.actor.members)
    if reciprocal:
        past = re.sub(r" (with|to|between|of)$", "", past)
        base = re.sub(r" (with|to|between|of)$", "", base)
    if not recip:
        past = re.sub(r" (with|to|on|at|from|of|in|into|against|about|near|towards|between)$", "", past)
        base = re.sub(r" (with|to|on|at|from|of|in|into|against|about|near|towards|between)$", "", base)
    verb = {
        "negated": f"did not {base}",
        "hypothetical": f"might {base}",
        "intended": f"intends to {base}",
    }.get(e.modality, past)
    if e.type == "AGREE" and e.modality == "intended":  # an AGREE is already the statement of intent
        verb = past
    words = [actor, verb]
    if recip:
        words.append(recip)
    text = " ".join(words)
    if (e.place is not None and e.recipient is not None and e.place.entity != e.recipient.entity) or (e.place is not None and e.recipient is None):
        text += f" in {actor_text(e.place, analysis, with_country=False)}"
    if e.duration:
        text += f" for {duration_text(e.duration)}"
    money = [q for q in analysis.quantities if q.id in e.amounts and q.kind == "money" and q.value]
    if money:
        text += ", worth " + " and ".join(money_text(q.value or 0, q.unit, q.approximate) for q in money)
    if e.objects:
        text += " (" + ", ".join(e.objects) + ")"
    if e.speaker:
        who = analysis.entity(e.speaker)
        if who is not None and (e.modality == "reported" or e.quote) and (e.actor is None or e.actor.entity != who.id):
            text += f", according to {who.name_en or who.name}"
    if e.modality == "historical":
        text += " (background)"
    date = e.date or "undated"
    if not e.date and e.time:  # a vague time of its own (مؤخرا): say it rather than "undated"
        vague = next((t.value for t in analysis.times if t.id == e.time), None)
        date = {"PAST_REF": "recently", "FUTURE_REF": "in future"}.get(vague or "", date)
    if e.date_source == "publication":
        date += " (publication date)"
    return f"{date}: {text}."

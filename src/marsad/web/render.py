"""Turning an Analysis into safe HTML: the article text with its facts highlighted.

Every piece of article text goes through :func:`markupsafe.escape`; attributes too. Highlights are
nested spans built from the analysis layers (quotations outermost, then time expressions and
quantities, then entity mentions and event triggers). Spans that cross each other cannot nest in
HTML: the one that starts later is dropped (and counted), never clipped mid-word.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from marsad.model import Analysis, Entity

log = logging.getLogger(__name__)

# Mention types from NER mapped to the entity types used for colours when a mention has no entity.
MENTION_TO_ENTITY_TYPE = {"PERS": "PERSON", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC", "GPE": "COUNTRY"}

# English labels of the entity types (colour classes use the type itself, lower-cased).
ENTITY_TYPE_LABELS = {
    "PERSON": "person",
    "ORG": "organisation",
    "COUNTRY": "country",
    "LOC": "place",
    "GROUP": "group",
    "NORP": "group",
    "MISC": "other",
}

OPENING_MARKS = "“«\"'‘„"
CLOSING_MARKS = "”»\"'’“"

# Nesting priority: lower numbers are outer layers when two spans cover the same stretch.
_PRIORITY = {"quote": 0, "time": 1, "qty": 2, "ent": 3, "trigger": 4}


@dataclass(slots=True)
class Highlight:
    start: int
    end: int
    kind: str  # quote | time | qty | ent | trigger
    css: str  # CSS classes
    title: str  # hover text (English)
    anchor: str  # element id, for links from the facts panel
    data: dict[str, str] = field(default_factory=dict)  # extra data-* attributes
    after: Markup | None = None  # markup placed right after the span (the quote's attribution)
    children: list[Highlight] = field(default_factory=list)


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) URL that may become a link; None otherwise
    (``javascript:``, ``data:``, relative paths, control characters...)."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if any(ord(c) < 32 or c in "\x7f<>\"'`" for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def css_token(value: str | None) -> str:
    """A value reduced to letters, digits and dashes, for use inside a class name."""
    return "".join(c if c.isascii() and (c.isalnum() or c == "-") else "-" for c in (value or "x").lower())


def entity_label(ent: Entity | None, fallback: str | None = None) -> str:
    if ent is None:
        return fallback or "unknown"
    return ent.name_en or ent.name


def role_text(ent: Entity | None) -> str:
    if ent is None or not ent.roles:
        return ""
    parts = []
    for r in ent.roles:
        extra = ", ".join(x for x in (r.country, r.sector) if x)
        parts.append(f"{r.role_en} ({extra})" if extra else r.role_en)
    return "; ".join(parts)


def entity_hover(ent: Entity | None, mention_type: str | None = None) -> str:
    if ent is None:
        kind = ENTITY_TYPE_LABELS.get(MENTION_TO_ENTITY_TYPE.get(mention_type or "", ""), "entity")
        return f"{kind} (not linked to an entity)"
    kind = ENTITY_TYPE_LABELS.get(ent.type, ent.type.lower())
    text = f"{ent.name_en or ent.name} — {kind}"
    roles = role_text(ent)
    if roles:
        text += f" — {roles}"
    if ent.country and ent.type != "COUNTRY":
        text += f" [{ent.country}]"
    return text


def collect_highlights(analysis: Analysis, link: Callable[[Entity], str | None] | None = None) -> list[Highlight]:
    """All highlightable spans of an analysis, flat (not yet nested). ``link`` gives an entity's page
    (None: no page, e.g. an analysis that is not stored)."""
    out: list[Highlight] = []
    text = analysis.document.text
    n = len(text)
    ents = {e.id: e for e in analysis.entities}
    for q in analysis.quotes:
        ent = ents.get(q.speaker) if q.speaker else None
        who = entity_label(ent, q.speaker_text) if (ent or q.speaker_text) else "unknown speaker"
        title = f"Quotation ({q.kind}) — said by {who}"
        if q.attribution and q.attribution != "unknown":
            title += f" (attributed by {q.attribution})"
        if q.within or q.repeats:  # not a statement of its own (see marsad.quotes.links)
            title += f"; inside {q.within}" if q.within else f"; repeats {q.repeats}"
        badge = Markup('<a class="attrib" href="{href}" lang="en" dir="ltr" title="{t}">— {who}</a>').format(
            href=(link(ent) if link and ent else None) or f"#q-{q.id}", t=title, who=who
        )
        # take the quotation marks around the quote into the highlight, so the badge follows them
        qs, qe = q.start, q.end
        if 0 < qs <= qe < len(text) and text[qs - 1] in OPENING_MARKS and text[qe] in CLOSING_MARKS:
            qs, qe = qs - 1, qe + 1
        out.append(
            Highlight(
                qs,
                qe,
                "quote",
                f"hl quote quote-{css_token(q.kind)}",
                title,
                f"q-{q.id}",
                {"speaker": q.speaker or "", "speaker-en": who},
                after=Markup('<bdi class="attrib-wrap">{}</bdi>').format(badge),
            )
        )
    for t in analysis.times:
        value = t.value or (f"{t.begin} … {t.finish}" if t.begin else "unresolved")
        gran = f", {t.granularity}" if t.granularity else ""
        out.append(
            Highlight(t.start, t.end, "time", f"hl time time-{css_token(t.type)}", f"Time ({t.type}): {value}{gran}",
                      f"t-{t.id}", {"value": t.value or ""})
        )
    for q in analysis.quantities:
        value = "" if q.value is None else f"{q.value:,.10g}"
        unit = f" {q.unit}" if q.unit else ""
        approx = ", approximate" if q.approximate else ""
        out.append(
            Highlight(q.start, q.end, "qty", f"hl qty qty-{css_token(q.kind)}",
                      f"Quantity ({q.kind}): {value}{unit}{approx}", f"n-{q.id}")
        )
    for m in analysis.mentions:
        ent = ents.get(m.entity) if m.entity else None
        etype = ent.type if ent else MENTION_TO_ENTITY_TYPE.get(m.type, "MISC")
        data = {"entity": ent.id if ent else "", "name-en": (ent.name_en or "") if ent else "", "type": etype}
        out.append(
            Highlight(m.start, m.end, "ent", f"hl ent ent-{css_token(etype)}", entity_hover(ent, m.type),
                      f"m-{m.id}", data)
        )
    for ev in analysis.events:
        tr = ev.trigger
        summary = f" — {ev.summary_en}" if ev.summary_en else ""
        mode = f" ({ev.mode})" if ev.mode else ""
        out.append(
            Highlight(tr.start, tr.end, "trigger", "hl trigger", f"Event {ev.type}{mode}, {ev.modality}{summary}",
                      f"e-{ev.id}", {"event-type": ev.type})
        )
    return [h for h in out if 0 <= h.start < h.end <= n]


def nest(highlights: list[Highlight]) -> tuple[list[Highlight], int]:
    """Nest highlights by containment. Returns the top-level list and how many crossing spans
    were dropped."""
    items = sorted(highlights, key=lambda h: (h.start, -h.end, _PRIORITY.get(h.kind, 9)))
    roots: list[Highlight] = []
    stack: list[Highlight] = []
    dropped = 0
    for h in items:
        while stack and stack[-1].end <= h.start:
            stack.pop()
        if stack and h.end > stack[-1].end:
            dropped += 1  # crosses its would-be parent
            continue
        (stack[-1].children if stack else roots).append(h)
        stack.append(h)
    return roots, dropped


def _render(text: str, start: int, end: int, nodes: list[Highlight]) -> Markup:
    parts: list[str] = []
    pos = start
    for h in nodes:
        s, e = max(h.start, start), min(h.end, end)
        if e <= s:
            continue
        if s > pos:
            parts.append(escape(text[pos:s]))
        attrs = Markup(" ").join(
            Markup('data-{}="{}"').format(css_token(k), v) for k, v in h.data.items()
        )
        inner = _render(text, s, e, h.children)
        tag = "q" if h.kind == "quote" else "mark"
        parts.append(
            Markup('<{tag} class="{css}" id="{anchor}" data-tip="{title}" aria-description="{title}" tabindex="0" '
                   "{attrs}>{inner}</{tag}>").format(
                tag=Markup(tag), css=h.css, anchor=h.anchor, title=h.title, attrs=attrs, inner=inner
            )
        )
        if h.after is not None and h.end <= end:
            parts.append(h.after)
        pos = e
    if pos < end:
        parts.append(escape(text[pos:end]))
    return Markup("").join(parts)


@dataclass(slots=True)
class RenderedText:
    title: Markup | None  # the headline with its highlights, when it sits in the text
    body: Markup
    dropped: int  # highlights left out because they crossed another one


def render_article(analysis: Analysis, link: Callable[[Entity], str | None] | None = None) -> RenderedText:
    """The article text as HTML with highlights; the headline apart when it is the first line."""
    text = analysis.document.text
    roots, dropped = nest(collect_highlights(analysis, link))
    ts = analysis.document.title_span
    if ts is not None and 0 <= ts.start < ts.end <= len(text):
        title = _render(text, ts.start, ts.end, roots)
        body_start = ts.end
        while body_start < len(text) and text[body_start] in "\r\n":
            body_start += 1
        body = _render(text, body_start, len(text), roots)
        return RenderedText(title, body, dropped)
    return RenderedText(None, _render(text, 0, len(text), roots), dropped)

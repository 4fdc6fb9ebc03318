"""The readable terminal report of an Analysis (`marsad analyze --format text`).

Arabic is printed in logical order, which bidi-aware terminals (GNOME Terminal, Konsole, iTerm2,
Windows Terminal) display correctly; English renderings sit beside it.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.table import Table

from marsad.model import Analysis, Quote
from marsad.quotes.links import count_statements

Section = Callable[[Analysis, Console], None]


def _header(a: Analysis, con: Console) -> None:
    d = a.document
    con.rule(f"[bold]{d.title or d.id}")
    con.print(f"id: {d.id}   published: {d.published or 'unknown'}   source: {d.source or '-'}")
    con.print(
        f"{len(a.sentences)} sentences, {len(a.tokens)} tokens, {len(a.entities)} entities, "
        f"{quote_count(a)}, {len(a.times)} times, {len(a.quantities)} quantities, {len(a.events)} events"
    )


def quote_count(a: Analysis) -> str:
    """``22 quotes, 16 distinct statements``: what an analyst counts is the second figure."""
    n, k = len(a.quotes), count_statements(a.quotes)
    return f"{n} quote{'' if n == 1 else 's'}, {k} distinct statement{'' if k == 1 else 's'}"


def quote_link(q: Quote) -> str:
    """``(inside q7)`` / ``(repeats q1)`` for a quote that belongs to another quote's statement."""
    if q.within:
        return f"(inside {q.within})"
    if q.repeats:
        return f"(repeats {q.repeats})"
    return ""


def _entities(a: Analysis, con: Console) -> None:
    if not a.entities:
        return
    t = Table(title="Entities", show_lines=False)
    for col in ("id", "type", "name", "English", "role / country, sector", "mentions"):
        t.add_column(col)
    for e in a.entities:
        role = "; ".join(f"{r.role_en} ({r.country or '?'}, {r.sector or '?'})" for r in e.roles)
        if not role and (e.country or e.sector):
            role = f"{e.country or '?'}, {e.sector or '?'}"
        english = (e.name_en or "") + (" (transliterated)" if e.name_en_source == "transliterated" else "")
        t.add_row(e.id, e.type, e.name, english, role, str(len(e.mentions)))
    con.print(t)


def _quotes(a: Analysis, con: Console) -> None:
    if not a.quotes:
        return
    t = Table(title=f"Who said what ({quote_count(a)})")
    for col in ("speaker", "how", "id, kind", "cue / source", "quote"):
        t.add_column(col, overflow="fold")
    for q in a.quotes:
        ent = a.entity(q.speaker)
        who = (ent.name_en or ent.name) if ent else (q.speaker_text or "unknown")
        if ent and q.speaker_text and q.attribution in ("title", "organisation") and q.speaker_text != ent.name:
            who += f" ({q.speaker_text})"  # as written: الوزير الأمريكي, الشركة
        cue = " / ".join(x.text for x in (q.cue, q.reported_via) if x is not None)
        kind = f"{q.id} {q.kind} {quote_link(q)}".strip()  # the id, so that (inside q7) can be looked up
        t.add_row(who, q.attribution, kind, cue, q.text)
    con.print(t)


def _times(a: Analysis, con: Console) -> None:
    if not a.times:
        return
    t = Table(title="Time expressions")
    for col in ("text", "type", "value", "granularity", "relation", "anchor"):
        t.add_column(col)
    for x in a.times:
        value = x.value or "unresolved"
        if x.value and not x.resolved:
            value += " (partial)"
        if x.mod:
            value += f" {x.mod}"
        if x.calendar == "hijri":
            value += " (Hijri)"
        t.add_row(x.text, x.type, value, x.granularity or "", x.relation or "", x.anchor)
    con.print(t)


def _quantities(a: Analysis, con: Console) -> None:
    if not a.quantities:
        return
    t = Table(title="Quantities")
    for col in ("text", "value", "unit", "kind", "approx.", "bound", "ISO / counted"):
        t.add_column(col)
    for q in a.quantities:
        value = "" if q.value is None else f"{q.value:,.0f}" if q.value.is_integer() else f"{q.value:g}"
        bound = {"lower": "at least", "upper": "at most"}.get(q.bound, "")
        t.add_row(q.text, value, q.unit or "", q.kind, "yes" if q.approximate else "", bound, q.iso or q.counted or "")
    con.print(t)


def _events(a: Analysis, con: Console) -> None:
    if not a.events:
        return
    t = Table(title="Events (PLOVER)")
    for col in ("type", "mode", "CAMEO", "modality", "trigger", "summary"):
        t.add_column(col, overflow="fold")
    for e in a.events:
        t.add_row(e.type, e.mode or "", e.cameo or "", e.modality, e.trigger.text, e.summary_en or e.evidence.text)
    con.print(t)
    if a.contexts:
        con.print("contexts: " + ", ".join(a.contexts))


def _sentences(a: Analysis, con: Console) -> None:
    if a.entities or a.events:
        return  # once facts are extracted, they are the report; sentences are in the JSON
    for i, s in enumerate(a.sentences):
        con.print(f"[dim]{i:>3}[/dim] {s.text}")


def _errors(a: Analysis, con: Console) -> None:
    for err in a.errors:
        con.print(f"[red]stage {err.stage} failed:[/red] {err.message}")


SECTIONS: list[Section] = [_header, _sentences, _entities, _quotes, _times, _quantities, _events, _errors]


def print_report(analysis: Analysis, console: Console | None = None) -> None:
    con = console or Console()
    for section in SECTIONS:
        section(analysis, con)

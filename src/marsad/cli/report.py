"""The readable terminal report of an Analysis (`marsad analyze --format text`).

Arabic is printed in logical order, which bidi-aware terminals (GNOME Terminal, Konsole, iTerm2,
Windows Terminal) display correctly; English renderings sit beside it.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.table import Table

from marsad.model import Analysis

Section = Callable[[Analysis, Console], None]


def _header(a: Analysis, con: Console) -> None:
    d = a.document
    con.rule(f"[bold]{d.title or d.id}")
    con.print(f"id: {d.id}   published: {d.published or 'unknown'}   source: {d.source or '-'}")
    con.print(
        f"{len(a.sentences)} sentences, {len(a.tokens)} tokens, {len(a.entities)} entities, "
        f"{len(a.quotes)} quotes, {len(a.times)} times, {len(a.quantities)} quantities, {len(a.events)} events"
    )


def _entities(a: Analysis, con: Console) -> None:
    if not a.entities:
        return
    t = Table(title="Entities", show_lines=False)
    for col in ("id", "type", "name", "English", "role", "mentions"):
        t.add_column(col)
    for e in a.entities:
        role = "; ".join(f"{r.role_en} ({r.country or '?'}, {r.sector or '?'})" for r in e.roles)
        t.add_row(e.id, e.type, e.name, e.name_en or "", role, str(len(e.mentions)))
    con.print(t)


def _quotes(a: Analysis, con: Console) -> None:
    if not a.quotes:
        return
    t = Table(title="Who said what")
    for col in ("speaker", "kind", "quote"):
        t.add_column(col, overflow="fold")
    for q in a.quotes:
        ent = a.entity(q.speaker)
        who = (ent.name_en or ent.name) if ent else (q.speaker_text or "unknown")
        t.add_row(who, q.kind, q.text)
    con.print(t)


def _times(a: Analysis, con: Console) -> None:
    if not a.times:
        return
    t = Table(title="Time expressions")
    for col in ("text", "type", "value", "granularity"):
        t.add_column(col)
    for x in a.times:
        t.add_row(x.text, x.type, x.value or "unresolved", x.granularity or "")
    con.print(t)


def _quantities(a: Analysis, con: Console) -> None:
    if not a.quantities:
        return
    t = Table(title="Quantities")
    for col in ("text", "value", "unit", "kind", "approx."):
        t.add_column(col)
    for q in a.quantities:
        t.add_row(q.text, "" if q.value is None else f"{q.value:g}", q.unit or "", q.kind, "yes" if q.approximate else "")
    con.print(t)


def _events(a: Analysis, con: Console) -> None:
    if not a.events:
        return
    t = Table(title="Events")
    for col in ("type", "modality", "summary"):
        t.add_column(col, overflow="fold")
    for e in a.events:
        t.add_row(e.type, e.modality, e.summary_en or e.evidence.text)
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

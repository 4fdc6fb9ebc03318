"""Events: who did what to whom, coded in PLOVER v2 (and CAMEO) from Arabic, each field tied to its
evidence.

Two stages:

- :class:`EventStage` (``events``) codes events from the trigger lexicon and the layers below;
- :class:`~marsad.events.contexts.ContextStage` (``contexts``) gives the document its PLOVER contexts.

:func:`marsad.events.plover.to_plover` turns an event into a PLOVER JSON record.
"""

from __future__ import annotations

from pathlib import Path

from marsad.events import occurrence
from marsad.events.coder import EventCoder
from marsad.events.lexicon import Lexicon, default_lexicon, load_lexicon
from marsad.model import Analysis
from marsad.pipeline import Stage

__all__ = ["EventCoder", "EventStage", "Lexicon", "code_events", "default_lexicon", "load_lexicon"]


class EventStage(Stage):
    """PLOVER events from triggers, entities, times, quantities and quotes.

    ``triggers`` names a trigger file in the format of ``data/triggers.tsv`` to use instead of the
    packaged one (to extend it, copy the packaged file and add lines); ``imported`` adds the triggers
    compiled from the UniversalPetrarch Arabic dictionary under them (off by default: measured, they add
    more wrong events than right ones, see ``benchmarks/events_import.py``); ``lexicon`` passes a
    loaded :class:`Lexicon` (tests use small ones).
    """

    name = "events"
    requires = ("sentences", "tokens", "mentions", "entities", "times", "quantities", "quotes")
    provides = ("events",)

    def __init__(
        self, *, lexicon: Lexicon | None = None, triggers: str | Path | None = None, imported: bool = False
    ) -> None:
        if lexicon is None and (triggers is not None or imported):
            lexicon = load_lexicon(triggers, imported=imported)
        self._lexicon = lexicon
        self._coder: EventCoder | None = None

    @property
    def coder(self) -> EventCoder:
        if self._coder is None:  # the lexicon loads on first use, not at import
            self._coder = EventCoder(self._lexicon)
        return self._coder

    def __call__(self, analysis: Analysis) -> Analysis:
        analysis.events = self.coder.code(analysis)
        occurrence.score_events(analysis, self.coder)
        return analysis


def code_events(analysis: Analysis) -> Analysis:
    """Code the events of an analysis whose lower layers are filled (a convenience for scripts)."""
    return EventStage()(analysis)

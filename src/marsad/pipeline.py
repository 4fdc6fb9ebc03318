"""The pipeline: an ordered list of named stages, each adding one layer to an Analysis.

Stages live in a registry (name -> "module:Class"), imported only when a pipeline uses them, so a
command that needs only the text layer never loads the NER model. Each stage declares the layers it
``requires`` and ``provides``; the pipeline checks the whole chain when it is built and reports
every unmet need in one error. Resources (lexicons, models) load lazily, once per process.

A stage is any object with ``name``, ``requires``, ``provides`` and ``__call__(analysis)``;
:class:`Stage` gives ``pipe`` for free.
"""

from __future__ import annotations

import gc
import importlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, ClassVar, Protocol, runtime_checkable

from marsad.errors import ConfigError, InputError
from marsad.model import Analysis, Document, StageError

log = logging.getLogger(__name__)


@runtime_checkable
class StageProtocol(Protocol):
    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, analysis: Analysis) -> Analysis: ...


class Stage:
    """Base class for pipeline stages: set ``name``, ``requires``, ``provides``; write ``__call__``."""

    name: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ()

    def __call__(self, analysis: Analysis) -> Analysis:  # pragma: no cover - abstract
        raise NotImplementedError

    def pipe(self, analyses: Iterable[Analysis], *, batch_size: int = 64) -> Iterator[Analysis]:
        for a in analyses:
            yield self(a)


# name -> "module:attribute". Later stages register here (or call register_stage at import time).
STAGE_REGISTRY: dict[str, str] = {
    "text": "marsad.text:TextStage",
    "ner": "marsad.ner:NerStage",
    "entities": "marsad.entities:EntitiesStage",
    "time": "marsad.time:TimeStage",
    "quantities": "marsad.quantities:QuantitiesStage",
    "quotes": "marsad.quotes:QuoteStage",
    "events": "marsad.events:EventStage",
    "contexts": "marsad.events.contexts:ContextStage",
}

# The default order. Names not (yet) registered are skipped with a debug message.
DEFAULT_STAGES: tuple[str, ...] = (
    "text",
    "ner",
    "entities",
    "time",
    "quantities",
    "quotes",
    "events",
    "contexts",
)


def register_stage(name: str, target: str) -> None:
    """Register a stage factory (``"package.module:Class"``) under ``name``."""
    STAGE_REGISTRY[name] = target


def available_stages() -> list[str]:
    return [n for n in DEFAULT_STAGES if n in STAGE_REGISTRY] + [
        n for n in STAGE_REGISTRY if n not in DEFAULT_STAGES
    ]


_STAGE_CACHE: dict[tuple[str, tuple[tuple[str, Any], ...]], Any] = {}


def create_stage(name: str, **options: Any) -> Any:
    """Instantiate (once per process and options) the stage registered under ``name``."""
    if name not in STAGE_REGISTRY:
        raise ConfigError(f"unknown stage {name!r}; known stages: {', '.join(available_stages())}")
    key = (name, tuple(sorted(options.items())))
    if key not in _STAGE_CACHE:
        module_name, _, attr = STAGE_REGISTRY[name].partition(":")
        factory = getattr(importlib.import_module(module_name), attr)
        _STAGE_CACHE[key] = factory(**options)
    return _STAGE_CACHE[key]


def parse_date(value: str | date | None, *, what: str = "published date") -> str | None:
    """Validate an ISO date (YYYY-MM-DD) and return it as a string."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    # Accept a full timestamp too (2025-10-26T08:00:00Z), keeping the day.
    day = text[:10]
    try:
        return date.fromisoformat(day).isoformat() if len(day) == 10 else _bad_date(text, what)
    except ValueError:
        return _bad_date(text, what)


def _bad_date(text: str, what: str) -> str:
    raise InputError(f"{what} {text!r} is not a date in the form YYYY-MM-DD (for example 2025-10-26)")


class Pipeline:
    """Run a chosen list of stages over documents.

    >>> nlp = Pipeline()                      # every registered stage, in the default order
    >>> nlp = Pipeline(disable=["events"])    # all but events
    >>> analysis = nlp("قال وزير الخارجية ...", published="2025-10-26")
    """

    def __init__(
        self,
        stages: Sequence[str] | None = None,
        *,
        disable: Sequence[str] = (),
        options: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        """``options`` maps a stage name to keyword options for its constructor, e.g.
        ``{"entities": {"kb_paths": ("my-actors.tsv",)}}``."""
        names = list(stages) if stages is not None else [n for n in DEFAULT_STAGES if n in STAGE_REGISTRY]
        for n in list(names) + list(disable):
            if n not in STAGE_REGISTRY:
                raise ConfigError(f"unknown stage {n!r}; known stages: {', '.join(available_stages())}")
        self.names = [n for n in names if n not in set(disable)]
        options = options or {}
        unknown = set(options) - set(self.names)
        if unknown:
            raise ConfigError(f"options given for stages not in this pipeline: {', '.join(sorted(unknown))}")
        self.stages = [create_stage(n, **options.get(n, {})) for n in self.names]
        self._check_chain()
        # Lexicons and models loaded by the stages live as long as the process: move them out of
        # the collector's way so each full collection does not rescan millions of entries.
        gc.freeze()

    def _check_chain(self) -> None:
        have: set[str] = {"document"}
        problems = []
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in have]
            if missing:
                problems.append(f"stage {stage.name!r} needs {', '.join(missing)}, which no earlier stage provides")
            have.update(stage.provides)
        if problems:
            raise ConfigError("; ".join(problems))

    def make_analysis(
        self,
        text: str,
        *,
        published: str | date | None = None,
        title: str | None = None,
        doc_id: str | None = None,
        source: str | None = None,
        url: str | None = None,
        title_first_line: bool = False,
    ) -> Analysis:
        from marsad.documents import make_document

        doc = make_document(
            text,
            published=parse_date(published),
            title=title,
            doc_id=doc_id,
            source=source,
            url=url,
            title_first_line=title_first_line,
        )
        return Analysis(document=doc)

    def __call__(self, text: str | Document | Analysis, **kwargs: Any) -> Analysis:
        if isinstance(text, Analysis):
            analysis = text
        elif isinstance(text, Document):
            analysis = Analysis(document=text)
        else:
            analysis = self.make_analysis(text, **kwargs)
        return self.run(analysis)

    def run(self, analysis: Analysis, *, strict: bool = False) -> Analysis:
        """Run every stage. A stage that fails is recorded in ``analysis.errors`` and the rest go on
        (stages whose requirements it should have provided are skipped). ``strict`` re-raises."""
        failed: set[str] = set()
        for stage in self.stages:
            if any(r in failed for r in stage.requires):
                analysis.errors.append(StageError(stage.name, "skipped: an earlier stage it needs failed"))
                failed.update(stage.provides)
                continue
            try:
                stage(analysis)
                analysis.stages.append(stage.name)
            except Exception as exc:
                if strict:
                    raise
                log.warning("stage %s failed on document %s: %s", stage.name, analysis.document.id, exc)
                analysis.errors.append(StageError(stage.name, f"{type(exc).__name__}: {exc}"))
                failed.update(stage.provides)
        analysis.scratch.clear()
        return analysis

    def pipe(self, items: Iterable[str | Document | Analysis], **kwargs: Any) -> Iterator[Analysis]:
        for item in items:
            yield self(item, **kwargs)


_DEFAULT: dict[str, Pipeline] = {}


def analyze(
    text: str,
    published: str | date | None = None,
    title: str | None = None,
    **kwargs: Any,
) -> Analysis:
    """Analyse one article with the default pipeline (built once per process)."""
    if "default" not in _DEFAULT:
        _DEFAULT["default"] = Pipeline()
    return _DEFAULT["default"](text, published=published, title=title, **kwargs)

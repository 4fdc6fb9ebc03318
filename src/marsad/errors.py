"""One error hierarchy. Messages say what was wrong, where (file, line, article id) and how to fix it."""

from __future__ import annotations


class MarsadError(Exception):
    """Base of every error marsad raises on purpose. The command line prints it as one line."""


class InputError(MarsadError):
    """The input (file, record, option) cannot be used as given."""


class ConfigError(MarsadError):
    """The pipeline or a resource is configured wrongly (unknown stage, unmet requirement)."""


class ResourceError(MarsadError):
    """A packaged resource (lexicon, model file) is missing or unreadable."""


class StageFailure(MarsadError):
    """A pipeline stage failed on one document."""

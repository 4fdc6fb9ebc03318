"""marsad — an Arabic-first news intelligence engine.

>>> import marsad
>>> a = marsad.analyze("قال وزير الخارجية الأمريكي ماركو روبيو يوم السبت ...", published="2025-10-26")
>>> a.to_json()["schema"]
'marsad.analysis/1'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from marsad.errors import MarsadError
from marsad.model import Analysis, Document
from marsad.pipeline import Pipeline, analyze

try:
    __version__ = version("marsad")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["Analysis", "Document", "MarsadError", "Pipeline", "__version__", "analyze"]

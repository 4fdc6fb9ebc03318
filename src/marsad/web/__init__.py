"""marsad's web UI and HTTP API (`marsad serve`): FastAPI, server-rendered Jinja2 pages.

>>> from marsad.web import create_app, WebConfig
>>> app = create_app(config=WebConfig(db="marsad.db", token="s3cret"))
"""

from __future__ import annotations

from marsad.web.app import WebConfig, create_app

__all__ = ["WebConfig", "create_app"]

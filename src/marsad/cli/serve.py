"""`marsad serve`: the web UI and HTTP API over a corpus store."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from marsad.cli import command
from marsad.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(
        sub,
        "serve",
        help="serve the web UI and the HTTP JSON API over a corpus store",
        description=(
            "Start marsad's web server: article pages with their facts highlighted, entity pages,\n"
            "quotes, an event timeline, a relations graph, search, and the JSON API under /api\n"
            "(OpenAPI document at /openapi.json).\n\n"
            "Reads are public unless --private is given. Writes (POST /api/analyze with \"store\": true,\n"
            "POST /api/ingest) need the token from --token-file or the MARSAD_TOKEN environment variable,\n"
            "sent as `Authorization: Bearer TOKEN`; without a token the server is read-only.\n"
            "The server listens on loopback by default; put it behind a TLS proxy before exposing it."
        ),
        examples=(
            "  marsad serve --db marsad.db                         # http://127.0.0.1:8000/\n"
            "  marsad serve --db marsad.db --port 8080\n"
            "  MARSAD_TOKEN=$(openssl rand -hex 16) marsad serve --db marsad.db   # allow writes with that token\n"
            "  marsad serve --db postgresql://marsad@localhost/marsad --host 0.0.0.0 --private --token-file /etc/marsad/token\n"
            "  marsad serve                                        # no store: only the analyser page and /api/analyze\n"
            "  curl -s -X POST localhost:8000/api/analyze -H 'content-type: application/json' \\\n"
            "       -d '{\"text\": \"قال الرئيس ...\", \"published\": \"2025-10-26\"}'\n"
        ),
    )
    p.add_argument("--db", metavar="URL", help="the store: a SQLite file or a postgresql:// URL (default: $MARSAD_DB)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument(
        "--token-file",
        metavar="PATH",
        help="file holding the bearer token for writes (default: $MARSAD_TOKEN); not an option value, so it "
        "stays out of the process list",
    )
    p.add_argument("--private", action="store_true", help="reads need the token too (default: reads are public)")
    p.add_argument("--max-body", type=int, default=2 * 1024 * 1024, metavar="BYTES",
                   help="largest request body accepted (default 2 MiB; larger gets 413)")
    p.add_argument("--page-size", type=int, default=20, metavar="N", help="rows per page (default 20)")
    p.add_argument("--max-page-size", type=int, default=200, metavar="N",
                   help="most rows one request may ask for (default 200)")
    p.set_defaults(func=run_serve)


def read_token(path: str | None) -> str | None:
    if path is None:
        return os.environ.get("MARSAD_TOKEN") or None
    try:
        token = Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the token file ({exc.strerror})") from exc
    if len(token) < 8:
        raise InputError(f"{path}: the token is shorter than 8 characters; use a long random one")
    return token


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from marsad.web import WebConfig, create_app

    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port} is not a port number (1-65535)")
    token = read_token(args.token_file)
    if args.private and not token:
        raise InputError("--private needs a token: give --token-file or set MARSAD_TOKEN")
    config = WebConfig.from_env(
        db=args.db,
        token=token,
        private=args.private or None,
        max_body=args.max_body,
        page_size=args.page_size,
        max_page_size=args.max_page_size,
    )
    app = create_app(config=config)
    print(
        f"marsad: serving {'store ' + config.db if config.db else 'without a store'} on http://{args.host}:{args.port}/ "
        f"(writes {'need the token' if token else 'disabled'}; reads {'private' if config.private else 'public'})"
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0

"""The ``marsad`` command line: a thin layer over plain functions.

Each module in this package that defines ``register(subparsers)`` adds its commands; the main
parser finds them by walking the package, so a new command is a new module, not an edit here.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence
from typing import Any

from marsad import __version__
from marsad.errors import MarsadError

DESCRIPTION = """\
marsad (مرصد) reads Arabic news and turns each article into structured facts:
entities, quotations, times, quantities and PLOVER-coded events.

Start here:
  marsad analyze article.txt --published 2025-10-26 --title-first-line --format text
  marsad analyze article.txt --published 2025-10-26 > article.json
  echo 'قال الرئيس إن ...' | marsad analyze - --format text
  marsad schema > analysis.schema.json

Run `marsad COMMAND --help` for the options and examples of each command.
"""


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Keep the examples in descriptions and epilogs exactly as written."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="marsad", description=DESCRIPTION, formatter_class=Formatter)
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    parser.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=[logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)],
        format="marsad: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except MarsadError as exc:
        if args.debug:
            raise
        print(f"marsad: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("marsad: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug, not bad input: one line, and how to see more
        if args.debug:
            raise
        print(
            f"marsad: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback "
            "and report it)",
            file=sys.stderr,
        )
        return 3


def command(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    *,
    help: str,
    description: str,
    examples: str,
) -> argparse.ArgumentParser:
    """Add a subcommand whose --help teaches by example (every command must have examples)."""
    return sub.add_parser(
        name,
        help=help,
        description=description,
        epilog="examples:\n" + examples,
        formatter_class=Formatter,
    )


def group(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    *,
    help: str,
    description: str,
) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    """The sub-command list of a command group (``marsad eval ...``, ``marsad train ...``), created by
    the first module that asks for it, so each module adds its own member without editing others."""
    # kept on the parser's own sub-command list: a table keyed by id() would hand a new parser the group
    # of a garbage-collected one whose id it reuses (seen as "conflicting subparser" in the tests)
    groups: dict[str, argparse._SubParsersAction] = sub.__dict__.setdefault("_marsad_groups", {})  # type: ignore[type-arg]
    if name not in groups:
        parser = sub.add_parser(name, help=help, description=description, formatter_class=Formatter)
        parser.set_defaults(func=lambda args, _p=parser: (_p.print_help(), 2)[1])
        groups[name] = parser.add_subparsers(dest=f"{name}_command", metavar="WHAT")
    return groups[name]


def ner_model_option(p: argparse.ArgumentParser) -> None:
    """``--ner-model``, shared by the commands that run the NLP pipeline."""
    p.add_argument(
        "--ner-model",
        default=None,
        metavar="MODEL",
        help="named-entity model: crf (default: fastest), stacked (the CRF with a second, document-level "
        "pass), neural (BiLSTM-CRF), ensemble (neural + stacked: the most accurate, slowest), or the path of a "
        "model file",
    )


def print_scores(scores: Any, fmt: str, errors: bool) -> int:
    """Print an evaluation's scores (an object with ``as_dict()``, ``table()`` and ``errors``) as
    JSON or as its table, with the error list when asked; the exit status 0."""
    import json

    if fmt == "json":
        data = scores.as_dict()
        if errors:
            data["errors"] = scores.errors
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(scores.table())
    if errors and scores.errors:
        print("\nerrors:")
        for e in scores.errors:
            print("  " + json.dumps(e, ensure_ascii=False))
    return 0


def run() -> None:  # console-script entry point
    sys.exit(main())

"""The command-line parser itself."""

from __future__ import annotations

import argparse
import gc

from marsad.cli import build_parser, group


def test_group_belongs_to_its_own_parser():
    a = argparse.ArgumentParser().add_subparsers()
    b = argparse.ArgumentParser().add_subparsers()
    ga = group(a, "eval", help="h", description="d")
    assert group(a, "eval", help="h", description="d") is ga  # the second module gets the same group
    assert group(b, "eval", help="h", description="d") is not ga


def test_parser_can_be_built_many_times():
    """Command groups (eval, train) belong to their parser: building parsers again and again, with old
    ones garbage-collected (new objects may reuse their ids), never mixes them up. A table keyed by id()
    once handed a new parser a dead parser's group ("conflicting subparser: events")."""
    for _ in range(30):
        build_parser()
        gc.collect()
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    eval_sub = next(a for a in sub.choices["eval"]._actions if a.dest == "eval_command")
    assert {"ner", "events", "quotes", "time"} <= set(eval_sub.choices)
    train_sub = next(a for a in sub.choices["train"]._actions if a.dest == "train_command")
    assert "ner" in train_sub.choices

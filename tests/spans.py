"""Helpers shared by tests: walk an analysis JSON and check every span against the text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def iter_spans(node: Any, path: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object holding start, end and text, with its JSON path."""
    if isinstance(node, dict):
        if {"start", "end", "text"} <= node.keys() and isinstance(node["start"], int):
            yield path, node
        for k, v in node.items():
            yield from iter_spans(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from iter_spans(v, f"{path}[{i}]")


def bad_spans(data: dict[str, Any]) -> list[str]:
    """Descriptions of spans whose text is not text[start:end] (empty when all is well)."""
    text = data["document"]["text"]
    problems = []
    for path, span in iter_spans({k: v for k, v in data.items() if k != "document"}):
        if not (0 <= span["start"] <= span["end"] <= len(text)) or text[span["start"] : span["end"]] != span["text"]:
            problems.append(f"{path}: [{span['start']}:{span['end']}] {span['text']!r}")
    title_span = data["document"].get("title_span")
    if title_span and text[title_span["start"] : title_span["end"]] != title_span["text"]:
        problems.append("$.document.title_span")
    return problems

"""The JSON Schema of the analysis output, derived from the dataclasses in :mod:`marsad.model`.

The derived schema is shipped as ``analysis.schema.json`` (``make schema`` rewrites it);
a test checks that the shipped file and the dataclasses agree.
"""

from __future__ import annotations

import dataclasses
import json
import types
from functools import cache
from importlib import resources
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from marsad import model

SCHEMA_FILE = "analysis.schema.json"
SCHEMA_ID = "https://marsad.example/schema/analysis-1.json"


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [_type_schema(a, defs) for a in get_args(tp) if a is not type(None)]
        nullable = type(None) in get_args(tp)
        if nullable:
            options.append({"type": "null"})
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin is Literal:
        return {"enum": list(get_args(tp))}
    if origin is list:
        (item,) = get_args(tp)
        return {"type": "array", "items": _type_schema(item, defs)}
    if origin is dict:
        return {"type": "object"}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _dataclass_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    simple = {str: "string", int: "integer", float: "number", bool: "boolean"}
    if tp in simple:
        return {"type": simple[tp]}
    if tp is Any:
        return {}
    raise TypeError(f"no JSON Schema mapping for {tp!r}")


def _dataclass_schema(cls: type, defs: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    hints = get_type_hints(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        if f.name in skip:
            continue
        props[f.name] = _type_schema(hints[f.name], defs)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        out["required"] = required
    return out


def build_schema() -> dict[str, Any]:
    """Derive the analysis JSON Schema from the data model."""
    defs: dict[str, Any] = {}
    top = _dataclass_schema(model.Analysis, defs, skip=("scratch",))
    top["properties"] = {"schema": {"const": model.SCHEMA_NAME}, **top["properties"]}
    layers = ("sentences", "mentions", "entities", "quotes", "times", "quantities", "events", "contexts")
    top["required"] = ["schema", "document", *layers]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "marsad analysis of one document",
        "description": (
            "Every object with start/end is a span: start and end are character offsets "
            "(Python string indices) into document.text, and text == document.text[start:end]."
        ),
        **top,
        "$defs": dict(sorted(defs.items())),
    }


@cache
def load_schema() -> dict[str, Any]:
    """The schema as shipped in the package."""
    return json.loads(resources.files(__package__).joinpath(SCHEMA_FILE).read_text("utf-8"))


def write_schema(path: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(build_schema(), fh, ensure_ascii=False, indent=2)
        fh.write("\n")


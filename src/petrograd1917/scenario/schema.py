"""The JSON Schema of scenario files, generated from the model's dataclasses.

Editors that speak the YAML language server complete keys, show each field's meaning on hover and flag wrong
types when a file starts with `# yaml-language-server: $schema=...`. The schema ships as `scenario.schema.json`
beside this module; a test keeps that file equal to what `scenario_schema()` produces.

Nothing is marked required except item ids: a file that extends or includes others legitimately writes only what
it changes, and the loader reports what is really missing with better messages than an editor could.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import typing
from datetime import datetime
from pathlib import Path
from typing import Any

from petrograd1917.scenario.build import DATE_EXAMPLE, data_fields, type_hints, unwrap_optional, yaml_key
from petrograd1917.scenario.conditions import Condition
from petrograd1917.scenario.fielddocs import class_doc, field_docs
from petrograd1917.scenario.model import Scenario
from petrograd1917.scenario.ranges import Range, range_of

SCHEMA_FILE = Path(__file__).with_name("scenario.schema.json")
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2})?)?$"


def scenario_schema() -> dict[str, Any]:
    definitions: dict[str, Any] = {}
    top = _object(Scenario, definitions)
    top["properties"] = {
        "include": {
            "description": "Files merged in before this file's own keys (e.g. a shared map), by name or relative path.",
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        },
        "extends": {
            "description": "A full scenario (name or relative path) this one starts from and overrides.",
            "type": "string",
        },
        "fragment": {
            "description": "true for a file that is only meant to be included (a shared map), never loaded alone.",
            "type": "boolean",
        },
        **top["properties"],
    }
    top.pop("required", None)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://petrograd1917.invalid/scenario.schema.json",
        "title": "Petrograd 1917 scenario",
        **top,
        "definitions": dict(sorted(definitions.items())),
    }


def schema_text() -> str:
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


def _object(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    hints = type_hints(cls)
    docs = field_docs(cls.__name__)
    properties: dict[str, Any] = {}
    for f in data_fields(cls):
        prop = _type(hints[f.name], definitions, range_of(cls.__name__, f.name))
        if f.name in docs:
            prop = {"description": docs[f.name], **prop}
        properties[yaml_key(f.name)] = prop
    names = [f.name for f in dataclasses.fields(cls)]
    result: dict[str, Any] = {"type": "object"}
    if class_doc(cls):
        result["description"] = class_doc(cls)
    if "id" in names:
        properties["remove"] = {
            "description": "true deletes the item of this id that an extended or included file defines.",
            "type": "boolean",
        }
        result["required"] = ["id"]
    result["properties"] = properties
    result["additionalProperties"] = False
    return result


def _type(tp: Any, definitions: dict[str, Any], bounds: Range | None) -> dict[str, Any]:
    inner, optional = unwrap_optional(tp)
    schema = _inner(inner, definitions, bounds)
    return {"anyOf": [schema, {"type": "null"}]} if optional else schema


def _inner(tp: Any, definitions: dict[str, Any], bounds: Range | None) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if tp is bool:
        return {"type": "boolean"}
    if tp in (int, float):
        schema: dict[str, Any] = {"type": "integer" if tp is int else "number"}
        low, high = bounds or (None, None)
        if low is not None:
            schema["minimum"] = low
        if high is not None:
            schema["maximum"] = high
        return schema
    if tp is str:
        return {"type": "string"}
    if tp is datetime:
        return {"type": "string", "pattern": DATE_PATTERN, "description": DATE_EXAMPLE}
    if tp is Condition:
        return {"type": ["string", "boolean"], "description": "A condition, e.g. 'unrest(vyborg) > 0.5'."}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [str(member.value) for member in tp]}
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type(args[0], definitions, bounds)}
        items = [_type(arg, definitions, bounds) for arg in args]
        return {"type": "array", "items": items, "minItems": len(items), "maxItems": len(items)}
    if origin is dict:
        key_tp, value_tp = typing.get_args(tp)
        value_schema = _type(value_tp, definitions, bounds)
        if isinstance(key_tp, type) and issubclass(key_tp, enum.Enum):
            return {
                "type": "object",
                "properties": {str(member.value): value_schema for member in key_tp},
                "additionalProperties": False,
            }
        return {"type": "object", "additionalProperties": value_schema}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if tp.__name__ not in definitions:
            definitions[tp.__name__] = {}  # placeholder first: stops recursion on self-referencing types
            definitions[tp.__name__] = _object(tp, definitions)
        return {"$ref": f"#/definitions/{tp.__name__}"}
    raise TypeError(f"no schema for {tp!r}")  # pragma: no cover - a model type the schema lacks

"""The manifest's JSON Schema (resources/exchange/manifest.schema.json) and the small
validator that applies it: every manifest is checked against the published schema on
import, so the schema is the rule, not a description of it.

The validator covers the keywords the schema uses: type, const, enum, required,
properties, patternProperties, additionalProperties (false), pattern, minimum and
maxLength. An unsupported keyword in the schema is an error, so the two cannot drift.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from cmdesk.paths import RESOURCES_DIR

MANIFEST_SCHEMA = RESOURCES_DIR / "exchange" / "manifest.schema.json"
_ANNOTATIONS = {"$schema", "$id", "title", "description"}
_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


@lru_cache(maxsize=1)
def manifest_schema() -> dict[str, Any]:
    return json.loads(MANIFEST_SCHEMA.read_text(encoding="utf-8"))


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, _TYPES[name])


def schema_errors(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """Every place where `value` breaks `schema`, as "path: problem"."""
    errors: list[str] = []
    unknown = set(schema) - _ANNOTATIONS - {
        "type", "const", "enum", "required", "properties", "patternProperties",
        "additionalProperties", "pattern", "minimum", "maxLength"}
    if unknown:
        raise ValueError(f"unsupported schema keywords {sorted(unknown)} at {where}")
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, name) for name in names):
            return [f"{where}: 应为 {'/'.join(names)}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{where}: 应为 {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: 应为 {'、'.join(map(str, schema['enum']))} 之一")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{where}: 格式不正确")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            errors.append(f"{where}: 太长")
    if (isinstance(value, (int, float)) and not isinstance(value, bool)
            and "minimum" in schema and value < schema["minimum"]):
        errors.append(f"{where}: 应不小于 {schema['minimum']}")
    if isinstance(value, dict):
        for key in schema.get("required", ()):
            if key not in value:
                errors.append(f"{where}: 缺少 {key}")
        properties = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        for key, item in value.items():
            path = f"{where}.{key}"
            if key in properties:
                errors.extend(schema_errors(item, properties[key], path))
                continue
            matched = [sub for pattern, sub in patterns.items() if re.search(pattern, key)]
            for sub in matched:
                errors.extend(schema_errors(item, sub, path))
            if not matched and schema.get("additionalProperties", True) is False:
                errors.append(f"{path}: 不允许的字段")
    return errors

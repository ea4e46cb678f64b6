"""The manifest's JSON Schema (resources/exchange/manifest.schema.json), applied with the
`jsonschema` library: every manifest is checked against the published schema on import,
so the schema is the rule, not a description of it."""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator

from cmdesk.paths import RESOURCES_DIR

MANIFEST_SCHEMA = RESOURCES_DIR / "exchange" / "manifest.schema.json"


@lru_cache(maxsize=1)
def manifest_schema() -> dict[str, Any]:
    schema = json.loads(MANIFEST_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return schema


@lru_cache(maxsize=4)
def _validator(schema_text: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema_text))


def schema_errors(value: Any, schema: dict[str, Any]) -> list[str]:
    """Every place where `value` breaks `schema`, as "path: problem" (path like $.sender)."""
    validator = _validator(json.dumps(schema, sort_keys=True))
    return [f"{error.json_path}: {error.message}"
            for error in sorted(validator.iter_errors(value), key=lambda e: e.json_path)]

"""App manifest validation as strict as Slack's: the published manifest schema, read rule by rule.

The schema (`manifest_schema.json`) is Slack's own, version 1.0.0, from
https://github.com/slackapi/manifest-schema (schemas/manifest.schema.1.0.0.json), copied verbatim for the
sections crisisbot uses (display information, bot user, App Home, slash commands, shortcuts, OAuth scopes,
event subscriptions, interactivity, settings flags). The keywords it uses are interpreted here: `type`,
`required`, `properties`, `additionalProperties`, `items`, `minItems`/`maxItems`, `uniqueItems`,
`minLength`/`maxLength`, `pattern` (and the schema's non-standard `regex`), `enum` and `$ref`.
Problems come back the way `apps.manifest.validate` lists them: a message and a JSON pointer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
}


@dataclass(frozen=True)
class ManifestProblem:
    """One rule a manifest breaks: `message` as Slack words it, `pointer` to the offending value."""

    message: str
    pointer: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"


@cache
def manifest_schema() -> dict[str, Any]:
    """Slack's manifest schema (the sections crisisbot uses)."""
    return json.loads(resources.files(__package__).joinpath("manifest_schema.json").read_text("utf-8"))


def validate_manifest(manifest: Any) -> list[ManifestProblem]:
    """Every rule of Slack's manifest schema that `manifest` breaks; empty when Slack would accept it."""
    schema = manifest_schema()
    problems: list[ManifestProblem] = []
    _check(manifest, schema, "", schema["definitions"], problems)
    return problems


def _check(
    value: Any, rule: dict[str, Any], pointer: str, definitions: dict[str, Any], out: list[ManifestProblem]
) -> None:
    if "$ref" in rule:
        rule = definitions[rule["$ref"].rsplit("/", 1)[-1]]
    expected = rule.get("type")
    if expected is not None:
        kinds = _TYPES[expected]
        is_bool_as_int = expected == "integer" and isinstance(value, bool)
        if not isinstance(value, kinds) or is_bool_as_int:
            out.append(ManifestProblem(f"must be {expected}", pointer))
            return
    if "enum" in rule and value not in rule["enum"]:
        out.append(ManifestProblem("must be equal to one of the allowed values", pointer))
    if isinstance(value, str):
        _check_string(value, rule, pointer, out)
    elif isinstance(value, list):
        _check_array(value, rule, pointer, definitions, out)
    elif isinstance(value, dict):
        _check_object(value, rule, pointer, definitions, out)


def _check_string(value: str, rule: dict[str, Any], pointer: str, out: list[ManifestProblem]) -> None:
    if "minLength" in rule and len(value) < rule["minLength"]:
        out.append(ManifestProblem(f"must NOT have fewer than {rule['minLength']} characters", pointer))
    if "maxLength" in rule and len(value) > rule["maxLength"]:
        out.append(ManifestProblem(f"must NOT have more than {rule['maxLength']} characters", pointer))
    for keyword in ("pattern", "regex"):
        if keyword in rule and not re.search(rule[keyword], value):
            out.append(ManifestProblem(f'must match pattern "{rule[keyword]}"', pointer))


def _check_array(
    value: list[Any],
    rule: dict[str, Any],
    pointer: str,
    definitions: dict[str, Any],
    out: list[ManifestProblem],
) -> None:
    if "minItems" in rule and len(value) < rule["minItems"]:
        out.append(ManifestProblem(f"must NOT have fewer than {rule['minItems']} items", pointer))
    if "maxItems" in rule and len(value) > rule["maxItems"]:
        out.append(ManifestProblem(f"must NOT have more than {rule['maxItems']} items", pointer))
    if rule.get("uniqueItems"):
        seen = [json.dumps(item, sort_keys=True) for item in value]
        if len(set(seen)) != len(seen):
            out.append(ManifestProblem("must NOT have duplicate items", pointer))
    if "items" in rule:
        for index, item in enumerate(value):
            _check(item, rule["items"], f"{pointer}/{index}", definitions, out)


def _check_object(
    value: dict[str, Any],
    rule: dict[str, Any],
    pointer: str,
    definitions: dict[str, Any],
    out: list[ManifestProblem],
) -> None:
    properties: dict[str, Any] = rule.get("properties", {})
    for name in rule.get("required", []):
        if name not in value:
            out.append(ManifestProblem(f"must have required property '{name}'", pointer))
    for name, item in value.items():
        if name in properties:
            _check(item, properties[name], f"{pointer}/{name}", definitions, out)
        elif rule.get("additionalProperties") is False:
            out.append(ManifestProblem(f"must NOT have additional property '{name}'", f"{pointer}/{name}"))

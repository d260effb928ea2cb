"""Block Kit strictness like Slack's: parse with slack_sdk models, validate, then add the rules it lacks.

slack_sdk's own validators (run through `to_dict()`, which calls `validate_json()` on the block and on every
nested element/text object) already cover: section text ≤3000 and ≤10 fields, header text ≤150, block_id
≤255, action_id ≤255, button text ≤75, modal title/submit/close ≤24, view blocks 1..100, private_metadata
≤3000, callback_id ≤255, option counts, and more.  Only rules it does not check are written here.
"""

from __future__ import annotations

import secrets
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.blocks.block_elements import BlockElement
from slack_sdk.models.views import View

from bot.demo.standin.state import ApiError

MESSAGE_BLOCKS_MAX = 50
PLAIN_TEXT_ONLY_BLOCKS = {"header"}
PLAIN_TEXT_ONLY_ELEMENT_KEYS = {"text"}  # button/option text must be plain_text in those elements
BUTTON_LIKE = {"button", "workflow_button"}
NESTED_ELEMENT_KEYS = ("accessory", "element")
NESTED_ELEMENT_LIST_KEYS = ("elements",)


def validate_message_blocks(blocks: Any) -> list[dict[str, Any]]:
    """Validate message blocks; return them with generated block_ids, or raise ApiError('invalid_blocks')."""
    if not isinstance(blocks, list):
        raise ApiError("invalid_blocks_format", ["[ERROR] must provide an array [json-pointer:/blocks]"])
    problems = _block_problems(blocks, "/blocks")
    if len(blocks) > MESSAGE_BLOCKS_MAX:
        problems.insert(0, f"[ERROR] no more than {MESSAGE_BLOCKS_MAX} items allowed [json-pointer:/blocks]")
    if problems:
        raise ApiError("invalid_blocks", problems)
    return _with_generated_ids(blocks)


def validate_view(view: Any) -> dict[str, Any]:
    """Validate a view payload; return it with generated block_ids, or raise ApiError('invalid_arguments')."""
    if not isinstance(view, dict):
        raise ApiError("invalid_arguments", ["[ERROR] must provide an object [json-pointer:/view]"])
    problems = _view_problems(view)
    if problems:
        raise ApiError("invalid_arguments", problems)
    result = dict(view)
    result["blocks"] = _with_generated_ids(view.get("blocks") or [])
    return result


def _view_problems(view: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    kind = view.get("type")
    if kind not in ("modal", "home"):
        return [f"[ERROR] unsupported view type {kind!r} [json-pointer:/view/type]"]
    if kind == "modal" and not view.get("title"):
        problems.append("[ERROR] missing required field: title [json-pointer:/view]")
    if not isinstance(view.get("blocks"), list):
        return [*problems, "[ERROR] missing required field: blocks [json-pointer:/view]"]
    for key in ("title", "submit", "close"):
        if isinstance(view.get(key), dict) and view[key].get("type") != "plain_text":
            problems.append(f"[ERROR] must be a plain_text object [json-pointer:/view/{key}]")
    has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in view["blocks"])
    if kind == "modal" and has_input and not view.get("submit"):
        problems.append(
            "[ERROR] submit is required when an input block is within the blocks array "
            "[json-pointer:/view/submit]"
        )
    try:
        View(**view).validate_json()
    except (SlackObjectFormationError, TypeError, ValueError, KeyError, AttributeError) as exc:
        problems.append(f"[ERROR] {exc} [json-pointer:/view]")
    problems.extend(_block_problems(view["blocks"], "/view/blocks"))
    return problems


def _block_problems(blocks: list[Any], pointer: str) -> list[str]:
    problems: list[str] = []
    seen_block_ids: set[str] = set()
    for index, raw in enumerate(blocks):
        where = f"{pointer}/{index}"
        if not isinstance(raw, dict):
            problems.append(f"[ERROR] must provide an object [json-pointer:{where}]")
            continue
        problems.extend(_one_block_problems(raw, where))
        block_id = raw.get("block_id")
        if block_id is not None:
            if block_id in seen_block_ids:
                problems.append(f"[ERROR] duplicate block_id {block_id!r} [json-pointer:{where}/block_id]")
            seen_block_ids.add(block_id)
    return problems


def _one_block_problems(raw: dict[str, Any], where: str) -> list[str]:
    try:
        block = Block.parse(dict(raw))
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        return [f"[ERROR] {exc} [json-pointer:{where}]"]
    if block is None:
        return [f"[ERROR] unsupported type: {raw.get('type')!r} [json-pointer:{where}/type]"]
    problems = _unknown_keys(raw, block, where)
    try:
        block.to_dict()
    except (SlackObjectFormationError, TypeError, ValueError, KeyError, AttributeError) as exc:
        problems.append(f"[ERROR] {exc} [json-pointer:{where}]")
    problems.extend(_text_problems(raw, where))
    problems.extend(_element_problems(raw, where))
    return problems


def _unknown_keys(raw: dict[str, Any], parsed: Any, where: str) -> list[str]:
    allowed = set(getattr(parsed, "attributes", set())) | {"type"}
    return [
        f"[ERROR] additional property {key!r} not allowed [json-pointer:{where}]"
        for key in raw
        if key not in allowed
    ]


def _text_problems(raw: dict[str, Any], where: str) -> list[str]:
    problems = []
    text = raw.get("text")
    if isinstance(text, dict):
        if not text.get("text"):
            problems.append(f"[ERROR] must be more than 0 characters [json-pointer:{where}/text/text]")
        if raw.get("type") in PLAIN_TEXT_ONLY_BLOCKS and text.get("type") != "plain_text":
            problems.append(f"[ERROR] must be a plain_text object [json-pointer:{where}/text]")
    return problems


def _element_problems(raw: dict[str, Any], where: str) -> list[str]:
    problems: list[str] = []
    elements: list[tuple[dict[str, Any], str]] = []
    for key in NESTED_ELEMENT_KEYS:
        if isinstance(raw.get(key), dict):
            elements.append((raw[key], f"{where}/{key}"))
    if raw.get("type") == "actions":
        elements.extend(
            (e, f"{where}/elements/{i}")
            for i, e in enumerate(raw.get("elements") or [])
            if isinstance(e, dict)
        )
    seen_action_ids: set[str] = set()
    for element, pointer in elements:
        problems.extend(_one_element_problems(element, pointer))
        action_id = element.get("action_id")
        if action_id is not None:
            if action_id in seen_action_ids:
                problems.append(f"[ERROR] duplicate action_id {action_id!r} [json-pointer:{pointer}]")
            seen_action_ids.add(action_id)
    return problems


def _one_element_problems(element: dict[str, Any], pointer: str) -> list[str]:
    if element.get("type") in ("plain_text", "mrkdwn", "image"):
        return []
    try:
        parsed = BlockElement.parse(dict(element))
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        return [f"[ERROR] {exc} [json-pointer:{pointer}]"]
    if parsed is None:
        return [f"[ERROR] unsupported element type {element.get('type')!r} [json-pointer:{pointer}/type]"]
    problems = _unknown_keys(element, parsed, pointer)
    text = element.get("text")
    if element.get("type") in BUTTON_LIKE and isinstance(text, dict) and text.get("type") != "plain_text":
        problems.append(f"[ERROR] must be a plain_text object [json-pointer:{pointer}/text]")
    if element.get("type") in BUTTON_LIKE and isinstance(text, dict) and not text.get("text"):
        problems.append(f"[ERROR] must be more than 0 characters [json-pointer:{pointer}/text/text]")
    return problems


def _with_generated_ids(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copy blocks, filling missing block_id / action_id the way Slack does (random short ids)."""
    result = []
    for raw in blocks:
        block = dict(raw)
        block.setdefault("block_id", secrets.token_urlsafe(4))
        if block.get("type") == "actions":
            block["elements"] = [_with_action_id(e) for e in block.get("elements") or []]
        for key in NESTED_ELEMENT_KEYS:
            if isinstance(block.get(key), dict):
                block[key] = _with_action_id(block[key])
        result.append(block)
    return result


def _with_action_id(element: dict[str, Any]) -> dict[str, Any]:
    if element.get("type") in ("plain_text", "mrkdwn", "image"):
        return element
    copied = dict(element)
    copied.setdefault("action_id", secrets.token_urlsafe(4))
    return copied

"""manifest.json creates the app in one paste: the command, interactivity, events, and exactly the
scopes the gateway's Web API methods need."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCOPE_FOR_METHOD = {
    "conversations.create": "channels:manage",
    "conversations.invite": "channels:manage",
    "conversations.setTopic": "channels:manage",
    "conversations.setPurpose": "channels:manage",
    "conversations.archive": "channels:manage",
    "conversations.join": "channels:join",
    # crisis channels are public: https://docs.slack.dev/reference/methods/conversations.members
    "conversations.members": "channels:read",
    "chat.postMessage": "chat:write",
    "chat.update": "chat:write",
    "chat.postEphemeral": "chat:write",
    "chat.getPermalink": None,
    "pins.add": "pins:write",
    "pins.remove": "pins:write",
    "views.open": None,
    "views.update": None,
    "views.publish": None,
    "users.info": "users:read",
    "files.upload_v2": "files:write",
}


def gateway_methods() -> set[str]:
    """Every Web API method the gateway calls."""
    source = (ROOT / "bot" / "slack" / "gateway.py").read_text()
    methods = set(re.findall(r'_call\(\s*"([a-zA-Z.]+)"', source))
    if "files_upload_v2" in source:
        methods.add("files.upload_v2")
    return methods


def test_manifest_declares_what_the_app_handles() -> None:
    manifest = json.loads((ROOT / "manifest.json").read_text())
    command = manifest["features"]["slash_commands"][0]
    assert command["command"] == "/crisis" and command["should_escape"] is True
    assert command["url"].endswith("/slack/events")
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    handled = set(re.findall(r'app\.event\("([a-z_]+)"\)', (ROOT / "handlers" / "events.py").read_text()))
    assert events == handled


def test_scopes_are_exactly_those_the_code_uses() -> None:
    manifest = json.loads((ROOT / "manifest.json").read_text())
    declared = set(manifest["oauth_config"]["scopes"]["bot"])
    methods = gateway_methods()
    unknown = methods - SCOPE_FOR_METHOD.keys()
    assert not unknown, f"add the scope of {unknown} to this test and the manifest"
    needed = {SCOPE_FOR_METHOD[method] for method in methods} - {None} | {"commands"}
    assert declared == needed


def test_every_message_shortcut_is_declared() -> None:
    from messages import ids

    manifest = json.loads((ROOT / "manifest.json").read_text())
    declared = {shortcut["callback_id"] for shortcut in manifest["features"]["shortcuts"]}
    assert all(shortcut["type"] == "message" for shortcut in manifest["features"]["shortcuts"])
    in_code = {value for name, value in vars(ids).items() if name.startswith("SHORTCUT_")}
    assert declared == in_code
    registered = set(re.findall(r"app\.message_shortcut\(ids\.(SHORTCUT_[A-Z_]+)\)", _handler_sources()))
    assert {getattr(ids, name) for name in registered} == in_code


def _handler_sources() -> str:
    return "\n".join(path.read_text() for path in (ROOT / "handlers").glob("*.py"))

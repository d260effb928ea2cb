"""manifest.json creates the app in one paste: the command, interactivity, events, and exactly the
scopes the gateway's Web API methods need."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: The bot scopes each Web API method needs. Crisis channels are public, or private (a data leak,
#: a ticked box): private channels need the `groups:` scopes too, e.g.
#: https://docs.slack.dev/reference/methods/conversations.create (channels:manage, groups:write) and
#: https://docs.slack.dev/reference/methods/conversations.members (channels:read, groups:read).
SCOPE_FOR_METHOD: dict[str, tuple[str, ...]] = {
    "conversations.create": ("channels:manage", "groups:write"),
    "conversations.invite": ("channels:manage", "groups:write"),
    "conversations.setTopic": ("channels:manage", "groups:write"),
    "conversations.setPurpose": ("channels:manage", "groups:write"),
    "conversations.archive": ("channels:manage", "groups:write"),
    "conversations.join": ("channels:join",),
    "conversations.members": ("channels:read", "groups:read"),
    # a post that got a 5xx is looked for before it is repeated, in channels, private channels and DMs:
    # https://docs.slack.dev/reference/methods/conversations.history
    "conversations.history": ("channels:history", "groups:history", "im:history"),
    "conversations.replies": ("channels:history", "groups:history", "im:history"),
    "conversations.info": ("channels:read", "groups:read"),
    "chat.postMessage": ("chat:write",),
    "chat.update": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "chat.getPermalink": (),
    # the probe asking whether Slack answers again after an outage: no scope required
    # (https://docs.slack.dev/reference/methods/auth.test)
    "auth.test": (),
    "pins.add": ("pins:write",),
    "pins.remove": ("pins:write",),
    "views.open": (),
    "views.update": (),
    "views.publish": (),
    "users.info": ("users:read",),
    "files.upload_v2": ("files:write",),
    # https://docs.slack.dev/reference/methods/conversations.canvases.create and
    # https://docs.slack.dev/reference/methods/canvases.edit: canvases:write, bot token
    "conversations.canvases.create": ("canvases:write",),
    "canvases.edit": ("canvases:write",),
}


def gateway_methods() -> set[str]:
    """Every Web API method the gateway calls."""
    source = (ROOT / "bot" / "slack" / "gateway.py").read_text()
    return set(re.findall(r'_call\(\s*"([a-zA-Z0-9._]+)"', source))


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
    needed = {scope for method in methods for scope in SCOPE_FOR_METHOD[method]} | {"commands"}
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


# ---- Slack's published manifest limits ------------------------------------------------------------
# The rules are Slack's manifest schema 1.0.0 (https://github.com/slackapi/manifest-schema,
# schemas/manifest.schema.1.0.0.json; reference: https://docs.slack.dev/reference/app-manifest),
# which the stand-in's `validate_manifest` reads rule by rule.

LIMIT_KEYWORDS = ("minLength", "maxLength", "minItems", "maxItems")


def _manifest() -> dict:
    return json.loads((ROOT / "manifest.json").read_text())


def _rules_in_use(value: object, rule: dict, pointer: str = "") -> list[tuple[str, dict]]:
    """(pointer, rule) for every value of `value` the schema constrains, following `$ref`s."""
    from bot.demo.standin.manifest import manifest_schema

    definitions = manifest_schema()["definitions"]
    if "$ref" in rule:
        rule = definitions[rule["$ref"].rsplit("/", 1)[-1]]
    found = [(pointer, rule)]
    if isinstance(value, dict):
        for name, item in value.items():
            if name in rule.get("properties", {}):
                found += _rules_in_use(item, rule["properties"][name], f"{pointer}/{name}")
    elif isinstance(value, list) and "items" in rule:
        for index, item in enumerate(value):
            found += _rules_in_use(item, rule["items"], f"{pointer}/{index}")
    return found


def _limits_in_use() -> list[tuple[str, str, int]]:
    from bot.demo.standin.manifest import manifest_schema

    return [
        (pointer, keyword, rule[keyword])
        for pointer, rule in _rules_in_use(_manifest(), manifest_schema())
        for keyword in LIMIT_KEYWORDS
        if keyword in rule
    ]


def _get(document: object, pointer: str) -> object:
    for part in pointer.strip("/").split("/"):
        document = document[int(part)] if isinstance(document, list) else document[part]  # type: ignore[index]
    return document


def _set(document: dict, pointer: str, value: object) -> dict:
    *parents, last = pointer.strip("/").split("/")
    target: object = document
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]  # type: ignore[index]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value  # type: ignore[index]
    return document


def _resized(value: object, size: int) -> object:
    """`value` grown or cut to `size` characters/items, keeping its start (so patterns still match)."""
    if isinstance(value, str):
        return value[:size] + "a" * max(0, size - len(value))
    assert isinstance(value, list)
    grown = list(value[:size])
    while len(grown) < size:
        extra = json.loads(json.dumps(value[-1]))
        if isinstance(extra, str):
            extra = f"{extra[:40]}_{len(grown)}"
        elif isinstance(extra, dict) and "callback_id" in extra:
            extra["callback_id"] = f"extra_{len(grown)}"
        grown.append(extra)
    return grown


def test_manifest_json_passes_slacks_published_schema() -> None:
    from bot.demo.standin.manifest import validate_manifest

    assert validate_manifest(_manifest()) == []


def test_the_limits_the_issue_names_are_among_those_checked() -> None:
    limits = set(_limits_in_use())
    assert ("/features/shortcuts", "maxItems", 10) in limits
    assert ("/features/shortcuts/0/name", "maxLength", 24) in limits
    assert ("/features/shortcuts/0/description", "maxLength", 150) in limits
    assert ("/features/slash_commands/0/command", "maxLength", 32) in limits
    assert ("/display_information/name", "maxLength", 35) in limits
    assert ("/display_information/description", "maxLength", 140) in limits
    assert len(limits) >= 25


@pytest.mark.parametrize(("pointer", "keyword", "limit"), _limits_in_use())
def test_every_limit_of_the_schema_we_use_holds_at_the_boundary_and_fails_past_it(
    pointer: str, keyword: str, limit: int
) -> None:
    from bot.demo.standin.manifest import validate_manifest

    manifest = _manifest()
    current = _get(manifest, pointer)
    at_limit = _set(_manifest(), pointer, _resized(current, limit))
    assert [p for p in validate_manifest(at_limit) if p.pointer == pointer] == []
    beyond = limit + 1 if keyword.startswith("max") else limit - 1
    broken = _set(_manifest(), pointer, _resized(current, beyond))
    unit = "characters" if keyword.endswith("Length") else "items"
    word = "more" if keyword.startswith("max") else "fewer"
    expected = f"must NOT have {word} than {limit} {unit}"
    assert expected in [p.message for p in validate_manifest(broken) if p.pointer == pointer]


def test_shortcut_names_slack_refused_are_rejected() -> None:
    """The names this manifest had when Slack refused it (longer than 24 characters)."""
    from bot.demo.standin.manifest import validate_manifest

    manifest = _manifest()
    manifest["features"]["shortcuts"][0]["name"] = "Propose as crisis statement"
    manifest["features"]["shortcuts"][1]["name"] = "Check against approved message"
    problems = {(p.pointer, p.message) for p in validate_manifest(manifest)}
    assert problems == {
        ("/features/shortcuts/0/name", "must NOT have more than 24 characters"),
        ("/features/shortcuts/1/name", "must NOT have more than 24 characters"),
    }


@pytest.mark.parametrize(
    ("pointer", "value", "message"),
    [
        ("/features/slash_commands/0/command", "crisis", 'must match pattern "^\\/"'),
        ("/features/slash_commands/0/url", "example.com/slack/events", 'must match pattern "^https?:\\/\\/"'),
        ("/settings/interactivity/request_url", "ftp://x", 'must match pattern "^https?:\\/\\/"'),
        (
            "/display_information/background_color",
            "8b1e1e!",
            'must match pattern "^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$"',
        ),
        ("/features/shortcuts/0/type", "channel", "must be equal to one of the allowed values"),
        ("/features/slash_commands/0/should_escape", "true", "must be boolean"),
        (
            "/settings/event_subscriptions/bot_events",
            ["app_home_opened", "app_home_opened"],
            "must NOT have duplicate items",
        ),
    ],
)
def test_patterns_enums_types_and_uniqueness_are_checked(pointer: str, value: object, message: str) -> None:
    from bot.demo.standin.manifest import validate_manifest

    problems = validate_manifest(_set(_manifest(), pointer, value))
    assert (pointer, message) in {(p.pointer, p.message) for p in problems}


def test_required_fields_and_unknown_keys_are_refused() -> None:
    from bot.demo.standin.manifest import validate_manifest

    manifest = _manifest()
    del manifest["settings"]["interactivity"]["is_enabled"]
    manifest["features"]["shortcuts"][0]["label"] = "extra"
    del manifest["display_information"]["name"]
    problems = {(p.pointer, p.message) for p in validate_manifest(manifest)}
    assert problems == {
        ("/settings/interactivity", "must have required property 'is_enabled'"),
        ("/features/shortcuts/0/label", "must NOT have additional property 'label'"),
        ("/display_information", "must have required property 'name'"),
    }


def test_the_readme_http_setup_names_all_three_request_urls() -> None:
    """Slash command, interactivity and event subscriptions each have their own request URL; all three
    must point at the app (https://docs.slack.dev/reference/app-manifest)."""
    readme = (ROOT / "README.md").read_text()
    http_setup = readme[readme.index("### HTTP") : readme.index("## Running it")]
    manifest = _manifest()
    urls = {
        "features.slash_commands[0].url": manifest["features"]["slash_commands"][0]["url"],
        "settings.interactivity.request_url": manifest["settings"]["interactivity"]["request_url"],
        "settings.event_subscriptions.request_url": manifest["settings"]["event_subscriptions"][
            "request_url"
        ],
    }
    for key, url in urls.items():
        assert f"`{key}`" in http_setup
        assert url.endswith("/slack/events")
    assert "app_home_opened" in http_setup and "socket_mode_enabled" in http_setup


def test_distribution_manifest_adds_only_what_oauth_distribution_needs() -> None:
    """`manifest.distribution.json` is `manifest.json` plus the OAuth redirect URL, the two events that
    tell the app it was uninstalled, org-wide installs allowed (Enterprise Grid), and Socket Mode off
    (Slack's Marketplace does not list Socket Mode apps); everything else is the same."""
    from bot.demo.standin.manifest import validate_manifest

    single = json.loads((ROOT / "manifest.json").read_text())
    distributed = json.loads((ROOT / "manifest.distribution.json").read_text())
    assert validate_manifest(distributed) == []
    assert distributed["oauth_config"]["redirect_urls"] == [
        "https://crisisbot.example.com/slack/oauth_redirect"
    ]
    settings = distributed["settings"]
    assert settings["socket_mode_enabled"] is False and settings["org_deploy_enabled"] is True
    events = settings["event_subscriptions"]["bot_events"]
    assert events == [
        *single["settings"]["event_subscriptions"]["bot_events"],
        "app_uninstalled",
        "tokens_revoked",
    ]
    del distributed["oauth_config"]["redirect_urls"]
    for key in ("socket_mode_enabled", "org_deploy_enabled", "event_subscriptions"):
        del distributed["settings"][key], single["settings"][key]
    assert distributed == single


def test_the_default_oauth_scopes_are_the_manifests() -> None:
    from bot.core.config import DEFAULT_BOT_SCOPES

    manifest = json.loads((ROOT / "manifest.json").read_text())
    assert list(DEFAULT_BOT_SCOPES) == manifest["oauth_config"]["scopes"]["bot"]

"""The who-may-do-what table (bot/core/policy.py) and CRISIS_LEADS parsing."""

from __future__ import annotations

import pytest

from bot.core import policy
from bot.core.config import ConfigError, load_settings
from bot.core.policy import Action, Standing


def test_owners_may_do_everything_and_nobody_else_may_change_the_crisis() -> None:
    for action in Action:
        assert policy.may(action, {Standing.RESPONSIBLE})
        assert policy.may(action, {Standing.CRISIS_LEAD})
        assert not policy.may(action, set())


def test_approvers_decide_and_name_spokespeople_but_not_approvers_or_the_crisis_itself() -> None:
    approver = {Standing.APPROVER}
    assert policy.may(Action.DECIDE_DRAFT, approver)
    assert policy.may(Action.NAME_SPOKESPEOPLE, approver)
    for action in (Action.NAME_APPROVERS, Action.ASSIGN, Action.RESOLVE, Action.REOPEN):
        assert not policy.may(action, approver)


def test_channel_membership_is_enough_only_for_the_checklist() -> None:
    member = {Standing.CHANNEL_MEMBER}
    assert [action for action in Action if policy.may(action, member)] == [Action.TICK_CHECKLIST]
    assert [action for action in Action if policy.asks_membership(action)] == [Action.TICK_CHECKLIST]


def test_standings_of() -> None:
    found = policy.standings_of("U1", responsible_user_id="U1", approvers=["U1"], crisis_leads=("U1",))
    assert found == {Standing.RESPONSIBLE, Standing.APPROVER, Standing.CRISIS_LEAD}
    assert policy.standings_of("", responsible_user_id="") == set()


def test_crisis_leads_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRISIS_LEADS", " U0LEAD, W0ENTERPRISE U0LEAD ")
    assert load_settings(env_file=None).crisis_leads == ("U0LEAD", "W0ENTERPRISE")
    for bad in ("@alice", "u0lower", "S0GROUP", "C0CHANNEL"):
        monkeypatch.setenv("CRISIS_LEADS", bad)
        with pytest.raises(ConfigError, match="CRISIS_LEADS"):
            load_settings(env_file=None)

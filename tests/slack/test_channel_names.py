"""Channel names from crisis titles, within Slack's rules (lowercase letters, digits, `-`, `_`, ≤ 80:
https://docs.slack.dev/reference/methods/conversations.create)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot.slack.channel_names import incident_channel_name, slugify

DAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_chinese_titles_become_pinyin_so_two_crises_on_one_day_get_two_names() -> None:
    leak = incident_channel_name("数据泄露", DAY)
    refunds = incident_channel_name("退款延迟", DAY)
    assert leak == "crisis-20260302-shu-ju-xie-lou"
    assert refunds == "crisis-20260302-tui-kuan-yan-chi"
    assert leak != refunds


def test_mixed_and_long_titles_stay_within_slacks_rules() -> None:
    assert slugify("iPhone 15 用户信息泄露!") == "iphone-15-yong-hu-xin-xi-xie-lou"
    assert slugify("Viral thread: refunds") == "viral-thread-refunds"
    assert slugify("Café — ñandú") == "cafe-nandu"
    long = incident_channel_name("危机" * 100, DAY)
    assert len(long) <= 80 and re.fullmatch(r"[a-z0-9_-]+", long) and not long.endswith("-")
    assert incident_channel_name("🔥🔥", DAY) == "crisis-20260302-incident"

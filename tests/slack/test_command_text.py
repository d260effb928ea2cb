"""Reading `/crisis` text back as typed: Slack's escaping undone in one place."""

from __future__ import annotations

from bot.slack.command_text import plain_text, url


def test_the_command_text_parser_reads_escaped_text_back_as_typed() -> None:
    """https://docs.slack.dev/messaging/formatting-message-text (escaping, mentions, links)."""
    escaped = "Q&amp;A &lt;b&gt; <@U0RESP> <@U0OTHER|otto> <!here> <#C1|room> <https://x.test/a?b=1&amp;c=2>"
    names = {"U0RESP": "resp"}
    assert plain_text(escaped, names.get) == "Q&A <b> @resp @otto @here #room https://x.test/a?b=1&c=2"
    assert plain_text("<@U0GONE>", names.get) == "@U0GONE"
    assert plain_text("<!subteam^S1|@press> <http://acme.test|acme.test>") == "@press acme.test"


def test_a_url_reads_back_with_its_ampersands() -> None:
    assert url("<https://x.test/p?a=1&amp;b=2>") == "https://x.test/p?a=1&b=2"
    assert url("<https://x.test/p|x.test/p>") == "https://x.test/p"
    assert url("https://x.test/p?a=1&amp;b=2") == "https://x.test/p?a=1&b=2"

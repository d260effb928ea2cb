"""At-most-once request keys: a second claim fails, and old keys are forgotten."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core import dedupe
from bot.core.models import ProcessedRequest
from tests.support.builders import NOW


def test_a_key_is_claimed_once(engine: Engine) -> None:
    assert dedupe.claim(engine, "click:U1:1.2:step:a:1.3", NOW)
    assert not dedupe.claim(engine, "click:U1:1.2:step:a:1.3", NOW + timedelta(seconds=1))


def test_keys_older_than_the_retention_are_forgotten(engine: Engine) -> None:
    dedupe.claim(engine, "old", NOW - dedupe.RETENTION - timedelta(minutes=1))
    dedupe.claim(engine, "recent", NOW - timedelta(days=1))
    assert dedupe.forget_old(engine, NOW) == 1
    with Session(engine) as session:
        assert [row.key for row in session.exec(select(ProcessedRequest))] == ["recent"]
    assert dedupe.claim(engine, "old", NOW), "a forgotten key can be claimed again"

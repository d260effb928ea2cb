"""The response clock of the seeds: a response ready within 12 hours of the first negative post,
published on every platform within 48 hours."""

from __future__ import annotations

from datetime import datetime, timedelta

RESPONSE_READY = timedelta(hours=12)
PUBLISHED_EVERYWHERE = timedelta(hours=48)


def response_due(first_negative_at: datetime) -> datetime:
    """When the response must be ready (approved)."""
    return first_negative_at + RESPONSE_READY


def publication_due(first_negative_at: datetime) -> datetime:
    """When the response must be published on every platform."""
    return first_negative_at + PUBLISHED_EVERYWHERE

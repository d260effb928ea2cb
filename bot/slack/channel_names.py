"""Slack channel names for incidents: `crisis-YYYYMMDD-<slug>`, within Slack's naming rules."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

MAX_CHANNEL_NAME = 80
_NOT_ALLOWED = re.compile(r"[^a-z0-9_-]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def slugify(title: str, max_length: int = 60) -> str:
    """Lowercase ASCII letters, digits and single hyphens; empty when nothing is left.

    Chinese characters become their pinyin, one hyphen-separated syllable each (`数据泄露` →
    `shu-ju-xie-lou`), so two Chinese titles get two names rather than the same fallback.
    """
    romanised = _pinyin(title) if _HAN.search(title) else title
    folded = unicodedata.normalize("NFKD", romanised).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_ALLOWED.sub("-", folded.replace("_", "-")).strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    return slug[:max_length].rstrip("-")


def _pinyin(title: str) -> str:
    # imported on first use: loading its phrase dictionary takes about a second, which start-up
    # (and every process that never sees a Chinese title) should not pay
    from pypinyin import lazy_pinyin

    return "-".join(lazy_pinyin(title))


def incident_channel_name(title: str, opened_at: datetime, prefix: str = "crisis") -> str:
    """The base channel name for an incident opened at `opened_at` (a suffix is added if taken)."""
    slug = slugify(title) or "incident"
    name = f"{prefix}-{opened_at:%Y%m%d}-{slug}"
    return name[:MAX_CHANNEL_NAME].rstrip("-")


def with_suffix(base_name: str, attempt: int) -> str:
    """`base_name` on the first attempt, then `base_name-2`, `-3`..., always within 80 characters."""
    if attempt <= 1:
        return base_name
    suffix = f"-{attempt}"
    return base_name[: MAX_CHANNEL_NAME - len(suffix)].rstrip("-") + suffix

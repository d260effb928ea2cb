"""Per-workspace secrets for `POST /webhooks/mentions` (social-listening tools).

Scheme: the tool sends `Authorization: Bearer <token>`. A token is minted once with
`crisisbot webhook-token create --team T0001`, printed once and never stored: the database keeps
only its SHA-256, so reading the database does not let anyone post mentions. (An HMAC signature
scheme would need the secret itself on the server, so bearer tokens over HTTPS are the one scheme;
replays are harmless because mentions are idempotent by URL.) Tokens are 256-bit random, so a fast
hash is enough; the stored hash is compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from bot.core.models import WebhookToken

TOKEN_PREFIX = "cbw_"


@dataclass(frozen=True)
class MintedToken:
    """A new token: the secret is shown once, only the row (with its hash) is kept."""

    id: int
    team_id: str
    secret: str


def hash_token(secret: str) -> str:
    """The hex SHA-256 stored for a token."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def mint(session: Session, team_id: str, now: datetime, label: str = "") -> MintedToken:
    """Create a token for workspace `team_id`; the returned secret is not stored anywhere."""
    team_id = team_id.strip()
    if not team_id:
        raise ValueError("a team id is required")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = WebhookToken(team_id=team_id, token_hash=hash_token(secret), label=label[:100], created_at=now)
    session.add(row)
    session.flush()
    assert row.id is not None
    return MintedToken(id=row.id, team_id=team_id, secret=secret)


def revoke(session: Session, token_id: int, now: datetime) -> bool:
    """Revoke a token; False when there is no such live token."""
    row = session.get(WebhookToken, token_id)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now
    session.add(row)
    return True


def list_tokens(session: Session, team_id: str | None = None) -> list[WebhookToken]:
    """Every token (optionally of one workspace), oldest first; secrets are not recoverable."""
    statement = select(WebhookToken).order_by(col(WebhookToken.id))
    if team_id:
        statement = statement.where(WebhookToken.team_id == team_id)
    return list(session.exec(statement))


def bearer_secret(authorization: str | None) -> str | None:
    """The token in an `Authorization: Bearer <token>` header, or None."""
    scheme, _, value = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def authenticate(session: Session, authorization: str | None) -> WebhookToken | None:
    """The live token row the header carries, or None (missing, malformed, unknown or revoked)."""
    secret = bearer_secret(authorization)
    if secret is None or len(secret) > 200:
        return None
    presented = hash_token(secret)
    row = session.exec(select(WebhookToken).where(WebhookToken.token_hash == presented)).first()
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.token_hash, presented):
        return None
    return row

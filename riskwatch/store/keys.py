"""API keys: created once, stored as digests, looked up by digest, revoked by name.

Keys are 256 random bits, so a fast digest is as safe as a slow one here: there is nothing to
guess, and a lookup on every write request must stay cheap.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskwatch.store.models import ApiKey

KEY_PREFIX = "rw_"


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def create_key(session: Session, name: str, now: datetime, *, admin: bool = False) -> str:
    """Store a new key and return it: the only time it exists in clear."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiKey(name=name, prefix=key[:10], digest=digest(key), admin=admin,
                       created_at=now))
    return key


def find_key(session: Session, key: str) -> ApiKey | None:
    row = session.scalar(select(ApiKey).where(ApiKey.digest == digest(key)))
    return row if row is not None and row.revoked_at is None else None


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))


def revoke_key(session: Session, name: str, now: datetime) -> bool:
    row = session.scalar(select(ApiKey).where(ApiKey.name == name))
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now
    return True

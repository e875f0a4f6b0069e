"""Standard Webhooks signatures with the standardwebhooks package, so any of its libraries
can verify them. During a secret rotation both secrets sign, as the spec allows."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from datetime import datetime

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def new_message_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def signed_headers(message_id: str, timestamp: datetime, body: str,
                   signing_secrets: Sequence[str]) -> dict[str, str]:
    signatures = " ".join(Webhook(secret).sign(message_id, timestamp, body)
                          for secret in signing_secrets)
    return {"webhook-id": message_id, "webhook-timestamp": str(int(timestamp.timestamp())),
            "webhook-signature": signatures, "content-type": "application/json"}

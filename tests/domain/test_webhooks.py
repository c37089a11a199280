"""Webhook signing (Standard Webhooks, checked by its own library) and the retry schedule."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from standardwebhooks import Webhook as Verifier
from standardwebhooks.webhooks import WebhookVerificationError

from dateline.domain.webhooks import MAX_BACKOFF, delivery_id, retry_after, sign

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def test_the_signature_is_what_standard_webhooks_verifies():
    body = b'{"type":"change.publish"}'
    now = int(time.time())
    headers = {
        "webhook-id": delivery_id(3, 41),
        "webhook-timestamp": str(now),
        "webhook-signature": sign(SECRET, delivery_id(3, 41), now, body),
    }
    assert Verifier(SECRET).verify(body, headers) == {"type": "change.publish"}
    with pytest.raises(WebhookVerificationError):
        Verifier(SECRET).verify(body + b" ", headers)
    assert delivery_id(3, 41) == "msg_3_41"


def test_retries_wait_twice_as_long_each_time_up_to_an_hour():
    first = timedelta(seconds=5)
    assert [retry_after(n, first).total_seconds() for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert retry_after(40, first) == MAX_BACKOFF
    assert retry_after(10_000, first) == MAX_BACKOFF  # down for a year, still an hour

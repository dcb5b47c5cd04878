"""Webhooks: the payload as JSON, POSTed and signed."""

import json

from notify import payload, signing
from notify.channels import Sent, http

DELIVERY_HEADER = "X-Newsdiffs-Delivery"


def send(delivery):
    subscription = delivery.subscription
    key = str(delivery.idempotency_key)
    body = json.dumps(payload.build(delivery.version_id, key), ensure_ascii=False).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        # The same key on every attempt: a receiver drops a delivery it has
        # already taken (a worker that died between the 2xx and its commit).
        "Idempotency-Key": key,
        DELIVERY_HEADER: key,
    }
    if subscription.secret:
        headers[signing.SIGNATURE_HEADER] = signing.signature(subscription.secret, body)
    answer = http.request("POST", subscription.destination, data=body, headers=headers)
    http.require_success(answer, subscription.destination)
    return Sent(status=answer.status, response=answer.text)

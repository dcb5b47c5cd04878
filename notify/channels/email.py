"""Plain email through Django's default mailer (settings.MAILERS, from EMAIL_HOST, ...)."""

import smtplib

from django.core.mail import EmailMessage

from notify import payload, template
from notify.channels import DeliveryError, Sent


def send(delivery):
    subscription = delivery.subscription
    key = str(delivery.idempotency_key)
    data = payload.build(delivery.version_id, key)
    subject, body = template.render(
        subscription.message_template or template.DEFAULT_TEMPLATE, data
    )
    message = EmailMessage(
        subject=" ".join(subject.split()),  # a headline's line breaks would be a header's
        body=body,
        to=[subscription.destination],
        # One Message-ID for every attempt: mail clients fold a duplicate.
        headers={"Message-ID": f"<{key}@newsdiffs>", "X-Newsdiffs-Delivery": key},
    )
    try:
        sent = message.send()  # the default mailer: settings.MAILERS
    except (TimeoutError, smtplib.SMTPException, OSError) as error:
        raise DeliveryError(f"the mail server refused or failed: {error}") from None
    if not sent:
        raise DeliveryError("the mail backend sent nothing")
    return Sent(response=f"sent to {subscription.destination}")

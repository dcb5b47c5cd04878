"""Notifications through Apprise (a local Mastodon API) and plain email (a local SMTP server)."""

import socket

import pytest
from aiosmtpd.controller import Controller

from notify.models import Delivery, Subscription
from tests.notify_helpers import SLUG, archive_change
from tests.receivers import Receiver, Reply, json_reply


def mastodon_api(request):
    if request.method == "POST" and request.path == "/api/v1/statuses":
        return json_reply({"id": "1", "url": "http://127.0.0.1/@news/1"})
    return Reply(404, b"not found")


@pytest.fixture
def mastodon():
    server = Receiver(mastodon_api).start()
    yield server
    server.stop()


def smtp_mailer(port):
    options = {"host": "127.0.0.1", "port": port, "timeout": 3}
    return {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    with socket.socket() as probe:  # a free port: aiosmtpd cannot report one it chose
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    # The test environment swaps in a memory mailer: the real SMTP one, to this server.
    settings.MAILERS = smtp_mailer(port)
    yield inbox
    controller.stop()


def test_a_change_is_tooted_through_apprise(
    mastodon, track, newsroom, django_capture_on_commit_callbacks, settings
):
    settings.NEWSDIFFS_PUBLIC_URL = "https://archive.example"
    Subscription.objects.create(
        kind="apprise", destination=f"mastodon://tok3n@127.0.0.1:{mastodon.port}"
    )
    article = track(SLUG)
    archive_change(
        article, newsroom, django_capture_on_commit_callbacks, title="Harbour bridge stays open"
    )
    [toot] = mastodon.requests
    assert toot.headers["Authorization"] == "Bearer tok3n"
    status = toot.json()["status"]
    assert "Harbour bridge stays open" in status
    assert "the headline changed" in status
    assert f"https://archive.example/articles/{article.pk}/diff/1/2/" in status
    delivery = Delivery.objects.get()
    assert delivery.state == "delivered"


def test_a_message_template_chooses_the_words(
    mastodon, track, newsroom, django_capture_on_commit_callbacks
):
    Subscription.objects.create(
        kind="apprise",
        destination=f"mastodon://tok3n@127.0.0.1:{mastodon.port}",
        message_template="{source} changed {headline} ({chars_added} added): {comparison_url}",
    )
    version = archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    status = mastodon.requests[0].json()["status"]
    assert status == (
        "The Local Courier changed Harbour bridge to close for six weeks of repairs "
        f"({version.chars_added} added): http://127.0.0.1:8000/articles/{version.article_id}/diff/1/2/"
    )


def test_a_mastodon_server_that_refuses_is_a_failure_with_its_reason(
    mastodon, track, newsroom, django_capture_on_commit_callbacks
):
    mastodon.answer = lambda request: json_reply({"error": "The access token is invalid"}, 401)
    Subscription.objects.create(
        kind="apprise", destination=f"mastodon://bad@127.0.0.1:{mastodon.port}"
    )
    archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    assert "did not take the message" in delivery.last_error
    assert "401" in delivery.last_error


def test_an_apprise_destination_on_a_private_address_is_refused(
    mastodon, track, newsroom, django_capture_on_commit_callbacks, settings
):
    from notify.channels.apprise_channel import apprise_refusal

    url = f"mastodon://tok3n@127.0.0.1:{mastodon.port}"
    settings.NEWSDIFFS_ALLOW_PRIVATE_URLS = False
    assert "loopback" in apprise_refusal(url)
    assert apprise_refusal("not-a-service://x").startswith("Apprise does not understand")


def test_an_email_goes_through_djangos_mailer(
    smtp, track, newsroom, django_capture_on_commit_callbacks
):
    Subscription.objects.create(kind="email", destination="desk@example.org")
    archive_change(
        track(SLUG), newsroom, django_capture_on_commit_callbacks, title="Harbour bridge stays open"
    )
    [envelope] = smtp.messages
    assert envelope.rcpt_tos == ["desk@example.org"]
    text = envelope.content.decode()
    assert "Subject: Changed: Harbour bridge stays open" in text
    delivery = Delivery.objects.get()
    assert f"Message-ID: <{delivery.idempotency_key}@newsdiffs>" in text
    assert delivery.state == "delivered"


def test_an_unreachable_mail_server_is_a_recorded_failure(
    smtp, track, newsroom, django_capture_on_commit_callbacks, settings
):
    closed = Receiver()
    closed.httpd.server_close()
    settings.MAILERS = smtp_mailer(closed.port)
    Subscription.objects.create(kind="email", destination="desk@example.org")
    archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.state == "pending"
    assert "mail server" in delivery.last_error

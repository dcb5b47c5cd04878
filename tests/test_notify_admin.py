"""Subscriptions from the command line and the admin, and the delivery log an admin reads."""

import pytest
from django.core.management import CommandError, call_command

from notify.models import Delivery, Subscription
from tests.notify_helpers import SLUG, archive_change
from tests.receivers import Receiver, Reply


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_add_webhook_saves_the_filters_and_prints_a_generated_secret(courier):
    output = run(
        "add_webhook",
        "https://hooks.example/newsdiffs",
        "--source",
        "courier",
        "--min-change",
        "40",
        "--headline-only",
    )
    subscription = Subscription.objects.get()
    assert subscription.kind == "webhook"
    assert list(subscription.sources.all()) == [courier]
    assert (subscription.min_change_chars, subscription.headline_only) == (40, True)
    assert f"Signing secret: {subscription.secret}" in output
    assert len(subscription.secret) >= 32


def test_add_webhook_keeps_a_given_secret(db):
    output = run("add_webhook", "https://hooks.example/x", "--secret", "shh")
    assert Subscription.objects.get().secret == "shh"
    assert "shh" not in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://hooks.example/x"], "http or https"),
        (["https://hooks.example/x", "--source", "nowhere"], "No source with the slug nowhere"),
        (["https://hooks.example/x", "--min-change", "-1"], "cannot be negative"),
        (["http://127.0.0.1:6379/"], "loopback address"),
        (["http://169.254.169.254/latest/"], "link-local address"),
    ],
)
def test_add_webhook_refuses_bad_input_with_a_clear_error(db, args, message, settings):
    settings.NEWSDIFFS_ALLOW_PRIVATE_URLS = False
    with pytest.raises(CommandError, match=message):
        run("add_webhook", *args)
    assert not Subscription.objects.exists()


def test_add_notification_takes_apprise_urls_and_plain_email(db):
    run("add_notification", "mastodons://token@mastodon.example", "--include-boring")
    run("add_notification", "mailto:desk@example.org")
    apprise, email = Subscription.objects.order_by("pk")
    assert (apprise.kind, apprise.include_boring) == ("apprise", True)
    assert (email.kind, email.destination) == ("email", "desk@example.org")


def test_add_notification_refuses_what_apprise_cannot_read_and_bad_templates(db):
    with pytest.raises(CommandError, match="Apprise does not understand"):
        run("add_notification", "nosuchservice://x")
    with pytest.raises(CommandError, match="unknown field"):
        run("add_notification", "ntfys://topic", "--template", "{headline.__class__}")
    assert not Subscription.objects.exists()


@pytest.fixture
def _fast_admin(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.usefixtures("_fast_admin")
def test_the_admin_adds_a_subscription(admin_client, courier):
    response = admin_client.post(
        "/admin/notify/subscription/add/",
        {
            "name": "Desk",
            "kind": "webhook",
            "destination": "https://hooks.example/desk",
            "secret": "k",
            "is_active": "on",
            "sources": [courier.pk],
            "min_change_chars": "10",
            "message_template": "",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Subscription.objects.get().name == "Desk"


@pytest.mark.usefixtures("_fast_admin")
def test_the_delivery_log_shows_status_and_response_escaped(
    admin_client, track, newsroom, django_capture_on_commit_callbacks
):
    receiver = Receiver(lambda request: Reply(500, b"<script>alert(1)</script> broken")).start()
    try:
        subscription = Subscription.objects.create(
            kind="webhook", destination=receiver.url("/hook"), name="Desk"
        )
        archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    finally:
        receiver.stop()
    delivery = Delivery.objects.get()
    page = admin_client.get(f"/admin/notify/delivery/{delivery.pk}/change/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; broken" in page
    assert "<script>alert(1)" not in page
    assert "answered 500" in page
    listing = admin_client.get("/admin/notify/delivery/?state__exact=pending").content.decode()
    assert "Pending" in listing
    subscription_page = admin_client.get(f"/admin/notify/subscription/{subscription.pk}/change/")
    assert "answered 500" in subscription_page.content.decode()


@pytest.mark.usefixtures("_fast_admin")
def test_retry_now_gives_a_failed_delivery_fresh_attempts(
    admin_client, track, newsroom, django_capture_on_commit_callbacks
):
    receiver = Receiver(lambda request: Reply(500)).start()
    try:
        Subscription.objects.create(kind="webhook", destination=receiver.url("/hook"))
        archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    finally:
        receiver.stop()
    Delivery.objects.update(state="failed")
    delivery = Delivery.objects.get()
    admin_client.post(
        "/admin/notify/delivery/", {"action": "retry_now", "_selected_action": [delivery.pk]}
    )
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("pending", 0)


@pytest.mark.usefixtures("_fast_admin")
def test_the_subscription_list_masks_apprise_credentials(admin_client):
    Subscription.objects.create(
        kind="apprise", destination="mastodons://s3cr3ttoken@mastodon.example"
    )
    page = admin_client.get("/admin/notify/subscription/").content.decode()
    assert "mastodon.example" in page
    assert "s3cr3ttoken" not in page

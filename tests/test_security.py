"""HTTPS deployment settings, the Content-Security-Policy, and admin login throttling."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.reader_data import harbour_story, make_source

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a-long-password"


def check_deploy(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDIFFS_")}
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment would not.
    unset = (
        "DATABASE_URL",
        "REDIS_URL",
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    )
    for name in unset:
        clean.pop(name, None)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, "NEWSDIFFS_VAR_DIR": str(tmp_path), **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_one_setting_makes_check_deploy_clean(tmp_path):
    result = check_deploy(tmp_path, NEWSDIFFS_HTTPS="true")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_it_check_deploy_warns_of_plain_http(tmp_path):
    result = check_deploy(tmp_path)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_a_malformed_proxy_header_stops_start_up(tmp_path):
    result = check_deploy(tmp_path, NEWSDIFFS_HTTPS="true", NEWSDIFFS_PROXY_SSL_HEADER="https")
    assert result.returncode != 0
    assert "NEWSDIFFS_PROXY_SSL_HEADER must look like" in result.stderr


def test_https_redirects_plain_requests_and_trusts_the_proxy_header(settings, client, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/about/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/about/"
    assert client.get("/about/", headers={"X-Forwarded-Proto": "https"}).status_code == 200


# --- Content-Security-Policy ---------------------------------------------------


@pytest.fixture
def admin_client(db):
    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    client = Client()
    assert client.login(username="editor", password=PASSWORD)
    return client


def policy_of(response):
    policy = response["Content-Security-Policy"]
    return {directive.split()[0]: directive.split()[1:] for directive in policy.split("; ")}


def test_every_kind_of_page_carries_the_policy(client, admin_client):
    article = harbour_story(make_source())
    public = [
        "/",
        f"/articles/{article.pk}/",
        f"/articles/{article.pk}/diff/1/2/",
        "/search/?q=harbour",
        "/feeds/changes.atom",
        f"/api/articles/{article.pk}/",
        "/no/such/page/",
        "/admin/login/",
    ]
    responses = [client.get(url) for url in public]
    responses += [admin_client.get(url) for url in ("/admin/", "/admin/articles/article/")]
    assert [r.status_code for r in responses] == [200] * 6 + [404, 200, 200, 200]
    for response in responses:
        policy = policy_of(response)
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]


def test_pages_hold_no_inline_script_or_handler(client, admin_client):
    article = harbour_story(make_source())
    pages = [client.get(url) for url in ("/", f"/articles/{article.pk}/", "/admin/login/")]
    pages.append(client.get(f"/articles/{article.pk}/diff/1/2/"))
    pages.append(admin_client.get(f"/admin/articles/article/{article.pk}/change/"))
    for response in pages:
        html = response.content.decode()
        assert "<script>" not in html
        assert "<style" not in html
        assert " onclick=" not in html
        assert " onchange=" not in html


# --- Login throttling ------------------------------------------------------------


def log_in(client, password):
    return client.post("/admin/login/?next=/admin/", {"username": "editor", "password": password})


def test_wrong_passwords_lock_the_login_out_until_the_cool_off(settings, db):
    settings.AXES_FAILURE_LIMIT = 3
    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    client = Client()
    for guess in ("guess-1", "guess-2"):
        assert log_in(client, guess).status_code == 200  # the form again, with its error
    assert log_in(client, "guess-3").status_code == 429
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert "too many" in response.content.decode().lower()
    assert client.get("/admin/").status_code == 302  # not logged in

    # The cool-off passes.
    earlier = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=earlier)
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_lockout_holds_only_for_that_username_and_address(settings, db):
    settings.AXES_FAILURE_LIMIT = 2
    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for guess in ("guess-1", "guess-2"):
        log_in(guesser, guess)
    assert log_in(guesser, PASSWORD).status_code == 429
    # The real editor, elsewhere, still logs in.
    assert log_in(Client(REMOTE_ADDR="198.51.100.7"), PASSWORD).status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_lockout(settings, db):
    settings.AXES_FAILURE_LIMIT = 2
    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    client = Client()
    for n, guess in enumerate(("guess-1", "guess-2", PASSWORD)):
        response = client.post(
            "/admin/login/?next=/admin/",
            {"username": "editor", "password": guess},
            headers={"X-Forwarded-For": f"192.0.2.{n}"},
        )
    assert response.status_code == 429


def test_a_login_from_server_code_is_neither_refused_nor_counted(settings, db):
    settings.AXES_FAILURE_LIMIT = 1
    get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    client = Client()
    assert not client.login(username="editor", password="wrong")
    assert client.login(username="editor", password=PASSWORD)
    assert AccessAttempt.objects.count() == 0


def test_only_the_queue_pages_allow_inline_scripts(admin_client):
    # django_rq's dashboard lists its queues' configuration without asking Redis.
    response = admin_client.get("/admin/rq/")
    assert response.status_code == 200
    assert policy_of(response)["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy_of(admin_client.get("/admin/"))["script-src"] == ["'self'"]

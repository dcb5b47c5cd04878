"""The back office fits its screens and asks for nothing that is not there."""

import os
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, Check

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_URL = "http://127.0.0.1:1/" + "a-long-unbroken-path-" * 12


def logged_in(browser, live_server, width):
    get_user_model().objects.create_superuser("editor", "editor@example.com", "a-long-password")
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def test_admin_pages_ask_for_no_missing_file_not_even_a_favicon(browser, live_server, courier):
    page = logged_in(browser, live_server, 1280)
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    for path in ("/admin/", "/admin/articles/source/", "/admin/articles/check/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
    icon = page.evaluate("fetch('/favicon.ico').then(r => [r.status, r.url])")
    page.close()
    assert missing == []
    assert icon == [200, f"{live_server.url}/static/img/favicon.svg"]


def test_the_check_log_shows_outcome_status_duration_and_message_at_1280_px(
    browser, live_server, courier
):
    article = Article.objects.create(source=courier, url=LONG_URL)
    Check.objects.create(
        source=courier,
        article=article,
        url=LONG_URL,
        outcome="error",
        http_status=503,
        duration_ms=1234,
        message=f"{LONG_URL} answered 503 Service Unavailable (tried 3 times) " + "x" * 200,
        checked_at=timezone.now() - timedelta(minutes=5),
    )
    page = logged_in(browser, live_server, 1280)
    page.goto(f"{live_server.url}/admin/articles/check/")
    for column in ("outcome_badge", "http_status", "duration_ms", "short_message"):
        box = page.locator(f"#result_list td.field-{column}").first.bounding_box()
        assert box["x"] + box["width"] <= 1280, column
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.close()


def test_the_preview_fits_a_375_px_phone(browser, live_server, courier):
    page = logged_in(browser, live_server, 375)
    page.goto(f"{live_server.url}/admin/articles/source/{courier.pk}/preview/")
    page.wait_for_selector(".preview-summary")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.close()

"""The back office in a real browser: add a source, preview it, save it, watch it work."""

import os

import pytest
from django.contrib.auth import get_user_model

from articles import jobs
from articles.models import Article, Source, Version

# Playwright's sync API runs an event loop in this thread; Django refuses ORM
# calls from a thread with a running loop unless told it is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytest.importorskip("playwright.sync_api")

PATTERN = r"/(news|weather)/[a-z0-9-]+$"


@pytest.fixture
def admin_page(browser, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.REDIS_URL = ""  # jobs run in-process, so actions finish before the page returns
    get_user_model().objects.create_superuser("editor", "editor@example.com", "a-long-password")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    yield page
    page.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_admin_adds_previews_and_saves_a_source_then_sees_it_work(
    admin_page, live_server, newsroom
):
    page = admin_page
    page.goto(f"{live_server.url}/admin/articles/source/add/")
    page.fill("#id_name", "The Local Courier")
    page.fill("#id_homepage", newsroom.url("/"))
    page.fill("#id_article_url_pattern", PATTERN)
    page.fill("input[name='discovery_urls-0-url']", newsroom.url("/"))
    page.select_option("select[name='discovery_urls-0-kind']", "front_page")
    assert page.input_value("#id_slug") == "the-local-courier"  # filled in from the name

    with page.expect_popup() as opened:
        page.click("input[name='_preview']")
    preview = opened.value
    preview.wait_for_load_state()
    assert "Nothing is stored by a preview" in preview.text_content("body")
    assert preview.locator("tr.link-new").count() == 4
    assert preview.locator("tr.link-rejected", has_text="elsewhere.example").count() == 1
    title = preview.text_content(".extracted-title")
    assert title == "Harbour bridge to close for six weeks of repairs"
    preview.screenshot(path="/tmp/admin-preview.png", full_page=True)
    assert not Source.objects.exists()

    preview.fill("#preview-url", newsroom.article_url("river-flood-warning"))
    preview.click("input[value='Extract']")
    preview.wait_for_load_state()
    assert preview.text_content(".extracted-title") == (
        "Flood warning issued for the lower river valley"
    )
    preview.close()

    page.click("input[name='_save']")
    page.wait_for_url(f"{live_server.url}/admin/articles/source/")
    source = Source.objects.get(slug="the-local-courier")
    assert source.discovery_urls.get().kind == "front_page"

    page.check(f"input[name='_selected_action'][value='{source.pk}']")
    page.select_option("select[name='action']", "rediscover_now")
    page.click("button[name='index']")
    page.wait_for_load_state()
    assert Article.objects.filter(source=source).count() == 4

    page.check(f"input[name='_selected_action'][value='{source.pk}']")
    page.select_option("select[name='action']", "check_now")
    page.click("button[name='index']")
    page.wait_for_load_state()
    assert "4 articles of 1 source are due now" in page.text_content(".messagelist")
    jobs.tick()  # the scheduler's next tick; jobs run in-process here
    assert Version.objects.filter(article__source=source).count() == 4
    page.reload()
    row = page.locator("#result_list tbody tr", has_text="The Local Courier")
    assert row.locator(".health-badge").text_content() == "OK"
    assert row.locator("td.field-articles_tracked").text_content() == "4"
    page.screenshot(path="/tmp/admin-sources.png", full_page=True)

    page.goto(f"{live_server.url}/admin/articles/source/{source.pk}/change/")
    # Only first versions so far: no changes to chart yet.
    assert page.text_content(".chart-empty").startswith("No changes from ")
    assert page.locator("#discovery_urls-group").is_visible()
    page.screenshot(path="/tmp/admin-source-page.png", full_page=True)

"""The reader's site in a real Chromium: browse, history, compare, layouts, hostile text."""

import hashlib
import os
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.reader_data import NOW, add_version, harbour_story, make_article, make_source

# Playwright's sync API runs an event loop; Django's ORM must be allowed beside it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


@pytest.fixture
def harbour(db):
    return harbour_story(make_source())


def test_reader_browses_opens_history_compares_and_toggles_layout(page, live_server, harbour):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Harbour bridge to close for six weeks").click()
    expect(page.locator("h1")).to_have_text("Harbour bridge to close for six weeks")
    expect(page.locator(".intro")).to_contain_text("The article has changed 2 times.")

    page.get_by_label("Compare from version 1").check()
    page.get_by_label("Compare to version 4").check()
    page.get_by_role("button", name="Compare selected versions").first.click()
    page.wait_for_url(f"**/articles/{harbour.pk}/diff/1/4/")
    table = page.locator("table.diff")
    expect(table).to_have_class("diff layout-side")
    expect(page.locator("th.side").first).to_have_text("Version 1")
    expect(page.locator("td.side.new del")).to_have_count(0)
    expect(page.locator("td.side.old del").first).to_be_visible()

    page.get_by_role("link", name="Inline").click()
    expect(table).to_have_class("diff layout-inline")
    expect(page.locator("td.inline").first).to_be_visible()
    expect(page.locator("td.side").first).to_be_hidden()
    assert page.url.endswith("/diff/1/4/")  # switched in place, no reload

    page.goto(live_server.url + f"/articles/{harbour.pk}/diff/1/2/")
    expect(page.locator("table.diff")).to_have_class("diff layout-inline")  # remembered
    page.get_by_role("link", name="Side by side").click()
    expect(page.locator("table.diff")).to_have_class("diff layout-side")


def test_reader_follows_next_and_previous_change(page, live_server, harbour):
    page.goto(live_server.url + f"/articles/{harbour.pk}/diff/1/2/")
    page.locator("a[rel=next]").click()
    page.wait_for_url(f"**/articles/{harbour.pk}/diff/3/4/")
    expect(page.locator(".byline-row")).to_contain_text("and B. Writer")
    page.locator("a[rel=prev]").click()
    page.wait_for_url(f"**/articles/{harbour.pk}/diff/1/2/")
    page.get_by_role("link", name="¶3", exact=True).first.click()
    assert page.url.endswith("#p3")
    expect(page.locator("tr#p3")).to_contain_text("six")


def test_history_radios_and_boring_toggle(page, live_server, harbour):
    page.goto(live_server.url + f"/articles/{harbour.pk}/")
    boring_row = page.locator("tr#v3")
    expect(boring_row).to_be_hidden()
    page.get_by_role("link", name="Show 1 boring version").click()
    expect(boring_row).to_be_visible()
    page.get_by_role("link", name="Hide 1 boring version").click()
    expect(boring_row).to_be_hidden()
    # "From" must be older than "to": the radios that would not be are hidden.
    expect(page.get_by_label("Compare from version 4")).to_be_hidden()
    page.get_by_label("Compare from version 1").check()
    page.get_by_label("Compare to version 2").check()
    expect(page.get_by_label("Compare from version 2")).to_be_hidden()
    expect(page.get_by_label("Compare from version 1")).to_be_visible()


def test_layout_toggle_works_without_javascript(browser, live_server, harbour):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + f"/articles/{harbour.pk}/diff/1/2/")
    page.get_by_role("link", name="Inline").click()
    page.wait_for_url("**?layout=inline")
    expect(page.locator("table.diff")).to_have_class("diff layout-inline")
    page.goto(live_server.url + f"/articles/{harbour.pk}/diff/3/4/")
    expect(page.locator("table.diff")).to_have_class("diff layout-inline")
    context.close()


def test_hostile_title_and_text_show_as_text_and_run_nothing(page, live_server, db):
    article = make_article(make_source(), "/news/hostile")
    title = '<script>window.pwned = "title"</script>Hostile'
    text = [
        "Look <img src=x onerror=\"window.pwned = 'img'\"> here.",
        "<a href=\"javascript:window.pwned = 'link'\">click me</a>",
        "<svg onload=\"window.pwned = 'svg'\"></svg>",
    ]
    add_version(article, "Calm", ["Look here."], NOW)
    add_version(article, title, text, NOW + timedelta(hours=1))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("/", f"/articles/{article.pk}/", f"/articles/{article.pk}/diff/1/2/"):
        page.goto(live_server.url + path)
        expect(page.locator("body")).to_contain_text("<script>window.pwned")
        assert page.evaluate("typeof window.pwned") == "undefined", path
        assert page.locator("img[src=x], svg[onload], script:not([src])").count() == 0
        assert page.locator('a[href^="javascript:"]').count() == 0
    expect(page.locator("table.diff")).to_contain_text('<a href="javascript:window.pwned')
    links = page.get_by_role("link", name="click me")
    expect(links).to_have_count(0)
    assert dialogs == []


def long_rewrite(source):
    """A story whose changes run to thousands of characters, and a removed paragraph."""
    article = make_article(source, "/news/long-rewrite")
    words = ["council", "harbour", "ferry", "bridge", "repairs", "closure", "drivers", "tickets"]
    long_text = [" ".join(words[(i + n) % 8] for n in range(300)) + "." for i in range(8)]
    add_version(article, "Long rewrite", long_text, NOW)
    rewritten = [p.upper() + " Added after review." for p in long_text[1:]]
    add_version(article, "Long rewrite", rewritten, NOW + timedelta(hours=1))
    return article


@pytest.mark.parametrize("width", [375, 320])
def test_pages_fit_a_phone_screen(browser, live_server, harbour, width):
    article = long_rewrite(harbour.source)
    assert article.latest_version().chars_added >= 1000  # a four-digit change size
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    paths = ["/", f"/articles/{harbour.pk}/", f"/articles/{article.pk}/"]
    paths += [f"/articles/{harbour.pk}/diff/1/2/", f"/articles/{article.pk}/diff/1/2/"]
    for path in paths:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
    # The "removed" label stays inside its narrow column, clear of the shaded text.
    label = page.locator("tr.delete th.num .row-label").first
    assert label.evaluate("e => e.scrollWidth <= e.clientWidth")  # its text does not overflow
    context.close()


def test_hostile_page_cursor_runs_nothing(page, live_server, harbour):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("/", f"/sources/{harbour.source.slug}/"):
        response = page.goto(live_server.url + path + "?before=<img src=x onerror=alert(1)>")
        assert response.status == 400
        expect(page.locator("h1")).to_have_text("That page of the list does not exist")
        assert page.locator("img[src=x]").count() == 0
    assert dialogs == []


def test_choosing_a_kind_of_change_filters_the_front_page(page, live_server, harbour):
    page.goto(live_server.url + "/")
    page.select_option("#label-filter", "numbers-changed")
    page.wait_for_url("**/?*label=numbers-changed*")
    page.fill("#min-change-filter", "5")
    page.press("#min-change-filter", "Enter")
    page.wait_for_url("**min_change=5*")
    assert page.locator("#label-filter").input_value() == "numbers-changed"


def test_inline_a_replaced_word_and_its_replacement_read_apart(page, live_server, harbour):
    page.goto(live_server.url + f"/articles/{harbour.pk}/diff/1/2/?layout=inline")
    cell = page.locator("tr.para td.inline").filter(has=page.locator("del"))
    text = cell.first.inner_text()
    assert "last three six weeks" in text
    assert "threesix" not in text
    assert cell.first.locator("del").inner_text() == "three"
    assert cell.first.locator("ins").inner_text() == "six"


def test_evidence_opens_without_widening_a_phone_screen_and_its_body_downloads(
    browser, live_server, track
):
    from articles.checking.check import check_article
    from articles.fetching import Fetcher

    article = track("harbour-bridge-closure")
    check_article(article.pk, Fetcher())
    version = article.versions.get()
    context = browser.new_context(viewport={"width": 320, "height": 800}, accept_downloads=True)
    page = context.new_page()
    history = f"{live_server.url}/articles/{article.pk}/"
    page.goto(history)
    # A real page's history is already wider than a 320-pixel screen (its Change
    # column, with the lead image); opening the evidence must not widen it more.
    overflow = "document.documentElement.scrollWidth - window.innerWidth"
    # The lead image loads lazily, after the load event: measured once it is in.
    page.wait_for_load_state("networkidle")
    closed = page.evaluate(overflow)
    page.get_by_text("Evidence", exact=True).click()
    expect(page.locator("code.sha256")).to_have_text(version.raw_body_hash)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(overflow) <= max(closed, 0)
    with page.expect_download() as download:
        page.get_by_role("link", name="body", exact=True).click()
    saved = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(saved).hexdigest() == version.raw_body_hash
    assert page.url == history  # downloaded, never shown on the archive's origin
    context.close()


def test_sentence_links_appear_on_focus_and_follow_the_layout_switch(page, live_server, harbour):
    page.goto(live_server.url + f"/articles/{harbour.pk}/diff/1/2/#p1s1")
    target = page.locator("#p1s1")
    expect(target).to_have_count(1)
    expect(target).to_have_attribute("aria-label", "Link to sentence 1 of paragraph 1")
    assert target.evaluate("a => a.closest('td').classList.contains('side')")
    expect(target).to_have_css("opacity", "1")  # the target is shown
    other = page.locator("#p3s1")
    expect(other).to_have_css("opacity", "0")
    other.focus()
    expect(other).to_have_css("opacity", "1")

    page.get_by_role("link", name="Inline").click()
    moved = page.locator("#p1s1")
    expect(moved).to_have_count(1)
    assert moved.evaluate("a => a.closest('td').classList.contains('inline')")
    expect(moved).to_be_visible()


def test_a_version_page_shows_a_paragraph_link_on_hover(page, live_server, harbour):
    page.goto(live_server.url + f"/articles/{harbour.pk}/versions/2/")
    paragraph_link = page.get_by_role("link", name="Link to paragraph 2")
    expect(paragraph_link).to_have_css("opacity", "0")
    page.locator("#p2").hover()
    expect(paragraph_link).to_have_css("opacity", "1")
    page.get_by_role("link", name="Link to sentence 1 of paragraph 2").click()
    page.wait_for_url("**#p2s1")

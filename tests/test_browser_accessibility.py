"""The public pages have no accessibility violations that axe-core finds.

axe-core (tests/assets/axe.min.js, a test asset the app never serves) runs
in Chromium on each page with the WCAG 2.1 A and AA rules and its best
practices.
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.reader_data import harbour_story, make_source

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "assets" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(
    results => results.violations.map(v => ({
        id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" "))})))"""


@pytest.fixture
def harbour(db):
    return harbour_story(make_source())


def violations(browser, url):
    # The pages' Content-Security-Policy rightly refuses the injected axe-core
    # (tests/test_browser_csp.py checks the policy); here it is set aside.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    page.add_script_tag(path=AXE)
    found = page.evaluate(RUN_AXE, RULES)
    context.close()
    return found


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/articles/{pk}/",
        "/articles/{pk}/diff/1/4/?layout=side",
        "/articles/{pk}/diff/1/4/?layout=inline",
        "/search/?q=bridge",
        "/search/?q=bridge&in=any",
        "/sources/",
        "/about/",
    ],
)
def test_a_public_page_has_no_accessibility_violations(browser, live_server, harbour, path):
    found = violations(browser, live_server.url + path.format(pk=harbour.pk))
    assert found == [], json.dumps(found, indent=1)


def test_a_removed_articles_history_has_no_accessibility_violations(browser, live_server, harbour):
    harbour.state = harbour.State.GONE
    harbour.missing_since = harbour.last_changed_at
    harbour.save()
    assert violations(browser, f"{live_server.url}/articles/{harbour.pk}/") == []


@pytest.mark.parametrize("path", ["/sources/gazette/", "/most-edited/"])
def test_the_change_calendar_and_most_edited_list_have_no_violations(browser, live_server, path):
    # Changed in the last few hours, so the calendar has shaded days and the list a row.
    gazette = make_source("gazette", "The Gazette")
    recent = harbour_story(gazette, start=timezone.now() - timedelta(hours=7))
    assert recent.change_count
    assert violations(browser, live_server.url + path) == []

"""In a real Chromium, the Content-Security-Policy blocks nothing the pages use."""

import os

import pytest
from django.contrib.auth import get_user_model

from tests.reader_data import harbour_story, make_source

# Playwright's sync API runs an event loop; Django's ORM must be allowed beside it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Reported by the page itself, whatever the browser writes to its console.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.add_init_script(LISTEN)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def violations(page, url):
    page.goto(url)
    page.wait_for_load_state("load")
    return page.evaluate("window.__violations")


def test_public_and_admin_pages_break_no_rule_of_the_policy(page, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    article = harbour_story(make_source())
    get_user_model().objects.create_superuser("editor", "editor@example.com", "a-long-password")
    base = live_server.url
    found = {}
    for path in ("/", f"/articles/{article.pk}/", f"/articles/{article.pk}/diff/1/2/", "/about/"):
        found[path] = violations(page, base + path)
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    change = f"/admin/articles/article/{article.pk}/change/"
    for path in ("/admin/", "/admin/articles/article/", change, "/admin/articles/source/add/"):
        found[path] = violations(page, base + path)
    assert found == {path: [] for path in found}
    # Scripts still run: the site's script marks the page, the admin's adds its widgets.
    page.goto(base + "/")
    assert page.evaluate("document.documentElement.classList.contains('js')")

"""The preview page: the form's settings, saved or not, tried on the local news site."""

import pytest

from articles.models import Article, Check, Source
from tests.test_admin_sources import source_form

PREVIEW = "/admin/articles/source/preview/"


@pytest.fixture(autouse=True)
def _admin_test_settings(settings):
    # admin_client creates a superuser; the default hasher costs ~0.7 s a test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Jobs the actions enqueue run in-process, so a test sees their effect.
    settings.REDIS_URL = ""


@pytest.mark.django_db
def test_previewing_an_unsaved_source_lists_links_and_extracts_the_first_match(
    admin_client, newsroom
):
    data = source_form(newsroom, [(newsroom.url("/"), "front_page")], _preview="Preview")

    response = admin_client.post(PREVIEW, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["errors"] == []
    assert newsroom.article_url("harbour-bridge-closure") in page
    assert "does not match the pattern" in page
    assert "host not allowed" in page
    extraction = response.context["extraction"]
    assert extraction.url == newsroom.article_url("harbour-bridge-closure")
    assert "Harbour bridge to close for six weeks of repairs" in page
    assert "Mara Lindqvist, transport correspondent" in page
    assert "The harbour bridge will close to traffic" in page
    assert "ms in all" in page
    assert not Source.objects.exists()
    assert not Article.objects.exists()
    assert not Check.objects.exists()


@pytest.mark.django_db
def test_the_admin_chooses_which_article_to_extract(admin_client, newsroom):
    chosen = newsroom.article_url("river-flood-warning")
    data = source_form(newsroom, [(newsroom.url("/feed.xml"), "feed")], preview_url=chosen)

    response = admin_client.post(PREVIEW, data)

    assert (
        response.context["extraction"].content.title
        == "Flood warning issued for the lower river valley"
    )
    # The settings travel with the page, so another article can be picked.
    carried = dict(response.context["carried_fields"])
    assert carried["article_url_pattern"] == data["article_url_pattern"]
    assert "preview_url" not in carried


@pytest.mark.django_db
def test_invalid_settings_are_not_previewed_and_say_what_is_wrong(admin_client, newsroom):
    data = source_form(
        newsroom, [(newsroom.url("/feed.xml"), "feed")], article_url_pattern="/news/([a-z"
    )

    response = admin_client.post(PREVIEW, data)

    assert response.status_code == 200
    [error] = response.context["errors"]
    assert error.startswith("Article url pattern: Not a valid regular expression")
    assert "Fix these settings before they can be previewed" in response.content.decode()
    assert newsroom.hits["/feed.xml"] == 0


@pytest.mark.django_db
def test_a_changed_but_unsaved_pattern_is_what_the_preview_uses(admin_client, courier, newsroom):
    data = source_form(
        newsroom,
        saved_pages=courier.discovery_urls.order_by("pk"),
        article_url_pattern=r"/weather/",
        body_selector="aside",
    )

    response = admin_client.post(f"/admin/articles/source/{courier.pk}/preview/", data)

    assert response.context["errors"] == []
    assert response.context["matched_urls"] == [newsroom.article_url("river-flood-warning")]
    assert "Harbour bridge to close" in response.context["extraction"].content.text  # "Most read"
    courier.refresh_from_db()
    assert courier.article_url_pattern == r"/(news|weather)/[a-z0-9-]+$"
    assert courier.body_selector == ""


@pytest.mark.django_db
def test_a_saved_source_is_previewed_with_its_saved_settings(admin_client, courier, newsroom):
    Article.objects.create(source=courier, url=newsroom.article_url("school-meals-trial"))

    response = admin_client.get(f"/admin/articles/source/{courier.pk}/preview/")

    assert response.status_code == 200
    discovery = response.context["discovery"]
    assert [page.kind for page in discovery.pages] == ["feed", "front_page"]
    # In the feed and on the front page: one link, counted once.
    assert discovery.reasons()["already tracked"] == 1
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_the_preview_summary_counts_agree_and_name_who_tracks_a_link(
    admin_client, courier, newsroom
):
    import re

    other = Source.objects.create(name="The <Other> Desk", slug="other", homepage=courier.homepage)
    tracked = Article.objects.create(source=other, url=newsroom.article_url("school-meals-trial"))

    response = admin_client.get(f"/admin/articles/source/{courier.pk}/preview/")

    discovery = response.context["discovery"]
    page = response.content.decode()
    summary = " ".join(
        re.sub(r"<[^>]+>", "", page.split('class="preview-summary">')[1].split("</p>")[0]).split()
    )
    counts = discovery.reasons()
    assert sum(counts.values()) == discovery.link_count
    assert len(response.context["matched_urls"]) == counts["new"] + counts["already tracked"]
    assert f"{discovery.link_count} distinct links found on 2 pages," in summary
    assert f"{counts['already tracked']} already tracked" in summary
    verdicts = ", ".join(f"{count} {reason}" for reason, count in counts.most_common())
    assert summary == (
        f"{discovery.link_count} distinct links found on 2 pages, "
        f"{len(response.context['matched_urls'])} matching the source: {verdicts}."
    )
    change = f"/admin/articles/source/{other.pk}/change/"
    assert f'already tracked</span> by <a href="{change}">The &lt;Other&gt; Desk</a>' in page
    assert f"/admin/articles/article/{tracked.pk}/change/" in page


@pytest.mark.django_db
def test_scraped_text_is_escaped_on_the_preview(admin_client, newsroom):
    newsroom.edit(
        "harbour-bridge-closure",
        title="<script>alert(1)</script> Bridge",
        paragraphs=["<img src=x onerror=alert(2)> The harbour bridge will close for repairs."],
    )
    data = source_form(newsroom, preview_url=newsroom.article_url("harbour-bridge-closure"))

    page = admin_client.post(PREVIEW, data).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Bridge" in page
    assert "<img src=x" not in page


@pytest.mark.django_db
def test_only_staff_can_preview(client, newsroom, django_user_model):
    django_user_model.objects.create_user("reader", password="pw")
    client.login(username="reader", password="pw")

    response = client.post(PREVIEW, source_form(newsroom))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert newsroom.hits["/"] == 0

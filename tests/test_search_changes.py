"""Search inside what changed: indexed after commit, searched by kind, label and source."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from articles.checking.check import check_article
from articles.fetching import Fetcher
from articles.jobs import tick
from articles.models import ChangedText, ChangedTextPending, Version
from articles.reader import changesearch, changesnippet
from articles.storage import changeindex
from tests.reader_data import NOW, add_version, make_article, make_source

pytestmark = pytest.mark.django_db
SLUG = "harbour-bridge-closure"


def indexed(*versions):
    """Mark versions pending, as the migration and the check do, and index them."""
    for version in versions:
        ChangedTextPending.objects.get_or_create(version=version)
    return changeindex.index_pending(100)


def ferry_story(source, path="/news/ferry", start=NOW):
    article = make_article(source, path)
    add_version(
        article,
        "Ferry",
        ["The ferry leaves at noon.", "Tickets cost five pounds."],
        start,
    )
    second = add_version(
        article,
        "Ferry",
        ["The ferry leaves at dawn.", "Tickets cost five pounds.", "Dogs travel free."],
        start + timedelta(hours=1),
    )
    return article, second


def api(client, **params):
    response = client.get(reverse("api-change-search"), params)
    return response.status_code, json.loads(response.content)


def test_a_check_indexes_its_changes_only_after_its_transaction_commits(
    track, newsroom, django_capture_on_commit_callbacks
):
    article = track(SLUG)
    check_article(article.pk, Fetcher(), now=NOW)
    before = list(newsroom.story(SLUG).paragraphs)
    newsroom.edit(SLUG, paragraphs=[*before, "Update: a ferry will run instead."])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        check_article(article.pk, Fetcher(), now=NOW + timedelta(minutes=15))
    second = Version.objects.get(article=article, number=2)
    # Everything the check wrote is in; the changed text is not, until the commit.
    assert ChangedTextPending.objects.filter(version=second).exists()
    assert not ChangedText.objects.filter(version=second).exists()
    for callback in callbacks:
        callback()
    assert not ChangedTextPending.objects.filter(version=second).exists()
    change = ChangedText.objects.get(version=second)
    assert (change.kind, change.text) == ("added", "Update: a ferry will run instead.")
    assert change.paragraph == len(before) + 1


def test_the_tick_and_the_command_index_what_is_pending(source, django_capture_on_commit_callbacks):
    _article, second = ferry_story(source)
    _other, third = ferry_story(source, "/news/other-ferry")
    ChangedTextPending.objects.create(version=second)
    ChangedTextPending.objects.create(version=third)
    tick(NOW)
    assert changeindex.count_pending() == 0
    assert ChangedText.objects.filter(version=second).count() == 3
    ChangedTextPending.objects.create(version=second)  # indexing twice keeps one set of rows
    call_command("index_changes", batch=1)
    assert changeindex.count_pending() == 0
    assert ChangedText.objects.filter(version=second).count() == 3


def test_changed_pieces_are_what_each_row_removed_and_added(source):
    article, second = ferry_story(source)
    indexed(*article.versions.all())
    rows = sorted(
        ChangedText.objects.filter(version=second).values_list("paragraph", "kind", "text")
    )
    assert rows == [
        (1, "added", "dawn"),
        (1, "removed", "noon"),
        (3, "added", "Dogs travel free."),
    ]
    # Version one changed nothing: no rows.
    assert not ChangedText.objects.filter(version__number=1).exists()


def test_search_in_removed_added_or_any(client, source):
    _article, second = ferry_story(source)
    indexed(second)
    removed = api(client, q="noon", **{"in": "removed"})[1]["results"]
    assert [(h["kind"], h["paragraph"]) for h in removed] == [("removed", 1)]
    assert api(client, q="noon", **{"in": "added"})[1]["results"] == []
    assert api(client, q="dogs", **{"in": "added"})[1]["results"][0]["new_number"] == 2
    assert api(client, q="dogs", **{"in": "removed"})[1]["results"] == []
    kinds = {h["kind"] for h in api(client, q="dawn noon", **{"in": "any"})[1]["results"]}
    assert kinds == set()  # every word in one changed text: none has both
    assert len(api(client, q="dawn", **{"in": "any"})[1]["results"]) == 1
    # Unchanged text is no hit: "Tickets" was in both versions.
    assert api(client, q="tickets", **{"in": "any"})[1]["results"] == []


def test_a_hit_links_to_its_paragraph_of_the_comparison(client, source):
    article, second = ferry_story(source)
    indexed(second)
    hit = api(client, q="dogs", **{"in": "added"})[1]["results"][0]
    assert (hit["old_number"], hit["new_number"]) == (1, 2)
    assert hit["diff_url"].endswith(f"/articles/{article.pk}/diff/1/2/#p3")
    # The anchor is the comparison page's row.
    page = client.get(f"/articles/{article.pk}/diff/1/2/").content.decode()
    assert 'id="p3"' in page
    row = page.split('id="p3"', 1)[1].split("</tr>", 1)[0]
    assert "Dogs travel free." in row


def test_the_snippet_marks_the_match_and_escapes_hostile_text(client, source):
    article = make_article(source, "/news/hostile")
    add_version(article, "Hostile", ["Calm words."], NOW)
    second = add_version(
        article,
        "Hostile",
        ['Calm words. <script>alert("x")</script> Ferry <b>cancelled</b>.'],
        NOW + timedelta(hours=1),
    )
    indexed(second)
    html = client.get("/search/", {"q": "ferry", "in": "added"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<ins class="changed-added">' in html
    assert "<mark>Ferry</mark> &lt;b&gt;cancelled&lt;/b&gt;" in html
    hit = api(client, q="ferry", **{"in": "added"})[1]["results"][0]
    assert "<mark>Ferry</mark>" in hit["snippet_html"]
    assert "<script>" not in hit["snippet_html"]


def test_snippet_marks_removed_text_in_del():
    html = changesnippet.snippet("Bridge <closed> today", ["closed"], "removed")
    assert html == '<del class="changed-removed">Bridge &lt;<mark>closed</mark>&gt; today</del>'
    assert changesnippet.marked_words('bridge -ferry or "night bus"') == ["bridge", "night", "bus"]


def test_api_pages_with_a_cursor(client, source, settings):
    settings.NEWSDIFFS_API_PAGE_SIZE = 2
    versions = [
        ferry_story(source, f"/news/ferry-{n}", NOW + timedelta(days=n))[1] for n in range(5)
    ]
    indexed(*versions)
    seen, params = [], {"q": "dogs", "in": "added"}
    while True:
        status, data = api(client, **params)
        assert status == 200
        seen += [hit["article"]["id"] for hit in data["results"]]
        if not data["next"]:
            break
        params["cursor"] = data["next"].split("cursor=")[1]
    assert seen == [v.article_id for v in reversed(versions)]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"q": "dogs", "in": "sideways"}, "in:"),
        ({"q": "dogs", "cursor": "abc"}, "cursor:"),
        ({"q": "dogs", "cursor": "99999999999999999999"}, "cursor:"),
        ({"q": "dogs", "cursor": "9" * 5000}, "cursor:"),
        ({"q": "dogs", "label": "not-a-label"}, "label:"),
        ({"q": ""}, "q:"),
    ],
)
def test_api_answers_a_bad_parameter_with_a_400_naming_it(client, db, params, named):
    status, data = api(client, **params)
    assert status == 400
    assert data["error"].startswith(named)


def test_the_page_answers_a_bad_in_with_a_400(client, db):
    response = client.get("/search/", {"q": "dogs", "in": "sideways"})
    assert response.status_code == 400
    assert b"in: not one of" in response.content


def test_filters_by_source_and_label(client, source):
    other_source = make_source("gazette", "The Gazette")
    first = ferry_story(source)[1]
    second = ferry_story(other_source, "/news/gazette-ferry")[1]
    indexed(first, second)
    by_source = api(client, q="dogs", source="gazette")[1]["results"]
    assert [hit["article"]["id"] for hit in by_source] == [second.article_id]
    second.labels.create(slug="correction-declared")
    by_label = api(client, q="dogs", label="correction-declared")[1]["results"]
    assert [hit["article"]["id"] for hit in by_label] == [second.article_id]


def test_takedowns_are_never_found(client, source):
    article, second = ferry_story(source)
    indexed(second)
    assert len(api(client, q="dogs")[1]["results"]) == 1
    article.is_hidden = True
    article.save()
    assert api(client, q="dogs")[1]["results"] == []
    assert b"Dogs" not in client.get("/search/", {"q": "dogs", "in": "any"}).content


def test_without_in_search_is_todays_search(client, harbour):
    response = client.get("/search/", {"q": "ferry"})
    assert b"changed-added" not in response.content
    assert b"matches" in response.content or b"with a version" in response.content


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_postgresql_finds_changes_through_the_gin_index(source):
    indexed(ferry_story(source)[1])
    sql, params = changesearch._matching("dogs").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "changedtext_text_search_idx" in plan


def test_a_version_that_cannot_be_compared_does_not_hold_up_the_rest(source, caplog):
    broken_article, broken = ferry_story(source, "/news/broken")
    _, fine = ferry_story(source, "/news/fine")
    # Its version one gone from where the comparison looks for it.
    Version.objects.filter(article=broken_article, number=1).update(number=50)
    assert indexed(broken, fine) == 1
    assert ChangedText.objects.filter(version=fine).exists()
    assert not ChangedText.objects.filter(version=broken).exists()
    assert f"changes of version {broken.pk} not indexed" in caplog.text

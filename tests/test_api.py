"""The read-only JSON API."""

from datetime import timedelta

import pytest

from tests.reader_data import NOW, add_version, make_article, make_source


def test_article_list_gives_articles_latest_change_first(client, source, harbour):
    older = make_article(source, "/news/older")
    add_version(older, "Older", ["x"], NOW - timedelta(days=5))
    data = client.get("/api/articles/").json()
    assert [a["id"] for a in data["results"]] == [harbour.pk, older.pk]
    first = data["results"][0]
    assert first["url"] == "https://courier.example/news/harbour-bridge-closure"
    assert first["source"] == {"slug": "courier", "name": "The Local Courier"}
    assert first["version_count"] == 4
    assert first["change_count"] == 2
    assert first["last_changed_at"] == "2026-03-09T18:00:00+00:00"
    assert first["html_url"] == f"http://testserver/articles/{harbour.pk}/"
    assert data["next"] is None


def test_a_removed_article_has_its_state_and_the_date_of_the_first_404(client, harbour):
    assert client.get(f"/api/articles/{harbour.pk}/").json()["removed_at"] is None
    harbour.state = harbour.State.GONE
    harbour.missing_since = NOW - timedelta(hours=5)
    harbour.save()
    data = client.get(f"/api/articles/{harbour.pk}/").json()
    assert (data["state"], data["removed_at"]) == ("gone", "2026-03-10T07:00:00+00:00")
    assert data["next_check_at"] is None
    assert client.get("/api/articles/").json()["results"][0]["removed_at"] == data["removed_at"]


def test_article_list_filters_by_url_in_any_spelling(client, harbour):
    url = "http://courier.example/news/harbour-bridge-closure?utm_campaign=x"
    data = client.get("/api/articles/", {"url": url}).json()
    assert [a["id"] for a in data["results"]] == [harbour.pk]
    none = client.get("/api/articles/", {"url": "https://elsewhere.example/"}).json()
    assert none["results"] == []
    assert client.get("/api/articles/", {"url": "not a url"}).status_code == 400


def test_article_list_filters_by_source_and_change_time(client, source, harbour):
    other = make_source("gazette", "The Gazette")
    theirs = make_article(other, "/a")
    add_version(theirs, "Theirs", ["x"], NOW - timedelta(days=3))
    by_source = client.get("/api/articles/", {"source": "gazette"}).json()
    assert [a["id"] for a in by_source["results"]] == [theirs.pk]
    recent = client.get("/api/articles/", {"changed_since": "2026-03-09T00:00:00Z"}).json()
    assert [a["id"] for a in recent["results"]] == [harbour.pk]
    by_date = client.get("/api/articles/", {"changed_since": "2026-03-01"}).json()
    assert len(by_date["results"]) == 2
    bad = client.get("/api/articles/", {"changed_since": "last week"})
    assert bad.status_code == 400
    assert "changed_since" in bad.json()["error"]


def test_article_list_pages_with_a_next_link(client, source, settings):
    settings.NEWSDIFFS_API_PAGE_SIZE = 2
    for n in range(5):
        article = make_article(source, f"/n{n}")
        add_version(article, f"N{n}", ["x"], NOW - timedelta(hours=n))
    ids, url = [], "/api/articles/?source=courier"
    while url:
        data = client.get(url).json()
        ids += [a["title"] for a in data["results"]]
        url = data["next"]
        assert url is None or "source=courier" in url
    assert ids == ["N0", "N1", "N2", "N3", "N4"]
    assert client.get("/api/articles/?cursor=zzz").status_code == 400


def test_article_detail_lists_versions_without_text(client, harbour):
    data = client.get(f"/api/articles/{harbour.pk}/").json()
    assert [v["number"] for v in data["versions"]] == [1, 2, 3, 4]
    second = data["versions"][1]
    assert second["chars_added"] == 56
    assert second["is_boring"] is False
    assert data["versions"][2]["is_boring"] is True
    assert "text" not in second
    assert second["diff_api_url"] == f"http://testserver/api/articles/{harbour.pk}/diff/1/2/"
    assert "diff_api_url" not in data["versions"][0]
    assert client.get("/api/articles/999/").status_code == 404


def test_reverted_version_names_the_version_it_repeats(client, harbour):
    v1, v4 = harbour.versions.get(number=1), harbour.versions.get(number=4)
    v4.reverts_to = v1
    v4.save()
    data = client.get(f"/api/articles/{harbour.pk}/").json()
    assert data["versions"][3]["reverts_to"] == 1
    assert client.get(f"/api/versions/{v4.pk}/").json()["reverts_to"] == 1


def test_version_detail_has_the_text(client, harbour):
    version = harbour.versions.get(number=2)
    data = client.get(f"/api/versions/{version.pk}/").json()
    assert data["number"] == 2
    assert data["paragraphs"][3] == "A ferry service will run every twenty minutes."
    assert data["text"] == version.text
    assert data["article"]["id"] == harbour.pk
    assert client.get("/api/versions/999999/").status_code == 404


def test_diff_has_paragraph_rows_of_segments(client, harbour):
    data = client.get(f"/api/articles/{harbour.pk}/diff/1/2/").json()
    assert data["old"]["number"] == 1
    assert data["new"]["number"] == 2
    assert data["title"] == [
        {"op": "equal", "text": "Harbour bridge to close"},
        {"op": "insert", "text": " for six weeks"},
    ]
    kinds = [row["kind"] for row in data["rows"]]
    assert kinds == ["changed", "equal", "changed", "insert"]
    assert data["rows"][1]["segments"] == [
        {"op": "equal", "text": "Drivers are advised to use the ring road during the closure."}
    ]
    assert {"op": "delete", "text": "three"} in data["rows"][2]["segments"]
    assert {"op": "insert", "text": "six"} in data["rows"][2]["segments"]
    assert data["rows"][3]["old_paragraphs"] == []
    assert data["rows"][3]["new_paragraphs"] == [3]


def test_diff_rows_name_the_paragraphs_they_show_in_each_version(client, source):
    article = make_article(source, "/news/ferry")
    old = [
        "Ferry times change.",
        "A paragraph the editor cut.",
        "Kept one.",
        "Kept two.",
        "Kept 3.",
    ]
    new = ["Ferry times change.", "Kept one.", "Kept two.", "Kept 3.", "An added closing line."]
    first = add_version(article, "Ferry", old, NOW - timedelta(hours=2))
    second = add_version(article, "Ferry", new, NOW - timedelta(hours=1))
    data = client.get(f"/api/articles/{article.pk}/diff/1/2/").json()
    rows = [(r["kind"], r["old_paragraphs"], r["new_paragraphs"]) for r in data["rows"]]
    assert rows == [
        ("equal", [0], [0]),
        ("delete", [1], []),
        ("equal", [2], [1]),
        ("equal", [3], [2]),
        ("equal", [4], [3]),
        ("insert", [], [4]),
    ]
    old_paragraphs = client.get(f"/api/versions/{first.pk}/").json()["paragraphs"]
    new_paragraphs = client.get(f"/api/versions/{second.pk}/").json()["paragraphs"]
    for row in data["rows"]:
        if row["kind"] == "equal":
            text = row["segments"][0]["text"]
            assert text == old_paragraphs[row["old_paragraphs"][0]]
            assert text == new_paragraphs[row["new_paragraphs"][0]]


def test_diff_rejects_bad_pairs(client, harbour):
    assert client.get(f"/api/articles/{harbour.pk}/diff/2/1/").status_code == 400
    assert client.get(f"/api/articles/{harbour.pk}/diff/1/9/").status_code == 404


def test_api_is_read_only(client, harbour):
    assert client.post("/api/articles/").status_code == 405
    assert client.delete(f"/api/articles/{harbour.pk}/").status_code == 405


def test_api_query_counts_do_not_grow_with_rows(client, source, django_assert_num_queries):
    for n in range(10):
        article = make_article(source, f"/q{n}")
        for v in range(3):
            add_version(article, f"T{n}", [f"x {v}"], NOW + timedelta(hours=v))
    with django_assert_num_queries(1):
        client.get("/api/articles/")
    article = source.articles.first()
    with django_assert_num_queries(2):
        client.get(f"/api/articles/{article.pk}/")


def test_api_answers_head_as_the_readme_says(client, harbour):
    version = harbour.versions.get(number=2)
    for path in (
        "/api/articles/",
        f"/api/articles/{harbour.pk}/",
        f"/api/versions/{version.pk}/",
        f"/api/articles/{harbour.pk}/diff/1/2/",
    ):
        response = client.head(path)
        assert response.status_code == 200, path
        assert response.content == b""


def test_diff_names_the_version_a_revert_repeats(client, harbour):
    v1, v4 = harbour.versions.get(number=1), harbour.versions.get(number=4)
    v4.reverts_to = v1
    v4.save()
    data = client.get(f"/api/articles/{harbour.pk}/diff/3/4/").json()
    assert data["new"]["reverts_to"] == 1
    assert data["old"]["reverts_to"] is None


def test_changed_since_a_date_is_midnight_utc_without_a_naive_datetime(client, source, recwarn):
    article = make_article(source, "/a")
    add_version(article, "Late on the 8th", ["x"], NOW.replace(day=8, hour=23, minute=30))
    data = client.get("/api/articles/", {"changed_since": "2026-03-09"}).json()
    assert data["results"] == []
    data = client.get("/api/articles/", {"changed_since": "2026-03-08"}).json()
    assert [a["id"] for a in data["results"]] == [article.pk]
    naive = client.get("/api/articles/", {"changed_since": "2026-03-08T23:00:00"}).json()
    assert [a["id"] for a in naive["results"]] == [article.pk]
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01T00:00:00", "last week"])
def test_impossible_changed_since_names_the_parameter(client, db, value):
    response = client.get("/api/articles/", {"changed_since": value})
    assert response.status_code == 400
    assert response.json()["error"].startswith("changed_since: ")


def test_bad_url_and_cursor_name_their_parameter(client, db):
    assert client.get("/api/articles/", {"url": "not a url"}).json()["error"].startswith("url: ")
    bad_cursor = client.get("/api/articles/", {"cursor": "<b>x</b>"}).json()["error"]
    assert bad_cursor == "cursor: not a page cursor"


def test_url_filter_accepts_an_address_without_its_scheme_as_the_find_box_does(client, harbour):
    data = client.get("/api/articles/", {"url": "courier.example/news/harbour-bridge-closure"})
    assert [a["id"] for a in data.json()["results"]] == [harbour.pk]


def test_version_and_diff_query_counts_are_fixed(client, harbour, django_assert_num_queries):
    v1, v4 = harbour.versions.get(number=1), harbour.versions.get(number=4)
    v4.reverts_to = v1
    v4.save()
    client.get(f"/api/articles/{harbour.pk}/diff/1/4/")  # computes and caches the pair
    client.get(f"/api/articles/{harbour.pk}/diff/1/2/")  # computes and stores the pair
    # The version, the rows its text is a delta on, its article, the reverted number.
    with django_assert_num_queries(4):
        client.get(f"/api/versions/{v4.pk}/")
    # The article, the pair, the rows their texts are deltas on, the reverted number.
    with django_assert_num_queries(4):
        client.get(f"/api/articles/{harbour.pk}/diff/1/4/")
    with django_assert_num_queries(3):  # the article, the pair, the stored diff
        client.get(f"/api/articles/{harbour.pk}/diff/1/2/")


def test_a_post_gets_a_json_405(client, harbour):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/api/articles/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json() == {"error": "The API is read-only: use GET or HEAD."}

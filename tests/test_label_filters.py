"""?label= and ?min_change= on the front page, source pages and feeds; tags and the API."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest

from articles.comparison import diffing, labels
from tests.reader_data import NOW, add_version, make_article, make_source

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
BRIDGE = ["The bridge will close for 6 weeks.", "Drivers should use the ring road."]


def labelled_version(article, title, paragraphs, archived_at):
    """A version saved with the labels the check would give it."""
    previous = article.versions.order_by("-number").first()
    version = add_version(article, title, paragraphs, archived_at)
    if previous is not None:
        rows = diffing.compare(previous.paragraphs(), version.paragraphs())
        edit = labels.Edit(previous.content(), version.content(), rows, [], archived_at)
        version.label_details = labels.label_edit(edit)
        version.save(update_fields=["label_details"])
        version.keep_labels()
    return version


@pytest.fixture
def world():
    courier, gazette = make_source(), make_source("gazette", "The Gazette")
    figures = make_article(courier, "/news/bridge")
    labelled_version(figures, "Bridge to close", BRIDGE, NOW - timedelta(hours=5))
    labelled_version(
        figures,
        "Bridge to close",
        [BRIDGE[0].replace("6", "9"), BRIDGE[1]],
        NOW - timedelta(hours=4),
    )
    grown = make_article(gazette, "/news/fair")
    fair = ["The fair opens on the green at noon."]
    labelled_version(grown, "Fair opens", fair, NOW - timedelta(hours=3))
    longer = [*fair, "There will be rides, music and " + "food stalls from every village. " * 10]
    labelled_version(grown, "Fair opens", longer, NOW - timedelta(hours=2))
    return {"figures": figures, "grown": grown}


def titles_on(response):
    return [a for a in ("Bridge to close", "Fair opens") if a in response.content.decode()]


def test_the_front_page_lists_only_articles_with_a_change_of_that_label(client, world):
    response = client.get("/?label=numbers-changed")
    assert response.status_code == 200
    assert titles_on(response) == ["Bridge to close"]
    assert (
        '<span class="tag label" title="6 → 9">numbers changed</span>' in response.content.decode()
    )
    assert titles_on(client.get("/")) == ["Bridge to close", "Fair opens"]


def test_min_change_keeps_articles_with_a_change_at_least_that_big(client, world):
    assert titles_on(client.get("/?min_change=100")) == ["Fair opens"]
    assert titles_on(client.get("/sources/courier/?min_change=100")) == []
    assert titles_on(client.get("/sources/courier/?min_change=2")) == ["Bridge to close"]


def test_the_source_page_takes_the_label_filter(client, world):
    assert titles_on(client.get("/sources/gazette/?label=story-developing")) == ["Fair opens"]
    assert titles_on(client.get("/sources/gazette/?label=numbers-changed")) == []


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("label=invented", "label:"),
        ("label=<script>", "label:"),
        ("min_change=ten", "min_change:"),
        ("min_change=-5", "min_change:"),
        ("min_change=99999999999999999999", "min_change:"),
        ("min_change=%EF%BC%95", "min_change:"),  # a full-width digit
    ],
)
@pytest.mark.parametrize(
    "path", ["/", "/sources/courier/", "/feeds/changes.atom", "/sources/courier/changes.rss"]
)
def test_a_bad_filter_is_a_400_naming_the_parameter(client, world, path, query, named):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert named in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_the_pager_keeps_the_filter(client, world, settings):
    settings.NEWSDIFFS_PAGE_SIZE = 1
    page = client.get("/?label=silent-change&min_change=1").content.decode()
    assert "?label=silent-change&amp;min_change=1&amp;before=" in page


def entries(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return ElementTree.fromstring(response.content).findall(f"{ATOM}entry")


def test_feeds_filter_by_label_and_size_and_carry_the_labels_as_categories(client, world):
    everything = entries(client, "/feeds/changes.atom")
    assert len(everything) == 2
    numbers = entries(client, "/feeds/changes.atom?label=numbers-changed")
    assert len(numbers) == 1
    categories = [c.get("term") for c in numbers[0].findall(f"{ATOM}category")]
    assert categories == ["silent change", "numbers changed"]
    assert "numbers changed" in numbers[0].find(f"{ATOM}summary").text
    assert len(entries(client, "/sources/gazette/changes.atom?min_change=100")) == 1
    assert entries(client, "/sources/gazette/changes.atom?label=numbers-changed") == []
    article = world["figures"].pk
    assert len(entries(client, f"/articles/{article}/changes.atom?label=numbers-changed")) == 1


def test_the_api_gives_each_versions_labels(client, world):
    data = client.get(f"/api/articles/{world['figures'].pk}/").json()
    assert [v["labels"] for v in data["versions"]] == [[], ["silent-change", "numbers-changed"]]
    assert data["versions"][1]["label_details"]["numbers-changed"] == {"pairs": [["6", "9"]]}


def test_history_rows_show_the_tags_with_scraped_details_escaped(client, world):
    version = world["figures"].latest_version()
    version.label_details = {"quote-changed": {"pairs": [['<b>"a"</b>', "<i>b</i>"]]}}
    version.save(update_fields=["label_details"])
    page = client.get(f"/articles/{world['figures'].pk}/").content.decode()
    assert "quote changed</span>" in page
    assert "<b>" not in page
    assert "&lt;b&gt;&quot;a&quot;&lt;/b&gt; → &lt;i&gt;b&lt;/i&gt;" in page

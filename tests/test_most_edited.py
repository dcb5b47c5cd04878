"""The "most edited this week" list: on the front page and at /most-edited/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.reader.pages import most_edited
from tests.reader_data import add_version, make_article, make_source

pytestmark = pytest.mark.django_db


def edited(source, path, title, changes, start, step=timedelta(hours=1), boring=0):
    """An article first archived at `start`, then changed `changes` times, then
    saved `boring` more times with only the letter case changed."""
    article = make_article(source, path)
    text = "First words."
    add_version(article, title, [text], start)
    for n in range(changes):
        text += f" Word {n}."
        add_version(article, title, [text], start + step * (n + 1))
    for n in range(boring):
        text = text.swapcase()
        add_version(article, title, [text], start + step * (changes + n + 1))
    return article


def test_the_list_ranks_articles_by_real_changes_in_the_last_week():
    source = make_source()
    now = timezone.now()
    edited(source, "/a", "Three changes", 3, now - timedelta(days=1))
    edited(source, "/b", "Five changes", 5, now - timedelta(days=2))
    edited(source, "/c", "One change, many blank saves", 1, now - timedelta(days=1), boring=4)
    edited(source, "/d", "Only first archived", 0, now - timedelta(hours=3))
    # Eight changes, but all more than a week ago.
    edited(source, "/e", "Changed long ago", 8, now - timedelta(days=9))

    ranked = most_edited(now)

    assert [(a.title, a.week_changes) for a in ranked] == [
        ("Five changes", 5),
        ("Three changes", 3),
        ("One change, many blank saves", 1),
    ]


def test_only_changes_inside_the_week_are_counted():
    source = make_source()
    now = timezone.now()
    # Archived 7 days 2.5 hours ago, changed hourly: the first two changes fall outside the week.
    edited(source, "/a", "Straddles", 5, now - timedelta(days=7, hours=2, minutes=30))
    assert [(a.title, a.week_changes) for a in most_edited(now)] == [("Straddles", 3)]


def test_the_list_shows_at_most_ten():
    source = make_source()
    now = timezone.now()
    for n in range(12):
        edited(
            source,
            f"/n{n}",
            f"Story {n}",
            n + 1,
            now - timedelta(days=1),
            step=timedelta(minutes=5),
        )
    ranked = most_edited(now)
    assert [a.title for a in ranked] == [f"Story {n}" for n in range(11, 1, -1)]


def test_a_taken_down_article_leaves_the_list_even_while_it_is_cached(client):
    source = make_source()
    now = timezone.now()
    gone = edited(source, "/gone", "Taken down story", 4, now - timedelta(days=1))
    edited(source, "/kept", "Kept story", 2, now - timedelta(days=1))
    assert "Taken down story" in client.get("/most-edited/").content.decode()

    gone.is_hidden = True
    gone.save()

    page = client.get("/most-edited/").content.decode()
    assert "Kept story" in page
    assert "Taken down story" not in page
    assert "Taken down story" not in client.get("/").content.decode()


def test_the_front_page_and_its_own_page_show_the_list_with_counts(client):
    source = make_source()
    now = timezone.now()
    edited(source, "/a", "Busy <story>", 3, now - timedelta(days=1))

    front = client.get("/").content.decode()
    own = client.get("/most-edited/")

    assert own.status_code == 200
    for page in (front, own.content.decode()):
        assert "Most edited this week" in page
        assert "Busy &lt;story&gt;</a>" in page
        assert "3 changes" in page


def test_a_quiet_week_says_so_and_the_front_page_leaves_the_section_out(client):
    source = make_source()
    edited(source, "/a", "Old news", 2, timezone.now() - timedelta(days=20))
    assert "No article changed in the last 7 days." in client.get("/most-edited/").content.decode()
    assert "Most edited this week" not in client.get("/").content.decode()


def test_a_filtered_front_page_leaves_the_section_out(client):
    source = make_source()
    edited(source, "/a", "Busy story", 3, timezone.now() - timedelta(days=1))
    assert "Most edited this week" not in client.get("/?min_change=1").content.decode()

"""Each source's page shows its real changes per day for 90 days, drawn as an SVG calendar."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from articles import daily_changes
from articles.charts import busiest_day, calendar_svg, shade
from articles.models import Version
from articles.reader.pages import change_calendar
from tests.reader_data import add_version, make_article, make_source

TODAY = date(2026, 11, 20)  # a Friday


def at(day, hour=12):
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def changed(source, path, times, boring_at=(), **fields):
    """An article first archived a day before the first time, changed at each time,
    and saved with only the letter case changed at each of `boring_at`."""
    article = make_article(source, path, **fields)
    text = "First words."
    add_version(article, "Story", [text], min(times) - timedelta(days=1))
    for n, when in enumerate(sorted(times)):
        text += f" Word {n}."
        add_version(article, "Story", [text], when)
    for when in boring_at:
        text = text.swapcase()
        add_version(article, "Story", [text], when)
    return article


def cells(svg):
    return re.findall(r'class="shade-(\d)"><title>([^<]*)</title>', str(svg))


def test_shades_rise_in_four_equal_steps_of_the_busiest_day():
    assert [shade(n, 8) for n in range(9)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert shade(1, 1) == 4
    assert shade(0, 0) == 0


def test_the_busiest_day_is_the_latest_of_equals_and_none_when_quiet():
    days = [date(2026, 11, d) for d in (1, 2, 3)]
    assert busiest_day(list(zip(days, [2, 5, 5], strict=True))) == (days[2], 5)
    assert busiest_day(list(zip(days, [0, 0, 0], strict=True))) is None


def test_the_calendar_has_a_titled_cell_per_day_in_weekday_rows():
    first = date(2026, 11, 2)  # a Monday
    counts = [(first + timedelta(n), n % 5) for n in range(14)]
    svg = calendar_svg(counts)
    assert cells(svg)[:5] == [
        ("0", "0 changes on 2026-11-02"),
        ("1", "1 change on 2026-11-03"),
        ("2", "2 changes on 2026-11-04"),
        ("3", "3 changes on 2026-11-05"),
        ("4", "4 changes on 2026-11-06"),
    ]
    assert len(cells(svg)) == 14
    # Monday the 9th starts the second column, on the top row.
    assert (
        '<rect x="44" y="16" width="12" height="12" class="shade-2"><title>2 changes on 2026-11-09'
        in str(svg)
    )


@pytest.mark.django_db
def test_changes_per_day_are_exact_and_leave_out_first_versions_and_boring_ones():
    source = make_source()
    changed(
        source,
        "/a",
        [at(TODAY), at(TODAY, 1), at(TODAY - timedelta(2)), at(TODAY - timedelta(89))],
        boring_at=[at(TODAY, 13), at(TODAY - timedelta(3))],
    )
    changed(source, "/b", [at(TODAY, 9), at(TODAY - timedelta(90))])  # the 90th day back is out
    make_source("gazette", "Gazette")
    counts = daily_changes.changes_per_day(
        Version.objects.visible().filter(article__source=source), TODAY, 90
    )
    assert len(counts) == 90
    assert counts[0] == (TODAY - timedelta(89), 1)
    assert counts[-1] == (TODAY, 3)
    assert counts[-3] == (TODAY - timedelta(2), 1)
    assert sum(n for _, n in counts) == 5


@pytest.mark.django_db
def test_a_taken_down_article_is_not_counted():
    source = make_source()
    changed(source, "/shown", [at(TODAY)])
    changed(source, "/hidden", [at(TODAY), at(TODAY, 14)], is_hidden=True)
    calendar = change_calendar(source, TODAY)
    assert calendar["total"] == 1
    assert calendar["busiest"] == (TODAY, 1)
    assert ("4", "1 change on 2026-11-20") in cells(calendar["svg"])


@pytest.mark.django_db
def test_the_source_page_shows_the_calendar_and_its_text_alternative(client):
    source = make_source()
    today = timezone.localdate()
    small_hours = timezone.make_aware(datetime(today.year, today.month, today.day, 0)) + timedelta(
        minutes=1
    )
    changed(
        source,
        "/a",
        [small_hours, small_hours + timedelta(minutes=1), small_hours - timedelta(days=3)],
    )
    page = client.get("/sources/courier/").content.decode()
    assert '<svg class="change-calendar"' in page
    assert f"<title>2 changes on {today.isoformat()}</title>" in page
    assert len(re.findall(r"<rect ", page)) == 90
    assert (
        f"3 changes in the last 90 days; the busiest day was {today.isoformat()}, with 2." in page
    )
    assert f'<tr><td>{today.isoformat()}</td><td class="number">2</td></tr>' in page
    three_days_ago = (today - timedelta(days=3)).isoformat()
    assert f'<tr><td>{three_days_ago}</td><td class="number">1</td></tr>' in page


@pytest.mark.django_db
def test_a_quiet_source_gets_an_empty_calendar_that_says_so(client):
    make_source()
    page = client.get("/sources/courier/").content.decode()
    assert len(re.findall(r'class="shade-0"', page)) == 90
    assert "shade-1" not in page
    assert "No changes in the last 90 days." in page
    assert "busiest" not in page

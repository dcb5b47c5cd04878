"""Per-source health: the verdict rule, changes per day, and the SVG chart."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from articles.admin.source_health import changes_per_day, error_rate, verdict
from articles.charts import daily_bars_svg
from articles.models import Article, Source, Version


@pytest.mark.parametrize(
    ("is_active", "checks", "failures", "expected"),
    [
        (False, 10, 10, "paused"),
        (True, 0, 0, "idle"),
        (True, 10, 0, "ok"),
        (True, 10, 4, "errors"),
        (True, 10, 5, "failing"),
        (True, 1, 1, "failing"),
    ],
)
def test_the_verdict_follows_the_error_rate(is_active, checks, failures, expected):
    assert verdict(is_active, checks, failures) == expected


def test_error_rate_is_unknown_without_checks():
    assert error_rate(0, 0) is None
    assert error_rate(8, 2) == 0.25


@pytest.mark.django_db
def test_changes_per_day_counts_real_changes_only_and_fills_empty_days():
    source = Source.objects.create(name="S", slug="s", homepage="https://example.com/")
    article = Article.objects.create(source=source, url="https://example.com/a")
    today = timezone.localdate()
    noon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)

    def version(number, days_ago, is_boring=False):
        Version.objects.create(
            article=article,
            number=number,
            archived_at=noon - timedelta(days=days_ago),
            text_hash=str(number),
            is_boring=is_boring,
        )

    version(1, 40)  # the first version is not a change
    version(2, 35)  # before the window
    version(3, 2)
    version(4, 2)
    version(5, 1, is_boring=True)

    counts = changes_per_day(source, today, days=30)

    assert len(counts) == 30
    assert counts[0][0] == today - timedelta(days=29)
    assert counts[-1] == (today, 0)
    assert dict(counts)[today - timedelta(days=2)] == 2
    assert sum(count for _, count in counts) == 2


def test_the_chart_draws_a_titled_bar_per_day():
    first = date(2026, 5, 1)
    counts = [(first + timedelta(days=n), n % 3) for n in range(30)]

    svg = daily_bars_svg(counts)

    assert svg.startswith('<svg class="daily-bars"')
    assert svg.count('class="bar"') == 30
    assert "<title>2 changes on 2026-05-03</title>" in svg
    assert "Changes per day, 2026-05-01 to 2026-05-30" in svg
    assert "max 2" in svg


def test_the_chart_says_so_when_there_is_nothing_to_draw():
    first = date(2026, 5, 1)

    svg = daily_bars_svg([(first, 0), (first + timedelta(days=1), 0)])

    assert svg == '<p class="chart-empty">No changes from 2026-05-01 to 2026-05-02.</p>'

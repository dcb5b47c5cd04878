"""The hand-built statements of the hot path write and read what the ORM would."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from articles import hotsql
from articles.models import Article, Check, Source

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def articles():
    source = Source.objects.create(name="S", slug="s", homepage="https://s.example/")
    return [
        Article.objects.create(source=source, url=f"https://s.example/{i}", etag=f"old-{i}")
        for i in range(4)
    ]


def test_update_rows_writes_each_rows_own_values_nulls_and_text_included(articles):
    updates = [
        (
            article.pk,
            {"etag": f'"é-{i}"', "headline_test_at": None, "next_check_at": NOW + timedelta(i)},
            {"state": Article.State.ACTIVE},
            [],
            [],
        )
        for i, article in enumerate(articles[:3])
    ]
    assert hotsql.update_rows(Article, updates) == 3
    rows = Article.objects.order_by("pk").values_list("etag", "headline_test_at", "next_check_at")
    assert list(rows) == [
        ('"é-0"', None, NOW),
        ('"é-1"', None, NOW + timedelta(1)),
        ('"é-2"', None, NOW + timedelta(2)),
        ("old-3", None, articles[3].next_check_at),
    ]


def test_update_rows_leaves_a_row_its_condition_no_longer_matches(articles):
    Article.objects.filter(pk=articles[1].pk).update(state=Article.State.STOPPED)
    updates = [
        (article.pk, {"etag": "new"}, {"state": Article.State.ACTIVE}, [], [])
        for article in articles
    ]
    assert hotsql.update_rows(Article, updates) == 3
    assert Article.objects.get(pk=articles[1].pk).etag == "old-1"


def test_update_rows_takes_extra_sql_with_parameters_per_row(articles):
    etag = hotsql.column(Article, "etag")
    checked = hotsql.column(Article, "last_checked_at")
    updates = [
        (
            article.pk,
            {"last_checked_at": NOW},
            {},
            [(f"{etag} = {etag} || %s", [f"+{i}"])],
            [
                (
                    f"COALESCE({checked}, %s) <= %s",
                    [hotsql.prepared(Article, "last_checked_at", NOW)] * 2,
                )
            ],
        )
        for i, article in enumerate(articles[:2])
    ]
    assert hotsql.update_rows(Article, updates) == 2
    assert list(Article.objects.order_by("pk").values_list("etag", flat=True)[:2]) == [
        "old-0+0",
        "old-1+1",
    ]


def test_update_rows_splits_what_one_statement_cannot_hold(articles, monkeypatch):
    monkeypatch.setattr(hotsql, "_ROWS_A_STATEMENT", 3)
    updates = [(article.pk, {"etag": f"n{article.pk}"}, {}, [], []) for article in articles]
    assert hotsql.update_rows(Article, updates) == 4
    assert {a.etag for a in Article.objects.all()} == {f"n{a.pk}" for a in articles}


def test_read_values_converts_as_the_orm_does(articles):
    check = Check.objects.create(
        source=articles[0].source, url="https://s.example/0", outcome="unchanged", checked_at=NOW
    )
    [(pk, outcome, first, last)] = hotsql.read_values(
        Check, [check.pk, 999_999], ("id", "outcome", "first_checked_at", "checked_at")
    )
    assert (pk, outcome, first, last) == (check.pk, "unchanged", None, NOW)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("etag", "x"),
        ("consecutive_failures", 3),
        ("quiet_check_id", 2**40),
        ("next_check_at", NOW),
        ("next_check_at", None),
        ("state", Article.State.ACTIVE),
    ],
)
def test_a_value_skipping_preparation_is_what_the_field_would_send(name, value):
    field = Article._meta.get_field(name)
    prepared = hotsql.prepared(Article, name, value)
    expected = field.get_db_prep_value(value, connection)
    # psycopg's type tags for ints compare as the ints they wrap.
    assert prepared == expected

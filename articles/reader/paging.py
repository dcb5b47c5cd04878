"""Keyset pagination over articles by their last real change.

A page asks for the rows after a cursor (the last row's time and id), so
page 1,000 costs what page 1 costs and nothing counts the whole table.
"""

from datetime import UTC, datetime, timedelta

from django.db.models import Q

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
# Primary keys are 64-bit: a larger one in a cursor is not a cursor.
_MAX_PK = 2**63 - 1


class BadCursor(ValueError):
    """The cursor is not one this module wrote. The message never repeats the input."""


def encode(article):
    return f"{(article.last_changed_at - _EPOCH) // _MICROSECOND}-{article.pk}"


def decode(cursor):
    try:
        micros, pk = (int(part) for part in cursor.split("-"))
        if not 0 < pk <= _MAX_PK:
            raise ValueError(pk)
        return _EPOCH + micros * _MICROSECOND, pk
    except (ValueError, OverflowError):
        raise BadCursor("not a page cursor") from None


def recent_page(queryset, cursor, size):
    """(articles, next cursor or None): `size` articles changed before the cursor."""
    if cursor:
        moment, pk = decode(cursor)
        # The plain bound lets the database start its index scan at the cursor;
        # the OR alone cannot bound a scan, so every newer row would be read.
        queryset = queryset.filter(last_changed_at__lte=moment).filter(
            Q(last_changed_at__lt=moment) | Q(last_changed_at=moment, pk__lt=pk)
        )
    rows = list(queryset.order_by("-last_changed_at", "-pk")[: size + 1])
    if len(rows) > size:
        return rows[:size], encode(rows[size - 1])
    return rows, None

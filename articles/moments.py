"""Moments typed by people: an ISO 8601 date, or date and time, made aware."""

from datetime import UTC, datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


def parse_moment(raw):
    """An aware datetime from a date (midnight UTC) or an ISO 8601 date and time
    (UTC if it names no zone); None if `raw` is neither."""
    try:
        day = parse_date(raw)
        moment = datetime.combine(day, time(), tzinfo=UTC) if day else parse_datetime(raw)
    except ValueError:  # well formed but impossible, such as 2026-02-30
        return None
    if moment is None:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, UTC)

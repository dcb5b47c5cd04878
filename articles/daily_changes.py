"""Real changes counted per day, for the admin's chart and the public calendar."""

from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate


def changes_per_day(versions, today, days):
    """[(date, changes)] among `versions` for the `days` days ending today, oldest
    first, zeros included; a day is the current time zone's."""
    first = today - timedelta(days=days - 1)
    rows = (
        versions.changes()
        .filter(archived_at__date__gte=first)
        .annotate(day=TruncDate("archived_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {_as_date(row["day"]): row["n"] for row in rows}
    return [(day, counts.get(day, 0)) for day in (first + timedelta(n) for n in range(days))]


def _as_date(value):
    # SQLite hands back a string for TruncDate on some versions.
    return value if isinstance(value, date) else date.fromisoformat(str(value))

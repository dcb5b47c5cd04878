"""Per-source health for the admin: counts over the last 24 hours and a verdict.

`with_health()` annotates a Source queryset with one subquery per figure
(no joins that multiply rows); `verdict()` is the rule that turns the
figures into ok / errors / failing / idle / paused.
"""

from datetime import timedelta

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from articles import daily_changes
from articles.models import Article, Check, Version

WINDOW = timedelta(hours=24)
# A source whose checks failed at least this often in the window is failing.
FAILING_ERROR_RATE = 0.5


class Verdict:
    OK = "ok"
    ERRORS = "errors"
    FAILING = "failing"
    IDLE = "idle"
    PAUSED = "paused"

    LABELS = {
        OK: "OK",
        ERRORS: "Some errors",
        FAILING: "Failing",
        IDLE: "No checks in 24 h",
        PAUSED: "Paused",
    }


def verdict(is_active, checks, failures):
    if not is_active:
        return Verdict.PAUSED
    if not checks:
        return Verdict.IDLE
    if failures / checks >= FAILING_ERROR_RATE:
        return Verdict.FAILING
    return Verdict.ERRORS if failures else Verdict.OK


def error_rate(checks, failures):
    return failures / checks if checks else None


def _count(queryset, group="source", rows_stand_for=None):
    # A folded run of quiet checks is one row standing for `repeats` checks.
    n = Sum(rows_stand_for) if rows_stand_for else Count("pk")
    counted = queryset.order_by().values(group).annotate(n=n).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_health(queryset, now):
    since = now - WINDOW
    checks = Check.objects.filter(source=OuterRef("pk"), checked_at__gte=since)
    failed = checks.filter(outcome__in=Check.FAILED_OUTCOMES)
    changes = Version.objects.filter(
        article__source=OuterRef("pk"), archived_at__gte=since, number__gt=1, is_boring=False
    )
    last_success = (
        Check.objects.filter(source=OuterRef("pk"))
        .exclude(outcome__in=Check.FAILED_OUTCOMES)
        .order_by("-checked_at")
        .values("checked_at")[:1]
    )
    return queryset.annotate(
        articles_tracked=_count(Article.objects.filter(source=OuterRef("pk"))),
        changes_24h=_count(changes, group="article__source"),
        checks_24h=_count(checks, rows_stand_for="repeats"),
        failures_24h=_count(failed),
        last_success_at=Subquery(last_success),
    )


def failing_filter():
    """Q for annotated sources whose verdict is failing."""
    return Q(
        is_active=True,
        checks_24h__gt=0,
        failures_24h__gte=F("checks_24h") * FAILING_ERROR_RATE,
    )


def changes_per_day(source, today, days=30):
    """[(date, changes)] for the `days` days ending today, oldest first, zeros included."""
    return daily_changes.changes_per_day(
        Version.objects.filter(article__source=source), today, days
    )

"""What the running archive records about itself: the check log, heartbeats.

The check log: one row per fetch of an article or a discovery page.

Failures keep their message in full; a run of quiet checks of one article
is one row (`repeats`), see `Check.fold`.
"""

import functools
from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, models
from django.utils import timezone

from articles import hotsql


@functools.cache
def _fold_sql(vendor):
    """Fold's SQL fragments (their names quoted for `vendor`): SET, then WHERE."""
    first = hotsql.column(Check, "first_checked_at")
    last = hotsql.column(Check, "checked_at")
    repeats = hotsql.column(Check, "repeats")
    # Every right-hand side reads the row as it was before the UPDATE.
    sets = (f"{repeats} = {repeats} + 1", f"{first} = COALESCE({first}, {last})", f"{last} = %s")
    return sets, (f"COALESCE({first}, {last}) >= %s", f"{last} <= %s")


@functools.cache
def _attnames(model):
    return [field.attname for field in model._meta.concrete_fields]


class Check(models.Model):
    """One attempt to fetch a page: an article check or a discovery fetch."""

    class Kind(models.TextChoices):
        ARTICLE = "article", "Article check"
        DISCOVERY = "discovery", "Discovery"

    class Outcome(models.TextChoices):
        NEW_VERSION = "new_version", "New version"
        BORING = "boring", "Boring change"
        UNCHANGED = "unchanged", "Unchanged"
        NOT_MODIFIED = "not_modified", "Not modified (304)"
        DISCOVERED = "discovered", "Discovery done"
        SUSPICIOUS = "suspicious", "Suspicious (not archived)"
        REFUSED = "refused", "Refused"
        NOT_HTML = "not_html", "Not a web page"
        TOO_COMPLEX = "too_complex", "Too big to extract"
        ERROR = "error", "Error"

    # A suspicious check (a wall, an error page served with 200) archived
    # nothing: for a source's health it is a failure too.
    FAILED_OUTCOMES = (
        Outcome.ERROR,
        Outcome.REFUSED,
        Outcome.NOT_HTML,
        Outcome.TOO_COMPLEX,
        Outcome.SUSPICIOUS,
    )
    QUIET_OUTCOMES = (Outcome.UNCHANGED, Outcome.NOT_MODIFIED)

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    source = models.ForeignKey("articles.Source", on_delete=models.CASCADE, related_name="checks")
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="checks"
    )
    url = models.URLField(max_length=2000)
    checked_at = models.DateTimeField(default=timezone.now)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    # Quiet checks (unchanged, 304) are most checks: a run of them on one
    # article is one row, its count and the time of the first; checked_at is
    # the latest. Every other outcome is a row of its own.
    repeats = models.PositiveIntegerField(
        default=1, help_text="How many checks in a row this line stands for."
    )
    first_checked_at = models.DateTimeField(
        null=True, blank=True, help_text="When a run of repeated checks began."
    )
    message = models.TextField(blank=True, help_text="The error, or why the check was refused.")
    version = models.ForeignKey(
        "articles.Version", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-checked_at"]
        indexes = [
            models.Index(fields=["-checked_at"], name="check_recent_idx"),
            models.Index(fields=["source", "-checked_at"], name="check_source_recent_idx"),
            models.Index(fields=["article", "-checked_at"], name="check_article_recent_idx"),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} {self.url} at {self.checked_at:%Y-%m-%d %H:%M}"

    @property
    def is_failure(self):
        return self.outcome in self.FAILED_OUTCOMES

    @classmethod
    def quiet(cls, article, outcome, checked_at, http_status, duration_ms):
        """An unsaved quiet check of `article`; its pk is the article's run row (or None).

        Built from positional values, Model.__init__'s fast path: most checks are
        these, and keyword arguments cost it a loop over the fields for each.
        """
        values = {
            "id": article.quiet_check_id,
            "kind": cls.Kind.ARTICLE,
            "source_id": article.source_id,
            "article_id": article.pk,
            "url": article.url,
            "checked_at": checked_at,
            "http_status": http_status,
            "duration_ms": duration_ms,
            "outcome": outcome,
            "repeats": 1,
            "first_checked_at": None,
            "message": "",
            "version_id": None,
        }
        check = cls(*[values[name] for name in _attnames(cls)])
        cls.article.field.set_cached_value(check, article)
        return check

    @classmethod
    def _fold_update(cls, pk, outcome, now, http_status, duration_ms):
        """Fold's UPDATE as update_row's arguments: (pk, values, where, extra_set, extra_where)."""
        run_began = now - timedelta(minutes=settings.NEWSDIFFS_QUIET_FOLD_MINUTES)
        when = hotsql.prepared(cls, "checked_at", now)
        began = hotsql.prepared(cls, "checked_at", run_began)
        sets, (began_at_least, last_at_most) = _fold_sql(connection.vendor)
        values = {"http_status": http_status, "duration_ms": duration_ms}
        extra_set = [(sql, []) for sql in sets[:-1]] + [(sets[-1], [when])]
        extra_where = [(began_at_least, [began]), (last_at_most, [when])]
        return pk, values, {"outcome": outcome}, extra_set, extra_where

    @classmethod
    def fold(cls, pk, outcome, now, http_status, duration_ms):
        """Count one more quiet check in row `pk`, if it is that outcome's run and recent.

        True if it did; one UPDATE, no lock: a run lasts at most
        NEWSDIFFS_QUIET_FOLD_MINUTES, so a day's counts stay near exact.
        """
        if pk is None:
            return False
        pk, values, where, extra_set, extra_where = cls._fold_update(
            pk, outcome, now, http_status, duration_ms
        )
        return bool(hotsql.update_row(cls, pk, values, where, extra_set, extra_where))

    def continues_run(self, outcome, first_checked_at, checked_at):
        """Whether this quiet check folds into a run row with these values: fold's
        own conditions, decided here for a batch (see log_quiet)."""
        run_began = self.checked_at - timedelta(minutes=settings.NEWSDIFFS_QUIET_FOLD_MINUTES)
        began = first_checked_at or checked_at
        return outcome == self.outcome and began >= run_began and checked_at <= self.checked_at

    @classmethod
    def log_quiet(cls, checks):
        """Log a batch of quiet checks, each unsaved with `pk` its article's run row
        (or None): folded into that row where fold would, a new row (its pk set)
        otherwise. A few statements for the whole batch; run it in a transaction.

        The runs are read first and the decision made here; the folds keep
        fold's conditions, so a row changed in between is left alone (that
        check then goes uncounted, as when a run row is pruned under it).
        """
        run_ids = [check.pk for check in checks if check.pk is not None]
        fields = ("id", "outcome", "first_checked_at", "checked_at")
        runs = {pk: run for pk, *run in hotsql.read_values(cls, run_ids, fields)}
        folds, starts = [], []
        for check in checks:
            run = runs.get(check.pk)
            (folds if run and check.continues_run(*run) else starts).append(check)
        hotsql.update_rows(
            cls,
            [
                cls._fold_update(c.pk, c.outcome, c.checked_at, c.http_status, c.duration_ms)
                for c in folds
            ],
        )
        cls._insert_rows(starts)

    @classmethod
    def _insert_rows(cls, checks):
        """INSERT these rows in one statement built from the model, and set their pks.

        The first quiet check of a run writes one; Model.save() compiled the
        INSERT afresh each time, 0.3-0.5 ms of CPU (bench/recheck_cost.py).
        """
        fields = [field.attname for field in cls._meta.concrete_fields if not field.primary_key]
        rows = [{name: getattr(check, name) for name in fields} for check in checks]
        for check, pk in zip(checks, hotsql.insert_rows(cls, rows), strict=True):
            check.pk = pk
            check._state.adding = False
            check._state.db = DEFAULT_DB_ALIAS

    def insert_row(self):
        """INSERT this row (see _insert_rows) and set its pk."""
        self._insert_rows([self])

    @classmethod
    def failure_outcome(cls, error):
        """The outcome a failed fetch or extraction is logged with: its error names it."""
        return cls.Outcome(getattr(error, "check_outcome", cls.Outcome.ERROR))

    @classmethod
    def prune(cls, now=None):
        """Keep the log bounded: drop old rows, then the oldest beyond the cap."""
        now = now or timezone.now()
        cutoff = now - timedelta(days=settings.NEWSDIFFS_CHECK_LOG_DAYS)
        deleted, _ = cls.objects.filter(checked_at__lt=cutoff).delete()
        # Ids grow with time, so the id at the cap's offset splits old from new.
        cap = settings.NEWSDIFFS_CHECK_LOG_MAX_ROWS
        beyond = list(cls.objects.order_by("-pk").values_list("pk", flat=True)[cap : cap + 1])
        boundary = beyond[0] if beyond else None
        if boundary is not None:
            more, _ = cls.objects.filter(pk__lte=boundary).delete()
            deleted += more
        return deleted


class Heartbeat(models.Model):
    """When a long-running part (the scheduler) last showed it was alive."""

    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def beat(cls, name, now=None):
        cls.objects.update_or_create(name=name, defaults={"beat_at": now or timezone.now()})

    @classmethod
    def age(cls, name, now=None):
        """Time since the last beat, or None if it never beat."""
        beat_at = cls.objects.filter(name=name).values_list("beat_at", flat=True).first()
        return None if beat_at is None else (now or timezone.now()) - beat_at

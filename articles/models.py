from datetime import timedelta
from urllib.parse import urlsplit

import regex
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles import content, evidence, hotsql, routes, urlcanon
from articles.checking import schedule
from articles.checkqueries import CheckQueries
from articles.discovery import links
from articles.storage.archived import ArchivedPage


class TakenDown(Exception):
    """A taken-down article was asked for: the public site answers 410 Gone."""

    def __init__(self, article_id):
        super().__init__(f"article {article_id} has been taken down")
        self.article_id = article_id


def validate_regex(value):
    try:
        regex.compile(value)
    except regex.error as error:
        raise ValidationError(f"Not a valid regular expression: {error}") from None


class SourceQuerySet(models.QuerySet):
    def due_for_discovery(self, now):
        return self.filter(is_active=True, next_discovery_at__lte=now)

    def paused_ids(self):
        return list(self.filter(is_active=False).values_list("pk", flat=True))


class Source(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    homepage = models.URLField(max_length=2000)
    article_url_pattern = models.CharField(
        max_length=1000,
        blank=True,
        validators=[validate_regex],
        help_text="Regular expression a link must match (searched anywhere in the "
        "canonical URL) to be tracked as an article. Empty: every link on an allowed host.",
    )
    allowed_hosts = models.TextField(
        blank=True,
        help_text="One host name a line. Empty: the homepage's host. "
        "A leading dot (.example.com) admits every subdomain.",
    )
    is_active = models.BooleanField(default=True)

    # Extraction overrides, applied before readability.
    body_selector = models.CharField(
        max_length=500, blank=True, help_text="CSS selector of the article body."
    )
    title_selector = models.CharField(max_length=500, blank=True)
    byline_selector = models.CharField(max_length=500, blank=True)
    drop_selectors = models.TextField(
        blank=True, help_text="CSS selectors of elements to remove, one a line."
    )

    # Schedule overrides; empty means the site-wide setting.
    min_check_interval_minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text="Never re-check an article more often than this."
    )
    stop_after_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Stop checking after this many days without a change."
    )
    discovery_interval_minutes = models.PositiveIntegerField(null=True, blank=True)
    submit_to_wayback = models.BooleanField(
        default=False,
        help_text="Ask the Wayback Machine to capture each article after every new version.",
    )

    created_at = models.DateTimeField(default=timezone.now)
    last_discovered_at = models.DateTimeField(null=True, blank=True)
    next_discovery_at = models.DateTimeField(default=timezone.now)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(
                fields=["next_discovery_at"],
                name="source_due_discovery_idx",
                condition=Q(is_active=True),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("source-detail", args=[self.slug])

    def host_rules(self):
        hosts = [line.strip().lower() for line in self.allowed_hosts.splitlines()]
        hosts = [host for host in hosts if host]
        return hosts or [(urlsplit(self.homepage).hostname or "").lower()]

    def allows_host(self, host):
        host = (host or "").lower()
        for rule in self.host_rules():
            if rule.startswith("."):
                if host == rule[1:] or host.endswith(rule):
                    return True
            elif host == rule:
                return True
        return False

    def matches_pattern(self, url):
        """Whether url matches the article pattern; PatternTooSlow if it cannot tell in time."""
        return links.matches_pattern(self.article_url_pattern, url)

    def drop_selector_list(self):
        return [line.strip() for line in self.drop_selectors.splitlines() if line.strip()]

    def extraction_options(self):
        """Keyword arguments for articles.extraction.extract()."""
        return {
            "body_selector": self.body_selector,
            "title_selector": self.title_selector,
            "byline_selector": self.byline_selector,
            "drop_selectors": tuple(self.drop_selector_list()),
        }

    def discovery_interval(self):
        minutes = self.discovery_interval_minutes or settings.NEWSDIFFS_DISCOVERY_INTERVAL_MINUTES
        return timedelta(minutes=minutes)

    def schedule_discovery(self, now):
        self.last_discovered_at = now
        self.next_discovery_at = now + self.discovery_interval()


class ArticleQuerySet(CheckQueries, models.QuerySet):
    def visible(self):
        """What the public may see: every page, feed, API answer and search starts here."""
        return self.filter(is_hidden=False)

    def listed(self):
        """Visible articles with at least one archived version: the public lists."""
        return self.visible().filter(last_changed_at__isnull=False)

    def get_visible(self, pk):
        """The article with this id; DoesNotExist if none, TakenDown if taken down."""
        article = self.get(pk=pk)
        if article.is_hidden:
            raise TakenDown(article.pk)
        return article

    def due(self, now):
        """Articles to check now, in the order they fell due.

        Served by the index article_due_check_idx, so the cost follows the due
        rows, not the archive. Paused sources are excluded by id rather than by
        a join, which would lead the planner to scan a source's articles.
        """
        return self.filter(state__in=Article.CHECKED_STATES, next_check_at__lte=now).exclude(
            source_id__in=Source.objects.paused_ids()
        )


class Article(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        FAILING = "failing", "Failing"
        STOPPED = "stopped", "Stopped"
        GONE = "gone", "Gone"

    CHECKED_STATES = (State.ACTIVE, State.FAILING)

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="articles")
    url = models.URLField(max_length=2000, unique=True, help_text="Canonical URL.")
    url_key = models.CharField(
        max_length=2000,
        unique=True,
        editable=False,
        help_text="The canonical URL without its scheme: http and https are one article.",
    )
    title = models.TextField(blank=True, help_text="The latest archived title.")
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_changed_at = models.DateTimeField(null=True, blank=True)
    next_check_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    consecutive_failures = models.PositiveIntegerField(default=0)
    consecutive_missing = models.PositiveIntegerField(
        default=0, help_text="404/410 answers in a row."
    )
    missing_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The first of the 404/410 answers in a row: when the source removed it.",
    )
    consecutive_suspicious = models.PositiveIntegerField(
        default=0, help_text="Suspicious fetches (walls, error pages) in a row."
    )
    suspicious_text_hash = models.CharField(
        max_length=64, blank=True, help_text="The text of the last suspicious fetch."
    )
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_body_hash = models.CharField(max_length=64, blank=True)
    # The log row that this article's quiet checks fold into while they run
    # on uninterrupted (see Check.repeats); not a foreign key, so pruning the
    # log never touches articles.
    quiet_check_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    version_count = models.PositiveIntegerField(default=0)
    change_count = models.PositiveIntegerField(
        default=0, help_text="Versions after the first that are not boring."
    )
    headline_test_at = models.DateTimeField(
        null=True, blank=True, help_text="When a version last showed a headline test."
    )
    is_hidden = models.BooleanField(default=False, help_text="Taken down: 410 on the public site.")
    hidden_reason = models.TextField(blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-last_changed_at"]
        indexes = [
            # The scheduler's query: due articles still being checked.
            # (state, next_check_at) rather than a partial index: SQLite
            # cannot match a partial index to a query with bound parameters.
            models.Index(fields=["state", "next_check_at"], name="article_due_check_idx"),
            models.Index(fields=["-last_changed_at"], name="article_recent_change_idx"),
            models.Index(fields=["source", "-last_changed_at"], name="article_source_change_idx"),
        ]

    def __str__(self):
        return self.title or self.url

    def save(self, *args, **kwargs):
        self.url = urlcanon.canonicalize(self.url)
        self.url_key = urlcanon.url_key(self.url)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return routes.address("article-history", self.pk)

    @property
    def is_checked(self):
        return self.state in self.CHECKED_STATES

    @property
    def removed_at(self):
        """When the source removed the article (its first 404/410 in a row); None if it did not."""
        return self.missing_since if self.state == self.State.GONE else None

    def latest_version(self):
        return self.versions.order_by("-number").first()

    def version_pair(self, old_number, new_number):
        """(old, new) versions by number, without their raw page; None if one is missing."""
        found = {
            v.number: v
            for v in self.versions.filter(number__in=[old_number, new_number]).defer("raw_body")
        }
        if old_number == new_number or len(found) != 2:
            return None
        Version.load_texts(found.values())
        return found[old_number], found[new_number]

    def age_of_last_change(self, now):
        return now - (self.last_changed_at or self.first_seen_at)

    def _stop_after(self):
        return timedelta(days=self.source.stop_after_days or settings.NEWSDIFFS_STOP_AFTER_DAYS)

    def _min_interval(self):
        minutes = self.source.min_check_interval_minutes
        return timedelta(minutes=minutes) if minutes else timedelta(0)

    def schedule_after_success(self, now):
        """Set state and next check after a check that reached the page.

        A stopped or gone article checked by hand (`manage.py check_article`,
        the admin's "check now") keeps its state: only resume() puts it back.
        """
        self.last_checked_at = now
        if not self.is_checked:
            return
        self.consecutive_failures = 0
        self.consecutive_missing = 0
        self.missing_since = None
        self.consecutive_suspicious = 0
        age = self.age_of_last_change(now)
        if age >= self._stop_after():
            self.state = self.State.STOPPED
            return
        self.state = self.State.ACTIVE
        delay = schedule.recheck_delay(age, settings.NEWSDIFFS_SCHEDULE)
        if self.is_watching_headline_test(now):
            delay = min(delay, timedelta(minutes=settings.NEWSDIFFS_HEADLINE_TEST_RECHECK_MINUTES))
        # The source's shortest interval holds over everything; the fetcher's
        # per-host politeness delay holds over that.
        self.next_check_at = now + max(delay, self._min_interval())

    def is_watching_headline_test(self, now):
        """A young article caught testing headlines is checked more often while
        it is young, so each variant's time on the page is measured closely."""
        if self.headline_test_at is None:
            return False
        young_for = timedelta(hours=settings.NEWSDIFFS_HEADLINE_TEST_WATCH_HOURS)
        return now - self.first_seen_at <= young_for

    # What a check reads before it fetches: see ArticleQuerySet.for_check.
    CHECK_FIELDS = (
        "id",
        "url",
        "source_id",
        "version_count",
        "etag",
        "last_modified",
        "last_body_hash",
        "quiet_check_id",
        "state",
        "first_seen_at",
        "last_changed_at",
        "headline_test_at",
    )
    # What a quiet check writes: its schedule, the validators, the log row.
    _QUIET_CHECK_FIELDS = (
        "last_checked_at",
        "consecutive_failures",
        "consecutive_missing",
        "consecutive_suspicious",
        "state",
        "next_check_at",
        "etag",
        "last_modified",
        "last_body_hash",
        "quiet_check_id",
    )

    def save_quiet_check(self, now):
        """Schedule the next check after one that found nothing new: one UPDATE, no lock.

        It applies only while the row is as this check read it (no version
        stored since, the state unchanged, e.g. not stopped by an admin);
        otherwise whoever moved it has scheduled the article already, and
        False says so. Set the validators, body hash and quiet_check_id first.
        """
        return bool(hotsql.update_row(Article, *self._quiet_check_update(now)))

    @classmethod
    def save_quiet_checks(cls, checked):
        """save_quiet_check for each (article, checked_at) of `checked`, in one batch.

        Of the columns a quiet check may change, it writes those that changed
        in some article of the batch since it was read (the schedule always).
        """
        updates = [article._quiet_check_update(now) for article, now in checked]
        changed = {"last_checked_at", "next_check_at"}
        for (_, values, *_), (article, _) in zip(updates, checked, strict=True):
            read = getattr(article, "_values_read", {})
            changed.update(name for name, value in values.items() if read.get(name, ...) != value)
        names = [name for name in cls._QUIET_CHECK_FIELDS if name in changed]
        return hotsql.update_rows(
            cls,
            [(pk, {name: values[name] for name in names}, *rest) for pk, values, *rest in updates],
        )

    def _quiet_check_update(self, now):
        read = {"version_count": self.version_count, "state": self.state}
        self.schedule_after_success(now)
        values = {field: getattr(self, field) for field in self._QUIET_CHECK_FIELDS}
        return self.pk, values, read, [], []

    def schedule_after_failure(self, now, missing=False):
        """Back off after a failed check; repeated 404/410 make the article gone."""
        self.last_checked_at = now
        self.consecutive_failures += 1
        self.consecutive_missing = self.consecutive_missing + 1 if missing else 0
        if self.consecutive_missing <= 1:
            self.missing_since = now if missing else None
        if self.consecutive_missing >= settings.NEWSDIFFS_GONE_AFTER:
            self.state = self.State.GONE
            return
        if not self.is_checked:
            return  # stopped by an admin and checked by hand: it stays stopped
        if self.age_of_last_change(now) >= self._stop_after():
            # Failing for good, unchanged for as long as a working article
            # would be checked: stop, as that article would.
            self.state = self.State.STOPPED
            return
        if self.consecutive_failures >= settings.NEWSDIFFS_FAILING_AFTER:
            self.state = self.State.FAILING
        delay = schedule.failure_delay(
            self.consecutive_failures,
            timedelta(minutes=settings.NEWSDIFFS_FAILURE_BACKOFF_MINUTES),
            timedelta(hours=settings.NEWSDIFFS_FAILURE_BACKOFF_MAX_HOURS),
        )
        self.next_check_at = now + max(delay, self._min_interval())

    def schedule_after_suspicious(self, now):
        """After a fetch that was not the article: look again soon, once.

        A wall that stays up is not worth a fetch every few minutes for
        weeks, so from the second suspicious fetch in a row the ordinary
        schedule holds.
        """
        suspicious = self.consecutive_suspicious + 1
        self.schedule_after_success(now)
        self.consecutive_suspicious = suspicious
        if suspicious == 1:
            soon = now + timedelta(minutes=settings.NEWSDIFFS_SUSPICIOUS_RECHECK_MINUTES)
            self.next_check_at = min(self.next_check_at, soon)

    def recount(self):
        """Recompute the denormalised counts from the versions (after marking boring)."""
        versions = list(
            self.versions.order_by("number").only("number", "title", "is_boring", "archived_at")
        )
        self.version_count = len(versions)
        changes = [v for v in versions[1:] if not v.is_boring]
        self.change_count = len(changes)
        if versions:
            self.title = versions[-1].title
            self.last_changed_at = (changes[-1] if changes else versions[0]).archived_at

    def resume(self, now=None):
        """Put a stopped, gone or failing article back on the schedule."""
        self.state = self.State.ACTIVE
        self.consecutive_failures = 0
        self.consecutive_missing = 0
        self.missing_since = None
        self.next_check_at = now or timezone.now()


class VersionQuerySet(models.QuerySet):
    def visible(self):
        """Versions of articles the public may see."""
        return self.filter(article__is_hidden=False)

    def changes(self):
        """Real changes: versions after the first that are not boring."""
        return self.filter(number__gt=1, is_boring=False)

    def outline(self):
        """Every version's number, times and change size, oldest first: light rows
        (named tuples) for timelines and navigation, whatever the article's age."""
        fields = ("number", "archived_at", "published_at", "is_boring")
        return self.order_by("number").values_list(
            *fields, "chars_added", "chars_removed", named=True
        )


class Version(ArchivedPage):
    # Unique with number: that index serves the lookups by article too.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="versions", db_index=False
    )
    number = models.PositiveIntegerField()
    archived_at = models.DateTimeField(default=timezone.now)
    title = models.TextField(blank=True)
    byline = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    modified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the page said it was last modified."
    )
    # Null, not "": versions archived before lead images were recorded say
    # nothing about their picture, and "" means the page had none.
    lead_image_url = models.URLField(  # noqa: DJ001 (null is "not recorded")
        max_length=2000, null=True, blank=True, help_text="The picture the page led with."
    )
    is_boring = models.BooleanField(
        default=False, help_text="Only whitespace, punctuation or letter case changed."
    )
    chars_added = models.PositiveIntegerField(default=0)
    chars_removed = models.PositiveIntegerField(default=0)
    reverts_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reverted_by",
        db_index=False,  # version_reverts_to_idx, without the rows that revert nothing
        help_text="An earlier version whose title, byline and text this one repeats.",
    )
    fetched_url = models.URLField(max_length=2000, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    # {slug: details} from articles.comparison.labels; the slugs are also
    # VersionLabel rows, which the filters use.
    label_details = models.JSONField(default=dict, blank=True)
    wayback_url = models.URLField(
        max_length=2000, blank=True, help_text="The Wayback Machine's snapshot after this version."
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="version_number_unique")
        ]
        indexes = [
            models.Index(fields=["-archived_at"], name="version_recent_idx"),
            models.Index(
                fields=["reverts_to"],
                name="version_reverts_to_idx",
                condition=Q(reverts_to__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.article} (version {self.number})"

    def get_absolute_url(self):
        """The version's row in its article's history, on the page that shows it."""
        url = routes.address("article-history", self.article_id)
        return f"{url}?upto={self.number}#v{self.number}"

    def changes_url(self):
        """The comparison with the version before it (None for the first)."""
        if self.number < 2:
            return None
        return routes.address("article-diff", self.article_id, self.number - 1, self.number)

    def previous(self):
        return self.article.versions.filter(number__lt=self.number).order_by("-number").first()

    def paragraphs(self):
        return content.paragraphs(self.text)

    @property
    def has_response(self):
        """Whether the page as served was kept (versions made by hand, as in tests, have none)."""
        return bool(self.raw_body_hash)

    def response_message(self):
        """The response as one HTTP message (see articles.evidence); CorruptStorage or
        CorruptHeaders if what was stored does not read back."""
        return evidence.http_message(self.http_status, self.header_pairs(), self.raw_html())

    def content(self):
        return content.of(self)

    def label_slugs(self):
        """The labels of this change, in the labeller's order."""
        return list(self.label_details or {})

    def keep_labels(self):
        """Write label_details' slugs as VersionLabel rows, which filters read."""
        VersionLabel.objects.bulk_create(
            VersionLabel(version=self, slug=slug) for slug in self.label_slugs()
        )


class VersionDiff(models.Model):
    """The structured comparison of two versions, computed once and kept.

    Only adjacent versions are kept here (the pipeline computes each new
    version against its previous one); other pairs live in the cache.
    """

    old_version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="+")
    new_version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="+")
    format = models.PositiveSmallIntegerField(
        help_text="The diff code's format number: rows of an older format are recomputed."
    )
    rows = models.JSONField(help_text="articles.comparison.diffing.DiffRow.as_json() rows.")
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["old_version", "new_version"], name="version_diff_pair_unique"
            )
        ]

    def __str__(self):
        return f"{self.old_version} to version {self.new_version.number}"


# The check log and the labels live in their own modules; models of this app all the same.
from articles.changedtexts import ChangedText, ChangedTextPending  # noqa: E402, F401
from articles.checklog import Check, Heartbeat  # noqa: E402, F401
from articles.discoveryurls import DiscoveryURL  # noqa: E402, F401
from articles.latesttexts import LatestText  # noqa: E402, F401
from articles.versionlabels import VersionLabel  # noqa: E402

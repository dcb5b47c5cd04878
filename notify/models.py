"""Subscriptions and the outbox of deliveries.

A Delivery row is written in the transaction that stores the version it is
about, so nothing is lost between "a version was archived" and "someone was
told": the jobs in notify.jobs send each row, claiming it with a
conditional UPDATE, and the scheduler's tick finds the rows whose job was
lost (Redis restarted) or whose worker died (the lease ran out).
"""

import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from articles.fetching.errors import FetchError, RefusedURL
from articles.fetching.netguard import check_url
from notify import matching, policy, template

SUBSCRIPTIONS_CACHE_KEY = "notify:active-subscriptions"
SUBSCRIPTIONS_CACHE_SECONDS = 60


class Subscription(models.Model):
    class Kind(models.TextChoices):
        WEBHOOK = "webhook", "Webhook (signed JSON POST)"
        APPRISE = "apprise", "Apprise URL (Mastodon, Bluesky, Slack, ...)"
        EMAIL = "email", "Email (Django's mail settings)"

    name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    destination = models.CharField(
        max_length=2000,
        help_text="Webhook: the http(s) URL. Apprise: its URL (mastodons://..., "
        "tgram://...). Email: the address.",
    )
    secret = models.CharField(
        max_length=200, blank=True, help_text="Webhook: the HMAC-SHA256 signing key."
    )
    sources = models.ManyToManyField(
        "articles.Source", blank=True, help_text="None chosen: every source."
    )
    min_change_chars = models.PositiveIntegerField(
        default=0, help_text="Only changes of at least this many characters (added + removed)."
    )
    headline_only = models.BooleanField(
        default=False, help_text="Only versions whose headline changed."
    )
    include_boring = models.BooleanField(
        default=False, help_text="Also versions that changed only white space or punctuation."
    )
    min_interval_seconds = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="At most one delivery to this destination this often; the rest wait. "
        "Empty: NEWSDIFFS_NOTIFY_MIN_INTERVAL_SECONDS.",
    )
    message_template = models.TextField(
        blank=True,
        help_text="Apprise and email: the message. Empty: the default. Fields: "
        + ", ".join("{" + name + "}" for name in template.FIELDS),
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name or f"{self.get_kind_display()} #{self.pk}"

    def clean(self):
        if self.kind == self.Kind.WEBHOOK:
            if urlsplit(self.destination).scheme not in ("http", "https"):
                raise ValidationError({"destination": "A webhook is an http or https URL."})
            if reason := _private_address(self.destination):
                raise ValidationError({"destination": reason})
        elif self.kind == self.Kind.EMAIL:
            self.destination = self.destination.removeprefix("mailto:")
            validate_email(self.destination)
        elif self.kind == self.Kind.APPRISE:
            from notify.channels.apprise_channel import apprise_refusal

            if reason := apprise_refusal(self.destination, check_address=False):
                raise ValidationError({"destination": reason})
        if self.message_template:
            try:
                template.check(self.message_template)
            except template.TemplateError as error:
                raise ValidationError({"message_template": str(error)}) from None

    def throttle_interval(self):
        if self.min_interval_seconds is not None:
            return self.min_interval_seconds
        return settings.NEWSDIFFS_NOTIFY_MIN_INTERVAL_SECONDS

    def filters(self):
        return matching.Filters(
            subscription_id=self.pk,
            kind=self.kind,
            source_ids=frozenset(source.pk for source in self.sources.all()),
            min_change_chars=self.min_change_chars,
            headline_only=self.headline_only,
            include_boring=self.include_boring,
        )


def _private_address(url):
    """Why the guard refuses this URL's address, or None (a name that does not
    resolve yet is left to the delivery, which records it)."""
    try:
        check_url(url, settings.NEWSDIFFS_ALLOW_PRIVATE_URLS)
    except RefusedURL as error:
        return str(error)
    except FetchError:
        return None
    return None


def active_filters():
    """Every active subscription's Filters, cached: read under the article's lock."""
    found = cache.get(SUBSCRIPTIONS_CACHE_KEY)
    if found is None:
        subscriptions = Subscription.objects.filter(is_active=True).prefetch_related("sources")
        found = [subscription.filters() for subscription in subscriptions]
        cache.set(SUBSCRIPTIONS_CACHE_KEY, found, SUBSCRIPTIONS_CACHE_SECONDS)
    return found


def forget_subscriptions(**signal_arguments):
    # On Redis every process sees this at once; an in-process cache (no
    # REDIS_URL) of another process catches up within a minute. After the
    # commit too: a check reading the list meanwhile would cache the old one.
    cache.delete(SUBSCRIPTIONS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(SUBSCRIPTIONS_CACHE_KEY))


# Signals rather than save(): the admin's bulk delete and the sources set
# after a save (many-to-many) change what matches too.
post_save.connect(forget_subscriptions, sender=Subscription)
post_delete.connect(forget_subscriptions, sender=Subscription)
m2m_changed.connect(forget_subscriptions, sender=Subscription.sources.through)


class DeliveryQuerySet(models.QuerySet):
    def due(self, now):
        """Deliveries to send now: waiting ones, and sending ones whose worker's lease ran out."""
        return self.filter(state__in=Delivery.OPEN_STATES, next_attempt_at__lte=now)


class Delivery(models.Model):
    class Kind(models.TextChoices):
        WEBHOOK = "webhook", "Webhook"
        APPRISE = "apprise", "Apprise"
        EMAIL = "email", "Email"
        WAYBACK = "wayback", "Wayback Machine"

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    OPEN_STATES = (State.PENDING, State.SENDING)

    kind = models.CharField(max_length=10, choices=Kind.choices)
    # No database constraint: the outbox inserts from a cached list of
    # subscriptions, and one deleted a moment ago must not fail the check that
    # stores a version. Such a delivery is dropped when its turn comes.
    subscription = models.ForeignKey(
        Subscription,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
        db_constraint=False,
    )
    version = models.ForeignKey(
        "articles.Version", on_delete=models.CASCADE, related_name="deliveries"
    )
    throttle_key = models.CharField(
        max_length=300, help_text="Deliveries with one key are spaced out (one destination)."
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_response = models.TextField(blank=True, help_text="The start of the last answer.")
    last_error = models.TextField(blank=True)
    remote_job_id = models.CharField(
        max_length=200, blank=True, help_text="Wayback: the Save Page Now job being polled."
    )
    polls = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The tick's query: open deliveries that fell due.
            models.Index(fields=["state", "next_attempt_at"], name="delivery_due_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for version id {self.version_id} ({self.state})"

    def _open(self):
        return Delivery.objects.filter(pk=self.pk, state__in=self.OPEN_STATES)

    @classmethod
    def claim(cls, pk, claimed_until, now):
        """Take the delivery for one run: the row, or None if another run holds it.

        The UPDATE applies only while the row is as the tick (or the outbox)
        left it, so two copies of a job never both send.
        """
        lease_end = now + timedelta(seconds=settings.NEWSDIFFS_DELIVERY_LEASE_SECONDS)
        rows = cls.objects.filter(pk=pk, state__in=cls.OPEN_STATES)
        if claimed_until is not None:
            rows = rows.filter(next_attempt_at=claimed_until)
        if not rows.update(state=cls.State.SENDING, next_attempt_at=lease_end):
            return None
        heavy = [f"version__{name}" for name in ("raw_body", "plain_text", "stored_text")]
        return cls.objects.select_related("subscription", "version").defer(*heavy).get(pk=pk)

    def start_attempt(self, now):
        """Count the attempt before sending, so a delivery that kills workers still runs out."""
        self.attempts += 1
        self.last_attempt_at = now
        Delivery.objects.filter(pk=self.pk).update(attempts=F("attempts") + 1, last_attempt_at=now)

    def postpone(self, until):
        """Wait for the destination's throttle; not an attempt."""
        self._open().update(state=self.State.PENDING, next_attempt_at=until)

    def record_delivered(self, now, status=None, response=""):
        # Whatever a slower copy of this run does later, delivered stays delivered.
        self.state = self.State.DELIVERED
        self._open().update(
            state=self.State.DELIVERED,
            delivered_at=now,
            last_status=status,
            last_response=policy.excerpt(response),
            last_error="",
        )

    def record_waiting(self, now, until, job_id, status=None, response=""):
        """A remote job (Save Page Now) accepted the work: poll it later, not a failure."""
        self._open().update(
            state=self.State.PENDING,
            next_attempt_at=until,
            remote_job_id=job_id,
            polls=F("polls") + 1,
            attempts=F("attempts") - 1,
            last_status=status,
            last_response=policy.excerpt(response),
        )

    def record_failure(self, now, error):
        """Back off, or give up after NEWSDIFFS_DELIVERY_MAX_ATTEMPTS."""
        failed = policy.gives_up(self.attempts, settings.NEWSDIFFS_DELIVERY_MAX_ATTEMPTS)
        self.state = self.State.FAILED if failed else self.State.PENDING
        self._open().update(
            state=self.state,
            next_attempt_at=now + policy.retry_delay(self.attempts),
            last_status=getattr(error, "status", None),
            last_response=policy.excerpt(getattr(error, "response", "")),
            last_error=policy.excerpt(str(error)),
            remote_job_id="" if getattr(error, "restart", False) else F("remote_job_id"),
            polls=0 if getattr(error, "restart", False) else F("polls"),
        )

    @classmethod
    def prune(cls, now):
        """Drop delivered rows older than NEWSDIFFS_DELIVERY_LOG_DAYS; failed ones stay."""
        cutoff = now - timedelta(days=settings.NEWSDIFFS_DELIVERY_LOG_DAYS)
        deleted, _ = cls.objects.filter(state=cls.State.DELIVERED, delivered_at__lt=cutoff).delete()
        return deleted

    def give_up(self, reason):
        self.state = self.State.FAILED
        self._open().update(state=self.State.FAILED, last_error=reason)

    def retry_now(self, now=None):
        """The admin's "retry": a failed delivery gets a fresh set of attempts."""
        self.state = self.State.PENDING
        self.attempts = 0
        self.next_attempt_at = now or timezone.now()
        self.save(update_fields=["state", "attempts", "next_attempt_at"])


def wayback_throttle_key(article_url):
    return "wayback:" + (urlsplit(article_url).hostname or "")


def subscription_throttle_key(subscription_id):
    return f"subscription:{subscription_id}"

"""Sources in the admin: settings in sections, health at a glance, preview, actions."""

import logging

from django.contrib import admin, messages
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext

from articles.admin import source_health
from articles.admin.forms import DiscoveryURLForm, SourceForm
from articles.admin.source_preview import preview_view
from articles.charts import daily_bars_svg
from articles.jobs import check_soon, run_discovery
from articles.models import Article, DiscoveryURL, Source
from articles.reader.humanize import count as counted
from newsdiffs.queues import enqueue

log = logging.getLogger(__name__)
Verdict = source_health.Verdict

ADMIN_CSS = {"all": ["admin-extra/admin.css"]}


class DiscoveryURLInline(admin.TabularInline):
    model = DiscoveryURL
    form = DiscoveryURLForm
    extra = 1
    fields = ["url", "kind", "last_fetched_at", "last_links_found", "last_error"]
    readonly_fields = ["last_fetched_at", "last_links_found", "last_error"]
    verbose_name = "feed or front page"
    verbose_name_plural = "Discovery: feeds and front pages read for new article links"


class HealthFilter(admin.SimpleListFilter):
    title = "health (24 h)"
    parameter_name = "health"

    def lookups(self, request, model_admin):
        return [(Verdict.FAILING, "Failing"), (Verdict.IDLE, "No checks"), ("ok", "Not failing")]

    def queryset(self, request, queryset):
        failing = source_health.failing_filter()
        if self.value() == Verdict.FAILING:
            return queryset.filter(failing)
        if self.value() == Verdict.IDLE:
            return queryset.filter(is_active=True, checks_24h=0)
        if self.value() == "ok":
            return queryset.filter(is_active=True, checks_24h__gt=0).exclude(failing)
        return queryset


def _plain(queryset):
    """The selected sources without the health annotations, for update()."""
    return Source.objects.filter(pk__in=list(queryset.values_list("pk", flat=True)))


def health_badge(source):
    verdict = source_health.verdict(source.is_active, source.checks_24h, source.failures_24h)
    return format_html(
        '<span class="health-badge health-{}">{}</span>', verdict, Verdict.LABELS[verdict]
    )


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    inlines = [DiscoveryURLInline]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug", "homepage"]
    list_display = [
        "name",
        "health",
        "articles_tracked",
        "changes_24h",
        "last_success",
        "error_rate",
        "is_active",
    ]
    list_filter = [HealthFilter, "is_active"]
    readonly_fields = [
        "health_summary",
        "changes_chart",
        "created_at",
        "last_discovered_at",
        "next_discovery_at",
    ]
    actions = ["check_now", "rediscover_now", "pause", "resume"]
    change_form_template = "admin/articles/source/change_form.html"
    fieldsets = [
        (None, {"fields": ["name", "slug", "homepage", "is_active"]}),
        (
            "Discovery",
            {
                "fields": ["article_url_pattern", "allowed_hosts"],
                "description": "Which links on the feeds and front pages (listed just below) are "
                "articles to track. Use Preview to see what these settings match.",
            },
        ),
        (
            "Extraction",
            {
                "fields": ["body_selector", "title_selector", "byline_selector", "drop_selectors"],
                "description": "Leave empty to let the extractor find the article itself; "
                "set selectors only when Preview shows it picking the wrong text.",
            },
        ),
        (
            "Schedule",
            {
                "fields": [
                    "discovery_interval_minutes",
                    "min_check_interval_minutes",
                    "stop_after_days",
                ],
                "description": "Empty fields use the site-wide settings.",
            },
        ),
        (
            "Wayback Machine",
            {
                "fields": ["submit_to_wayback"],
                "description": "Each new version's page is submitted to Save Page Now "
                "(NEWSDIFFS_WAYBACK_* settings); the snapshot is linked from the history.",
            },
        ),
        (
            "Advanced",
            {
                "classes": ["collapse"],
                "fields": ["created_at", "last_discovered_at", "next_discovery_at"],
            },
        ),
    ]

    class Media:
        css = ADMIN_CSS

    def get_queryset(self, request):
        return source_health.with_health(super().get_queryset(request), timezone.now())

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets
        return [("Health", {"fields": ["health_summary", "changes_chart"]}), *self.fieldsets]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.preview)
        return [
            path("preview/", view, name="{}_{}_preview".format(*info)),
            path("<path:object_id>/preview/", view, name="{}_{}_preview".format(*info)),
            *super().get_urls(),
        ]

    def preview(self, request, object_id=None):
        return preview_view(self, request, object_id)

    @admin.display(description="Health", ordering="failures_24h")
    def health(self, source):
        return health_badge(source)

    @admin.display(description="Articles", ordering="articles_tracked")
    def articles_tracked(self, source):
        return source.articles_tracked

    @admin.display(description="Changes (24 h)", ordering="changes_24h")
    def changes_24h(self, source):
        return source.changes_24h

    @admin.display(description="Last successful check", ordering="last_success_at")
    def last_success(self, source):
        return naturaltime(source.last_success_at) if source.last_success_at else "never"

    @admin.display(description="Errors (24 h)")
    def error_rate(self, source):
        rate = source_health.error_rate(source.checks_24h, source.failures_24h)
        if rate is None:
            return "no checks"
        return f"{rate:.0%} of {source.checks_24h}"

    @admin.display(description="Last 24 hours")
    def health_summary(self, source):
        checks_url = reverse("admin:articles_check_changelist") + f"?source__id__exact={source.pk}"
        articles_url = (
            reverse("admin:articles_article_changelist") + f"?source__id__exact={source.pk}"
        )
        return format_html(
            '{} · <a href="{}">articles: {}</a> · changes: {} · checks: {}, failed: {} · '
            'last successful check {} · <a href="{}">check log</a>',
            health_badge(source),
            articles_url,
            source.articles_tracked,
            source.changes_24h,
            source.checks_24h,
            source.failures_24h,
            self.last_success(source),
            checks_url,
        )

    @admin.display(description="Changes per day, last 30 days")
    def changes_chart(self, source):
        counts = source_health.changes_per_day(source, timezone.localdate())
        return daily_bars_svg(counts, label="changes")

    @admin.action(description="Check now: make each article still being checked due")
    def check_now(self, request, queryset):
        sources = list(queryset)
        # Due now rather than checked here: a source may have thousands of
        # articles, and the scheduler spreads them over its workers.
        count = check_soon(Article.objects.filter(source__in=sources))
        for source in sources:
            log.info("admin check now source=%s user=%s", source.pk, request.user.get_username())
        self.message_user(
            request,
            f"{counted(count, 'article', 'articles')} of "
            f"{counted(len(sources), 'source', 'sources')} "
            f"{ngettext('is', 'are', count)} due now; the scheduler checks "
            f"{ngettext('it', 'them', count)} at its next tick.",
        )

    @admin.action(description="Re-discover now: read the feeds and front pages again")
    def rediscover_now(self, request, queryset):
        active = list(queryset.filter(is_active=True))
        now = timezone.now()
        for source in active:
            # Due now, so the job claims it (and the scheduler would, were the job lost).
            Source.objects.filter(pk=source.pk).update(next_discovery_at=now)
            enqueue(run_discovery, source.pk)
            log.info("admin re-discover source=%s user=%s", source.pk, request.user.get_username())
        skipped = queryset.count() - len(active)
        message = f"Enqueued discovery of {counted(len(active), 'source', 'sources')}."
        if skipped:
            paused = counted(skipped, "paused source", "paused sources")
            message += f" {paused} skipped: resume {ngettext('it', 'them', skipped)} first."
        self.message_user(request, message, messages.WARNING if skipped else messages.SUCCESS)

    @admin.action(description="Pause: stop discovering and checking")
    def pause(self, request, queryset):
        count = _plain(queryset).update(is_active=False)
        log.info("admin paused sources=%s user=%s", count, request.user.get_username())
        self.message_user(request, f"Paused {counted(count, 'source', 'sources')}.")

    @admin.action(description="Resume: discover and check again")
    def resume(self, request, queryset):
        count = _plain(queryset).update(is_active=True, next_discovery_at=timezone.now())
        log.info("admin resumed sources=%s user=%s", count, request.user.get_username())
        self.message_user(request, f"Resumed {counted(count, 'source', 'sources')}.")

"""Articles and their versions in the admin: find, check, stop, take down, mark boring."""

import logging

from django.contrib import admin, messages
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles.admin.forms import ArticleActionForm
from articles.comparison import labels
from articles.comparison.labels import LABELS
from articles.jobs import run_check
from articles.models import Article, Version
from articles.reader.humanize import count as counted
from articles.storage.deltas import CorruptStorage
from articles.storage.headers import CorruptHeaders
from newsdiffs.queues import enqueue

log = logging.getLogger(__name__)

ADMIN_CSS = {"all": ["admin-extra/admin.css"]}


def comparison_url(article_id, old, new):
    """The public page comparing two versions (by number) of an article."""
    try:
        return reverse("article-diff", args=[article_id, old, new])
    except NoReverseMatch:  # the reader's site not installed
        return f"/articles/{article_id}/diff/{old}/{new}/"


def _user(request):
    return request.user.get_username()


class HasChangesFilter(admin.SimpleListFilter):
    title = "has changes"
    parameter_name = "has_changes"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(change_count__gt=0)
        if self.value() == "no":
            return queryset.filter(change_count=0)
        return queryset


class VersionInline(admin.TabularInline):
    model = Version
    fields = ["number", "archived_at", "title", "is_boring", "chars_added", "chars_removed"]
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False
    ordering = ["-number"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("raw_body", "plain_text", "stored_text")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "source",
        "state",
        "version_count",
        "change_count",
        "last_checked_at",
        "last_changed_at",
        "is_hidden",
        "public_page",
    ]
    list_filter = ["source", "state", HasChangesFilter, "is_hidden"]
    search_fields = ["url", "title"]
    list_select_related = ["source"]
    list_per_page = 50
    show_full_result_count = False
    action_form = ArticleActionForm
    actions = ["check_now", "stop_checking", "resume_checking", "hide", "unhide"]
    inlines = [VersionInline]
    history_fields = [
        "first_seen_at",
        "last_checked_at",
        "last_changed_at",
        "version_count",
        "change_count",
        "consecutive_failures",
        "consecutive_missing",
        "consecutive_suspicious",
        "check_log",
    ]
    readonly_fields = ["url", "url_key", "public_page", *history_fields]
    fieldsets = [
        (None, {"fields": ["title", "url", "public_page", "source", "state", "next_check_at"]}),
        ("Takedown", {"fields": ["is_hidden", "hidden_reason"]}),
        ("History", {"fields": history_fields}),
        ("Advanced", {"classes": ["collapse"], "fields": ["url_key"]}),
    ]

    class Media:
        css = ADMIN_CSS

    def get_queryset(self, request):
        return super().get_queryset(request).defer("etag", "last_modified", "last_body_hash")

    @admin.display(description="Public page")
    def public_page(self, article):
        if article.pk is None:
            return "-"
        return format_html('<a href="{}">history</a>', article.get_absolute_url())

    @admin.display(description="Check log")
    def check_log(self, article):
        url = reverse("admin:articles_check_changelist") + f"?article__id__exact={article.pk}"
        return format_html('<a href="{}">checks of this article</a>', url)

    @admin.action(description="Check now")
    def check_now(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        for article_id in ids:
            enqueue(run_check, article_id)
            log.info("admin check now article=%s user=%s", article_id, _user(request))
        self.message_user(request, f"Enqueued {counted(len(ids), 'check', 'checks')}.")

    @admin.action(description="Stop checking")
    def stop_checking(self, request, queryset):
        count = queryset.update(state=Article.State.STOPPED)
        log.info("admin stopped articles=%s user=%s", count, _user(request))
        self.message_user(request, f"Stopped checking {counted(count, 'article', 'articles')}.")

    @admin.action(description="Resume checking")
    def resume_checking(self, request, queryset):
        now = timezone.now()
        with transaction.atomic():
            for article in queryset.select_for_update():
                article.resume(now)
                article.save(
                    update_fields=[
                        "state",
                        "consecutive_failures",
                        "consecutive_missing",
                        "missing_since",
                        "next_check_at",
                    ]
                )
                log.info("admin resumed article=%s user=%s", article.pk, _user(request))
        self.message_user(request, "Resumed checking; they are due now.")

    @admin.action(description="Hide (take down: 410 on the public site), giving a reason")
    def hide(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if not reason:
            self.message_user(
                request,
                "Nothing hidden: write the reason for the takedown in the Reason box.",
                messages.ERROR,
            )
            return
        ids = list(queryset.values_list("pk", flat=True))
        Article.objects.filter(pk__in=ids).update(is_hidden=True, hidden_reason=reason)
        for article_id in ids:
            log.info("admin hid article=%s user=%s", article_id, _user(request))
        self.message_user(request, f"Hid {counted(len(ids), 'article', 'articles')}: {reason}")

    @admin.action(description="Unhide")
    def unhide(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        Article.objects.filter(pk__in=ids).update(is_hidden=False, hidden_reason="")
        for article_id in ids:
            log.info("admin unhid article=%s user=%s", article_id, _user(request))
        self.message_user(request, f"Unhid {counted(len(ids), 'article', 'articles')}.")


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    """Versions are the archive's record: read-only, except for the boring flag."""

    list_display = [
        "article",
        "number",
        "archived_at",
        "title",
        "is_boring",
        "chars_added",
        "chars_removed",
        "comparison",
    ]
    search_fields = ["title", "article__url"]
    list_select_related = ["article"]
    show_full_result_count = False
    # No date_hierarchy: its DISTINCT-dates query reads every version.
    list_filter = ["is_boring", "labels__slug", "article__source", "archived_at"]
    actions = ["mark_boring", "unmark_boring"]
    fields = [
        "article",
        "number",
        "archived_at",
        "comparison",
        "title",
        "byline",
        "published_at",
        "modified_at",
        "is_boring",
        "chars_added",
        "chars_removed",
        "edit_labels",
        "reverts_to",
        "fetched_url",
        "http_status",
        "headers",
        "storage",
        "text_paragraphs",
    ]
    readonly_fields = fields

    class Media:
        css = ADMIN_CSS

    def get_queryset(self, request):
        # The list shows no text: rows load without it (and the page of one
        # version loads it when shown), not megabytes for 100 rows.
        return super().get_queryset(request).defer("raw_body", "plain_text", "stored_text")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_mark_boring_permission(self, request):
        return request.user.has_perm("articles.change_version")

    @admin.display(description="Comparison with the previous version")
    def comparison(self, version):
        if version.number <= 1:
            return "first version"
        url = comparison_url(version.article_id, version.number - 1, version.number)
        return format_html('<a href="{}">{} → {}</a>', url, version.number - 1, version.number)

    @admin.display(description="Edit labels")
    def edit_labels(self, version):
        return (
            format_html_join(
                "",
                "<p><strong>{}</strong> {}</p>",
                (
                    (LABELS.get(slug, slug), labels.describe(slug, details))
                    for slug, details in (version.label_details or {}).items()
                ),
            )
            or "none"
        )

    @admin.display(description="Text")
    def text_paragraphs(self, version):
        try:
            paragraphs = version.paragraphs()
        except CorruptStorage as error:  # shown, never served as if it were the text
            return format_html('<p class="errornote">{}</p>', error)
        return format_html_join("", '<p class="version-text">{}</p>', ((p,) for p in paragraphs))

    @admin.display(description="Response headers")
    def headers(self, version):
        try:
            pairs = version.header_pairs()
        except CorruptHeaders as error:
            return format_html('<p class="errornote">{}</p>', error)
        if pairs is None:
            return "not recorded (archived before headers were kept)"
        return format_html_join("", "<div><code>{}: {}</code></div>", pairs)

    @admin.display(description="Stored as")
    def storage(self, version):
        def described(codec, base):
            return f"{codec} on version {base}" if base else codec

        body = described(version.body_codec, version.body_base_number)
        text = described(version.text_codec, version.text_base_number)
        return f"body: {body}; text: {text}"

    def _set_boring(self, request, queryset, is_boring):
        with transaction.atomic():
            article_ids = set()
            for version in queryset.select_for_update().defer(
                "raw_body", "plain_text", "stored_text"
            ):
                if version.is_boring != is_boring:
                    version.is_boring = is_boring
                    version.save(update_fields=["is_boring"])
                    article_ids.add(version.article_id)
            for article in Article.objects.select_for_update().filter(pk__in=article_ids):
                article.recount()
                article.save(
                    update_fields=["version_count", "change_count", "title", "last_changed_at"]
                )
                log.info(
                    "admin set boring=%s article=%s user=%s", is_boring, article.pk, _user(request)
                )
        return len(article_ids)

    @admin.action(
        description="Mark boring (hide from change lists and feeds)", permissions=["mark_boring"]
    )
    def mark_boring(self, request, queryset):
        count = self._set_boring(request, queryset, True)
        self.message_user(
            request, f"Marked boring; recounted {counted(count, 'article', 'articles')}."
        )

    @admin.action(description="Unmark boring", permissions=["mark_boring"])
    def unmark_boring(self, request, queryset):
        count = self._set_boring(request, queryset, False)
        self.message_user(
            request, f"Unmarked boring; recounted {counted(count, 'article', 'articles')}."
        )

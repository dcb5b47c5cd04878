"""The check log in the admin: every fetch, failures with their message.

A run of quiet checks of one article is one row: "Unchanged x 12 since ...".
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timezone import localtime

from articles.models import Check

ADMIN_CSS = {"all": ["admin-extra/admin.css"]}


@admin.register(Check)
class CheckAdmin(admin.ModelAdmin):
    # What a check found first; the long names last, where they may wrap.
    list_display = [
        "checked_at",
        "outcome_badge",
        "http_status",
        "duration_ms",
        "short_message",
        "article_link",
        "source",
        "kind",
    ]
    list_filter = ["outcome", "kind", "source", "checked_at"]
    search_fields = ["url", "message"]
    date_hierarchy = "checked_at"
    list_select_related = ["source", "article"]
    list_per_page = 100
    # The log can hold hundreds of thousands of rows: skip the full COUNT(*).
    show_full_result_count = False
    fields = [
        "checked_at",
        "kind",
        "outcome",
        "repeats",
        "first_checked_at",
        "source",
        "article",
        "url",
        "http_status",
        "duration_ms",
        "message",
        "version",
    ]
    readonly_fields = fields

    class Media:
        css = ADMIN_CSS

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Outcome", ordering="outcome")
    def outcome_badge(self, check):
        badge = format_html(
            '<span class="outcome outcome-{}">{}</span>', check.outcome, check.get_outcome_display()
        )
        if check.repeats == 1:
            return badge
        return format_html(
            '{} <span class="repeats">&times;&nbsp;{} since {}</span>',
            badge,
            check.repeats,
            date_format(localtime(check.first_checked_at), "DATETIME_FORMAT"),
        )

    @admin.display(description="Article")
    def article_link(self, check):
        if check.article_id is None:
            return check.url
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[check.article_id]),
            Truncator(str(check.article)).chars(60),
        )

    @admin.display(description="Message")
    def short_message(self, check):
        return Truncator(check.message).chars(160)

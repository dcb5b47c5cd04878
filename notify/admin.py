"""Subscriptions and their delivery log in the admin."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from notify.channels.apprise_channel import private_url
from notify.models import Delivery, Subscription


class RecentDeliveryInline(admin.TabularInline):
    """The latest deliveries, read-only; the whole log is the Delivery list, filtered."""

    model = Delivery
    fields = ["created_at", "version", "state", "attempts", "last_status", "last_error"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "recent deliveries (the latest 20)"

    def get_queryset(self, request):
        recent = Delivery.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)
        parent_id = request.resolver_match.kwargs.get("object_id")
        ids = list(recent.filter(subscription_id=parent_id)[:20]) if parent_id else []
        return super().get_queryset(request).filter(pk__in=ids).select_related("version")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "destination_shown", "is_active", "filters", "delivery_log"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "destination"]
    filter_horizontal = ["sources"]
    inlines = [RecentDeliveryInline]
    fieldsets = [
        (None, {"fields": ["name", "kind", "destination", "secret", "is_active"]}),
        (
            "Filters",
            {
                "fields": [
                    "sources",
                    "min_change_chars",
                    "headline_only",
                    "include_boring",
                    "min_interval_seconds",
                ]
            },
        ),
        ("Message", {"fields": ["message_template"]}),
    ]

    @admin.display(description="Destination")
    def destination_shown(self, subscription):
        # Apprise URLs hold tokens and passwords: the list shows them masked.
        if subscription.kind == Subscription.Kind.APPRISE:
            return private_url(subscription.destination)
        return subscription.destination

    @admin.display(description="Filters")
    def filters(self, subscription):
        parts = []
        if subscription.min_change_chars:
            parts.append(f"≥ {subscription.min_change_chars} chars")
        if subscription.headline_only:
            parts.append("headline only")
        if subscription.include_boring:
            parts.append("boring too")
        return ", ".join(parts) or "every change"

    @admin.display(description="Deliveries")
    def delivery_log(self, subscription):
        url = (
            reverse("admin:notify_delivery_changelist")
            + f"?subscription__id__exact={subscription.pk}"
        )
        return format_html('<a href="{}">delivery log</a>', url)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "subscription",
        "version",
        "state",
        "attempts",
        "last_status",
        "next_attempt_at",
    ]
    list_filter = ["state", "kind", "subscription"]
    list_select_related = ["subscription", "version__article"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    readonly_fields = [
        "kind",
        "subscription",
        "version",
        "throttle_key",
        "state",
        "attempts",
        "next_attempt_at",
        "idempotency_key",
        "last_status",
        "last_response",
        "last_error",
        "remote_job_id",
        "polls",
        "created_at",
        "last_attempt_at",
        "delivered_at",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        heavy = [f"version__{name}" for name in ("raw_body", "plain_text", "stored_text")]
        return super().get_queryset(request).defer(*heavy)

    def has_add_permission(self, request):
        return False  # deliveries come from new versions, never by hand

    @admin.action(description="Retry the selected deliveries now")
    def retry_now(self, request, queryset):
        now = timezone.now()
        retried = 0
        for delivery in queryset.filter(state__in=[Delivery.State.PENDING, Delivery.State.FAILED]):
            delivery.retry_now(now)
            retried += 1
        messages.success(request, f"{retried} deliveries will be sent at the next tick.")

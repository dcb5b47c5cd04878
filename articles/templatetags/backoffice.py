"""Template helpers for the admin's operations links."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def rq_dashboard_enabled():
    """The RQ dashboard has queues to show only when jobs go through Redis."""
    return bool(settings.REDIS_URL)

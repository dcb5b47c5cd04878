"""RQ's cron configuration: `python manage.py rqcron newsdiffs.cron`."""

from django.conf import settings
from rq import cron

from articles.jobs import tick
from newsdiffs.queues import QUEUE_NAME

cron.register(tick, QUEUE_NAME, interval=settings.NEWSDIFFS_TICK_SECONDS, job_timeout=300)

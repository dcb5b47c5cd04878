"""The scheduler on its own: a tick every NEWSDIFFS_TICK_SECONDS, until SIGTERM or Ctrl-C."""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.jobs import tick_safely


class Command(BaseCommand):
    help = (
        "Run the scheduler: enqueue due discoveries and checks every NEWSDIFFS_TICK_SECONDS. "
        "It keeps going through database and Redis restarts; run one or several."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One tick, then exit")

    def handle(self, *args, **options):
        if options["once"]:
            tick_safely()
            return
        # SIGTERM and Ctrl-C stop it by raising KeyboardInterrupt. A handler that
        # set an Event the loop waits on could block on that Event's own lock,
        # held by the very thread it interrupted (seen in runarchive).
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, signal.default_int_handler)
        try:
            while True:
                tick_safely()
                time.sleep(settings.NEWSDIFFS_TICK_SECONDS)
        except KeyboardInterrupt:
            pass

"""The scheduler on its own: a tick every NEWSDIFFS_TICK_SECONDS, until SIGTERM or Ctrl-C."""

import signal
import threading

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
        stopping = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stopping.set())
        while not stopping.is_set():
            tick_safely()
            if options["once"]:
                return
            stopping.wait(settings.NEWSDIFFS_TICK_SECONDS)

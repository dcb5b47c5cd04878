"""Run the whole archive: web server, scheduler and workers, until Ctrl-C."""

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from articles.demo import DEMO_SETTINGS, start_demo_newsroom
from articles.jobs import tick_safely
from newsdiffs.env import parse_schedule
from newsdiffs.queues import start_local_worker, stop_local_worker, uses_redis

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the archive: migrations, web server, scheduler and workers together."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000", help="Web server address")
        parser.add_argument("--workers", type=int, default=2, help="RQ workers (with REDIS_URL)")
        parser.add_argument(
            "--web-workers", type=int, default=2, help="gunicorn worker processes for the web UI"
        )
        parser.add_argument(
            "--demo", action="store_true", help="Also run a local news site that keeps changing"
        )
        parser.add_argument("--demo-port", type=int, default=8001)
        parser.add_argument("--no-input", action="store_true", help="Never prompt")

    def handle(self, *args, **options):
        # SIGTERM (a supervisor's stop) stops it as Ctrl-C does, by raising
        # KeyboardInterrupt. Setting an Event from the handler could deadlock:
        # the handler runs in the main thread, which may be holding that
        # Event's lock in its wait() (seen: a stop that never ended).
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        host, _, port = options["addr"].rpartition(":")
        _require_free_port(host or "127.0.0.1", port, "--addr")
        if options["demo"]:
            _require_free_port("127.0.0.1", options["demo_port"], "--demo-port")
        call_command("migrate", interactive=False, verbosity=0)
        env = dict(os.environ)
        newsroom = None
        if options["demo"]:
            self._apply_demo_settings(env)
            newsroom = start_demo_newsroom(options["demo_port"])
            self.stdout.write(f"Demo newsroom at {newsroom.base_url} (stories change every minute)")
        if not options["no_input"]:
            self._offer_admin_account()
        children = self._start_children(options, env)
        self.stdout.write(f"newsdiffs is running at http://{options['addr']}/ (Ctrl-C stops it)")
        failed = None
        try:
            failed = self._supervise(children)
        except KeyboardInterrupt:
            pass
        finally:
            self.stdout.write("Stopping...")
            _stop(children)
            stop_local_worker()
            if newsroom is not None:
                newsroom.stop()
        self.stdout.write("Stopped.")
        if failed:
            raise CommandError(failed)

    def _apply_demo_settings(self, env):
        for name, value in DEMO_SETTINGS.items():
            env[name] = value
        settings.NEWSDIFFS_ALLOW_PRIVATE_URLS = True
        settings.NEWSDIFFS_HOST_DELAY = float(DEMO_SETTINGS["NEWSDIFFS_HOST_DELAY"])
        settings.NEWSDIFFS_SCHEDULE = parse_schedule(DEMO_SETTINGS["NEWSDIFFS_SCHEDULE"])
        settings.NEWSDIFFS_TICK_SECONDS = int(DEMO_SETTINGS["NEWSDIFFS_TICK_SECONDS"])
        settings.NEWSDIFFS_DISCOVERY_INTERVAL_MINUTES = int(
            DEMO_SETTINGS["NEWSDIFFS_DISCOVERY_INTERVAL_MINUTES"]
        )

    def _offer_admin_account(self):
        if not sys.stdin.isatty() or get_user_model().objects.filter(is_superuser=True).exists():
            return
        answer = input("No admin account yet. Create one now? [Y/n] ").strip().lower()
        if answer in ("", "y", "yes"):
            call_command("createsuperuser")

    def _start_children(self, options, env):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        web = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            str(settings.BASE_DIR / "newsdiffs" / "gunicorn.conf.py"),
            "--bind",
            options["addr"],
            "--workers",
            str(options["web_workers"]),
        ]
        commands = [web]
        if uses_redis():
            commands.append([*manage, "runscheduler"])
            commands += [[*manage, "rqworker", "--with-scheduler", "default"]] * options["workers"]
        return [Child(command, env) for command in commands]

    def _supervise(self, children):
        embedded = not uses_redis()
        if embedded:
            # No Redis: this process is the scheduler, and a thread the worker.
            start_local_worker()
        while True:
            for child in children:
                failure = child.keep_running()
                if failure:
                    return failure
            if embedded:
                # A failed tick (a locked database, say) must not stop the
                # archive: the next one tries again.
                tick_safely()
            time.sleep(settings.NEWSDIFFS_TICK_SECONDS if embedded else 1)


class Child:
    """One part of the archive in its own process, started again when it exits.

    A worker or the scheduler can die with its connection to Redis or the
    database (a restart); it is started again, with a pause that grows with
    each exit. One that keeps exiting (CRASH_LOOP_EXITS times within
    CRASH_LOOP_SECONDS: a configuration error, a port taken) stops the archive.
    """

    CRASH_LOOP_EXITS = 5
    CRASH_LOOP_SECONDS = 60

    def __init__(self, command, env, stdout=None):
        self.command, self.env, self.stdout = command, env, stdout
        self.exits = []
        self.restart_at = None
        self.process = self._start()

    @property
    def name(self):
        """'gunicorn', 'rqworker default': what the child runs, for messages."""
        program = Path(self.command[0]).name
        return program if program == "gunicorn" else " ".join(self.command[2:])

    def _start(self):
        # Our own programs with fixed arguments: nothing untrusted reaches a shell.
        return subprocess.Popen(self.command, env=self.env, stdout=self.stdout)  # noqa: S603

    def keep_running(self, now=None):
        """Start the child again if it exited; the failure message if it keeps exiting."""
        now = time.monotonic() if now is None else now
        if self.restart_at is not None:
            if now >= self.restart_at:
                self.restart_at = None
                self.process = self._start()
            return None
        if self.process.poll() is None:
            return None
        code = self.process.returncode
        self.exits = [t for t in self.exits if now - t < self.CRASH_LOOP_SECONDS] + [now]
        if len(self.exits) >= self.CRASH_LOOP_EXITS:
            return f"{self.name} exited {len(self.exits)} times in a minute (last with {code})"
        pause = 2 ** (len(self.exits) - 1)
        log.warning("%s exited with %s; starting it again in %s s", self.name, code, pause)
        self.restart_at = now + pause
        return None

    def terminate(self):
        if self.process.poll() is None:
            self.process.terminate()

    def wait(self, timeout):
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _require_free_port(host, port, option):
    try:
        with socket.create_server((host, int(port))):
            pass
    except ValueError:
        raise CommandError(f"{option}: {port!r} is not a port number") from None
    except OSError as error:
        raise CommandError(
            f"Cannot listen on {host}:{port} ({error.strerror}); choose another with {option}"
        ) from None


def _stop(children):
    for child in children:
        child.terminate()
    for child in children:
        child.wait(timeout=10)

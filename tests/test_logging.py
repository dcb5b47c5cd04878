"""Logging: one line per event on stdout, carrying the article or source id."""

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from newsdiffs.logformat import OneLineFormatter, ServerErrorsOnly, process_role

ROOT = Path(__file__).resolve().parent.parent


def _record(message, *args, level=logging.INFO, exc_info=None, **extra):
    logger = logging.getLogger("articles.checking.check")
    record = logger.makeRecord(
        logger.name, level, __file__, 1, message, args, exc_info, extra=extra
    )
    return record


def test_a_line_carries_level_process_logger_message_and_ids():
    line = OneLineFormatter(role="rqworker").format(
        _record("checked %s", "https://example.com/a", article=42, source=3)
    )

    pid = _record("x").process
    assert line.endswith(
        f" INFO rqworker[{pid}] articles.checking.check: checked https://example.com/a"
        " article=42 source=3"
    )
    assert line[:24].endswith("Z")


def test_a_failure_with_its_traceback_stays_on_one_line():
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        record = _record("check failed", level=logging.ERROR, exc_info=sys.exc_info(), article=7)

    line = OneLineFormatter(role="web").format(record)

    assert "\n" not in line
    assert " ERROR web[" in line
    assert "article=7 exc=" in line
    assert "ValueError: bad\\nthing" in line


def test_values_with_spaces_are_quoted_and_newlines_in_messages_escaped():
    line = OneLineFormatter(role="web").format(
        _record("first\nsecond", url="https://example.com/a b", reason="")
    )

    assert 'first\\nsecond url="https://example.com/a b" reason=""' in line


def test_the_process_role_is_the_manage_py_command():
    assert process_role(["manage.py", "rqworker", "default"]) == "rqworker"
    assert process_role(["/srv/app/manage.py", "--verbosity", "runarchive"]) == "runarchive"
    assert process_role(["/usr/bin/gunicorn", "newsdiffs.wsgi"]) == "gunicorn"


def test_settings_send_one_line_events_to_stdout():
    handler = settings.LOGGING["handlers"]["stdout"]
    assert handler["stream"] == "ext://sys.stdout"
    assert settings.LOGGING["formatters"]["line"]["()"] == "newsdiffs.logformat.OneLineFormatter"


def test_a_django_process_writes_its_events_to_stdout_as_single_lines():
    script = (
        "import django, logging; django.setup();"
        "logging.getLogger('articles.jobs').warning('two\\nlines', extra={'source': 5})"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "newsdiffs.settings", "PATH": "/usr/bin:/bin"},
    )

    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].endswith("articles.jobs: two\\nlines source=5")
    assert " WARNING " in lines[0]
    assert result.stderr == ""


@pytest.mark.django_db
def test_a_404_is_not_logged_beside_its_access_line_but_a_server_error_is(client, caplog):
    caplog.set_level(logging.INFO)
    assert client.get("/no-such-page/").status_code == 404
    assert [r for r in caplog.records if r.name == "django.request"] == []
    error = logging.LogRecord("django.request", logging.ERROR, "", 0, "boom", (), None)
    error.status_code = 500
    assert ServerErrorsOnly().filter(error)


def test_debug_and_runserver_lines_are_one_line_events_on_stdout_once_each():
    """With DEBUG on, Django's own handlers printed warnings again on stderr, and
    runserver's access lines ("[05/Dec/2026 12:00:00] ...") came in a format of their own."""
    script = (
        "import django, logging; django.setup();"
        "logging.getLogger('django.server').info('\"GET / HTTP/1.1\" 200 5',"
        " extra={'status_code': 200});"
        "logging.getLogger('django.request').warning('Not Found: /x',"
        " extra={'status_code': 404});"
        "logging.getLogger('django.request').error('Internal Server Error: /y',"
        " extra={'status_code': 500})"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "newsdiffs.settings", "PATH": "/usr/bin:/bin", "DEBUG": "1"},
    )
    lines = result.stdout.splitlines()
    assert result.stderr == ""
    assert len(lines) == 2
    assert " INFO " in lines[0]
    assert 'django.server: "GET / HTTP/1.1" 200 5 status_code=200' in lines[0]
    assert "django.request: Internal Server Error: /y status_code=500" in lines[1]

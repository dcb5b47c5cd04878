"""One log line per event, so an operator can follow a check across processes.

A line reads

    2026-05-01T12:00:00.123Z INFO rqworker[4120] articles.jobs: new version article=42 source=3

The fields passed with ``extra={"article": 42, "source": 3}`` follow the
message as key=value pairs; newlines in the message or a traceback are
escaped so that grep and log shippers see a single line.
"""

import json
import logging
import os
import sys
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else on a record came from `extra`.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None)).keys()) | {
    "message",
    "asctime",
    "taskName",
}


def process_role(argv=None):
    """What this process is: the manage.py command it runs, or the program's name."""
    argv = sys.argv if argv is None else argv
    program = os.path.basename(argv[0]) if argv else "python"
    if program == "manage.py" or program.endswith("django-admin"):
        commands = [arg for arg in argv[1:] if not arg.startswith("-")]
        return commands[0] if commands else program
    return program or "python"


def _one_line(text):
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


def _value(value):
    text = str(value)
    if text == "" or any(c.isspace() or c in '"=' for c in text):
        return json.dumps(text, ensure_ascii=False)  # quoted, newlines escaped
    return text


class OneLineFormatter(logging.Formatter):
    def __init__(self, *args, role=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role or process_role()

    def format(self, record):
        moment = datetime.fromtimestamp(record.created, UTC)
        parts = [
            moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z",
            record.levelname,
            f"{self.role}[{record.process}]",
            f"{record.name}:",
            _one_line(record.getMessage()),
        ]
        context = {
            key: value
            for key, value in vars(record).items()
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_")
        }
        parts.extend(f"{key}={_value(value)}" for key, value in context.items())
        if record.exc_info:
            parts.append("exc=" + _value(self.formatException(record.exc_info)))
        elif record.stack_info:
            parts.append("stack=" + _value(self.formatStack(record.stack_info)))
        return " ".join(parts)


class ServerErrorsOnly(logging.Filter):
    """Let through django.request's 5xx records, not its 4xx ones.

    Every request already has its access line (gunicorn's, or runserver's
    django.server line), so a "Not Found" warning beside it logged each 404
    twice; a server error keeps its record, which carries the traceback.
    """

    def filter(self, record):
        return getattr(record, "status_code", 500) >= 500

"""Malformed configuration stops start-up with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsdiffs.env import env_bool

ROOT = Path(__file__).resolve().parent.parent


def start_with(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDIFFS_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check"],
        env={**clean, "NEWSDIFFS_VAR_DIR": str(tmp_path), **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_no_configuration_at_all_starts_on_sqlite(tmp_path):
    result = start_with(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("NEWSDIFFS_MAX_BODY_BYTES", "5MB", "NEWSDIFFS_MAX_BODY_BYTES must be a whole number"),
        (
            "NEWSDIFFS_ALLOW_PRIVATE_URLS",
            "perhaps",
            "NEWSDIFFS_ALLOW_PRIVATE_URLS must be a boolean",
        ),
        ("NEWSDIFFS_READ_TIMEOUT", "-1", "NEWSDIFFS_READ_TIMEOUT must be at least 0.1"),
        (
            "NEWSDIFFS_SCHEDULE",
            "3h:15m,1h:5m",
            "NEWSDIFFS_SCHEDULE: the ages of the schedule must increase",
        ),
        ("DEBUG", "maybe", "DEBUG must be a boolean"),
        ("DATABASE_URL", "nosuchdb://x", "DATABASE_URL is not a database URL"),
        ("NEWSDIFFS_USER_AGENT", "  ", "NEWSDIFFS_USER_AGENT must not be empty"),
        ("NEWSDIFFS_SCHEDULE", "3h:0s,1d:1h", "the interval of '3h:0s' must be longer than zero"),
        ("LOG_LEVEL", "verbose", "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ],
)
def test_a_malformed_value_stops_start_up(tmp_path, name, value, message):
    result = start_with(tmp_path, **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_booleans_accept_the_usual_spellings(monkeypatch):
    for spelling in ("1", "true", "Yes", "ON"):
        monkeypatch.setenv("X_FLAG", spelling)
        assert env_bool("X_FLAG") is True
    for spelling in ("0", "false", "no", "off", ""):
        monkeypatch.setenv("X_FLAG", spelling)
        assert env_bool("X_FLAG", default=True) is False

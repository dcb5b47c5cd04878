"""Typed readers for environment variables.

Each helper raises ImproperlyConfigured naming the variable, so a malformed
value stops start-up with a message that says what to fix.
"""

import os
import re

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_choice(name, default, choices):
    value = os.environ.get(name, default).strip().upper()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def env_required_text(name, default):
    """A text that may be changed but not emptied."""
    value = os.environ.get(name, default).strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must not be empty")
    return value


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no), got {raw!r}")


def env_int(name, default, minimum=None):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_float(name, default, minimum=None):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text):
    """'15m' -> 900.0 seconds. Raises ValueError on anything else."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a duration like 30s, 15m, 3h or 1d")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def parse_schedule(text):
    """'3h:15m,24h:1h' -> [(10800.0, 900.0), (86400.0, 3600.0)].

    Each pair reads "while the last change is younger than AGE, re-check
    every INTERVAL". Ages must increase.
    """
    tiers = []
    for part in text.split(","):
        if ":" not in part:
            raise ValueError(f"{part.strip()!r} is not AGE:INTERVAL")
        age, interval = part.split(":", 1)
        tiers.append((parse_duration(age), parse_duration(interval)))
        if tiers[-1][1] <= 0:
            raise ValueError(f"the interval of {part.strip()!r} must be longer than zero")
    if not tiers:
        raise ValueError("the schedule is empty")
    ages = [age for age, _ in tiers]
    if ages != sorted(ages) or len(set(ages)) != len(ages):
        raise ValueError("the ages of the schedule must increase")
    return tiers


def env_schedule(name, default):
    raw = os.environ.get(name) or default
    try:
        return parse_schedule(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}: {error}") from None

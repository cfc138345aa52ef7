"""Tiny typed helpers for reading settings from the environment.

Every helper fails loudly on a value it cannot understand instead of silently
falling back to a default: a typo in production configuration must stop the
process, not change its behaviour.
"""

from __future__ import annotations

import os
from pathlib import Path


class ConfigError(RuntimeError):
    """Raised when an environment variable holds an unusable value."""


def envstr(name: str, default: str = "") -> str:
    """Return ``name`` from the environment, or from the file named by ``name_FILE``.

    The ``*_FILE`` form lets secrets come from Docker/systemd credential files.
    """
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE={file_name!r} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    raw = envstr(name, "")
    if raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use true/false)")


def envint(name: str, default: int) -> int:
    raw = envstr(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not an integer") from exc


def envlist(name: str, default: str = "") -> list[str]:
    """A comma-separated list, blanks removed."""
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


RATE_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_rate(text: str) -> tuple[int, int]:
    """ "600/minute" -> (600 calls, 60 seconds). Raises ValueError on anything else."""
    count, _sep, period = text.strip().partition("/")
    if not count.strip().isdigit() or int(count) < 1 or period.strip() not in RATE_PERIODS:
        raise ValueError(f"not a rate: {text!r} (e.g. 600/minute; periods: {', '.join(RATE_PERIODS)})")
    return int(count), RATE_PERIODS[period.strip()]


def envrate(name: str, default: str) -> str:
    """A rate such as "600/minute" (calls per second, minute, hour or day)."""
    raw = envstr(name, "") or default
    try:
        parse_rate(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a rate such as 600/minute (second, minute, hour, day)") from exc
    return raw

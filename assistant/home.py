"""Where the data home is and how long the warm question service stays, read from the
environment without loading pydantic: the command line's fast path (a question answered by the
warm service) needs these two before anything else. ``Settings`` takes its defaults from here."""

from __future__ import annotations

import os
from pathlib import Path

SERVICE_IDLE_DEFAULT = 600  # seconds the warm service waits for the next question before it ends


def default_home() -> Path:
    """A per-user data directory (XDG on Linux)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "disclosure-assistant"


def data_home() -> Path:
    """``DISCLOSURE_HOME``, or the per-user default."""
    return Path(os.environ["DISCLOSURE_HOME"]) if os.environ.get("DISCLOSURE_HOME") else default_home()


def service_idle() -> int:
    """``DISCLOSURE_SERVICE_IDLE`` in seconds (0: no warm service); a bad value means the default."""
    value = os.environ.get("DISCLOSURE_SERVICE_IDLE", "")
    return int(value) if value.strip().isdigit() else SERVICE_IDLE_DEFAULT

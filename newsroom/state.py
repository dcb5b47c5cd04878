"""The demo newsroom's stories kept in a file, so a restarted demo carries on.

Started afresh, the site would serve its seed stories again, and the
archive would store a "reverted" version of every story it had seen edited.
"""

import json
import os
from dataclasses import asdict, fields
from datetime import datetime
from pathlib import Path

from newsroom.stories import Story

_TIMES = ("published_at", "updated_at")
_NAMES = {f.name for f in fields(Story)}


def _as_json(story):
    data = asdict(story)
    return {k: v.isoformat() if k in _TIMES else v for k, v in data.items()}


def _story(data):
    data = {k: v for k, v in data.items() if k in _NAMES}
    return Story(**{k: datetime.fromisoformat(v) if k in _TIMES else v for k, v in data.items()})


def save(room, path):
    """Write the room's stories to `path` at once (a crash leaves the old file whole)."""
    path = Path(path)
    with room.lock:
        stories = [_as_json(story) for story in room.stories.values()]
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps({"stories": stories}, ensure_ascii=False))
    os.replace(partial, path)


def load(path):
    """The stories saved at `path`, or None when there is no usable file."""
    try:
        data = json.loads(Path(path).read_text())
        return [_story(item) for item in data["stories"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None

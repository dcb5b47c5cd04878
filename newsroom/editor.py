"""The demo's editors: every so often they rewrite a story or publish one."""

import logging
import random
import threading

from newsroom import state
from newsroom.stories import NEW_STORY_POOL, Story, random_edit

log = logging.getLogger(__name__)


class Editor(threading.Thread):
    """Edits the room's stories now and then; with `state_file`, saves them after each edit."""

    def __init__(self, room, interval=60.0, seed=None, state_file=None):
        super().__init__(daemon=True, name="newsroom-editor")
        self.room = room
        self.interval = interval
        self.rng = random.Random(seed)
        self.stopping = threading.Event()
        self.state_file = state_file
        # Stories published before a restart are on the site already.
        self.unpublished = [item for item in NEW_STORY_POOL if item[0] not in room.stories]

    def run(self):
        while not self.stopping.wait(self.interval * self.rng.uniform(0.6, 1.4)):
            self.edit_once()

    def edit_once(self):
        with self.room.lock:
            if self.unpublished and self.rng.random() < 0.15:
                slug, title, byline, paragraphs = self.unpublished.pop(0)
                self.room.add(Story(slug=slug, title=title, byline=byline, paragraphs=paragraphs))
                log.info("newsroom published %s", slug)
            else:
                story = self.rng.choice(list(self.room.stories.values()))
                description = random_edit(story, self.rng)
                if description:
                    log.info("newsroom edit of %s: %s", story.slug, description)
            if self.state_file:
                state.save(self.room, self.state_file)

    def stop(self):
        self.stopping.set()

"""The demo: a bundled local news site whose stories keep changing, and its source."""

from dataclasses import dataclass

from django.conf import settings

from articles.models import DiscoveryURL, Source
from newsroom import Newsroom, NewsroomServer, state
from newsroom.editor import Editor

# A faster clock than production, so a newcomer sees changes within minutes.
DEMO_SETTINGS = {
    "NEWSDIFFS_ALLOW_PRIVATE_URLS": "1",
    "NEWSDIFFS_HOST_DELAY": "0",
    "NEWSDIFFS_SCHEDULE": "3h:1m,24h:5m,7d:3h,30d:1d",
    "NEWSDIFFS_TICK_SECONDS": "15",
    "NEWSDIFFS_DISCOVERY_INTERVAL_MINUTES": "1",
}
DEMO_SLUG = "local-courier"


@dataclass
class DemoNewsroom:
    server: NewsroomServer
    editor: Editor

    @property
    def base_url(self):
        return self.server.base_url

    def stop(self):
        self.editor.stop()
        self.server.stop()


def ensure_demo_source(base_url):
    """Create or re-point the demo source at the newsroom's current address."""
    source, _ = Source.objects.update_or_create(
        slug=DEMO_SLUG,
        defaults={
            "name": "The Local Courier (demo)",
            "homepage": base_url + "/",
            "article_url_pattern": r"/(news|weather)/[a-z0-9-]+$",
            "allowed_hosts": "",
            "is_active": True,
        },
    )
    source.discovery_urls.all().delete()
    DiscoveryURL.objects.create(source=source, url=base_url + "/feed.xml", kind="feed")
    DiscoveryURL.objects.create(source=source, url=base_url + "/", kind="front_page")
    return source


def demo_state_file():
    """Where the demo site keeps its stories between runs."""
    return settings.VAR_DIR / "demo-newsroom.json"


def start_demo_newsroom(port, edit_interval=60.0, state_file=None):
    """Serve the demo site, carrying on from its saved stories if there are any."""
    state_file = state_file or demo_state_file()
    room = Newsroom(stories=state.load(state_file))
    state.save(room, state_file)
    server = NewsroomServer(room, port=port).start()
    editor = Editor(server.room, interval=edit_interval, state_file=state_file)
    editor.start()
    ensure_demo_source(server.base_url)
    return DemoNewsroom(server, editor)

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import DiscoveryURL, Source

# Well-known public feeds, for users with internet. Patterns keep to story
# pages (not live blogs, galleries or section fronts).
STARTER_SOURCES = [
    {
        "name": "BBC News",
        "slug": "bbc-news",
        "homepage": "https://www.bbc.co.uk/news",
        # The feed links to bbc.com or bbc.co.uk depending on where it is read.
        "article_url_pattern": r"^https://www\.bbc\.(co\.uk|com)/news/articles/[a-z0-9]+$",
        "allowed_hosts": "www.bbc.co.uk\nwww.bbc.com",
        "feeds": ["https://feeds.bbci.co.uk/news/rss.xml"],
    },
    {
        "name": "The Guardian",
        "slug": "guardian",
        "homepage": "https://www.theguardian.com/uk",
        "article_url_pattern": r"^https://www\.theguardian\.com/(?!.*/live/)[a-z-]+(/[a-z-]+)?/\d{4}/[a-z]{3}/\d{2}/[a-z0-9-]+$",
        "allowed_hosts": "www.theguardian.com",
        "feeds": ["https://www.theguardian.com/uk/rss", "https://www.theguardian.com/world/rss"],
    },
    {
        "name": "NPR",
        "slug": "npr",
        "homepage": "https://www.npr.org/",
        "article_url_pattern": r"^https://www\.npr\.org/(sections/[a-z-]+/)?\d{4}/\d{2}/\d{2}/",
        "allowed_hosts": "www.npr.org",
        "feeds": ["https://feeds.npr.org/1001/rss.xml"],
    },
    {
        "name": "Al Jazeera English",
        "slug": "al-jazeera",
        "homepage": "https://www.aljazeera.com/",
        "article_url_pattern": r"^https://www\.aljazeera\.com/(news|features|economy)/\d{4}/",
        "allowed_hosts": "www.aljazeera.com",
        "feeds": ["https://www.aljazeera.com/xml/rss/all.xml"],
    },
    {
        "name": "France 24 (English)",
        "slug": "france24-en",
        "homepage": "https://www.france24.com/en/",
        "article_url_pattern": r"^https://www\.france24\.com/en/[a-z-]+/\d{8}-",
        "allowed_hosts": "www.france24.com",
        "feeds": ["https://www.france24.com/en/rss"],
    },
]


class Command(BaseCommand):
    help = "Add a handful of well-known public news feeds (safe to run again)."

    def handle(self, *args, **options):
        for entry in STARTER_SOURCES:
            fields = {k: v for k, v in entry.items() if k not in ("slug", "feeds")}
            with transaction.atomic():
                source, created = Source.objects.update_or_create(
                    slug=entry["slug"], defaults=fields
                )
                for url in entry["feeds"]:
                    DiscoveryURL.objects.get_or_create(
                        source=source, url=url, defaults={"kind": DiscoveryURL.Kind.FEED}
                    )
            self.stdout.write(f"{'added' if created else 'updated'} {source.slug}")

"""Where a source's new articles are found: its feeds and front pages."""

from django.db import models


class DiscoveryURL(models.Model):
    class Kind(models.TextChoices):
        FEED = "feed", "RSS/Atom feed"
        FRONT_PAGE = "front_page", "Front page"

    source = models.ForeignKey(
        "articles.Source", on_delete=models.CASCADE, related_name="discovery_urls"
    )
    url = models.URLField(max_length=2000)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FEED)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_links_found = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "discovery URL"
        constraints = [
            models.UniqueConstraint(fields=["source", "url"], name="discovery_url_unique")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.url}"

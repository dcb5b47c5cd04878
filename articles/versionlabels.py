"""Edit labels as rows, one a label a version, so lists can filter by label on an index."""

from django.db import models

from articles.comparison.labels import LABELS


class VersionLabel(models.Model):
    version = models.ForeignKey("articles.Version", on_delete=models.CASCADE, related_name="labels")
    slug = models.CharField(max_length=30, choices=list(LABELS.items()))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="version_label_unique")
        ]
        indexes = [
            # ?label=: the versions with a label, joined to their articles.
            models.Index(fields=["slug", "version"], name="version_label_slug_idx"),
        ]

    def __str__(self):
        return f"{self.version_id}: {self.slug}"

"""What each change removed and added, as rows: search inside what changed.

One row a paragraph row of the comparison with the version before and a
kind (removed or added); filled after commit by articles.storage.changeindex.
"""

from django.db import models


class ChangedText(models.Model):
    class Kind(models.TextChoices):
        ADDED = "added"
        REMOVED = "removed"

    version = models.ForeignKey(
        "articles.Version", on_delete=models.CASCADE, related_name="changed_texts"
    )
    # The comparison row's number, 1-based: the diff page's #pN anchor.
    paragraph = models.PositiveIntegerField()
    kind = models.CharField(max_length=7, choices=Kind.choices)
    text = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["version"], name="changedtext_version_idx")]

    def __str__(self):
        return f"{self.version_id} ¶{self.paragraph} {self.kind}"


class ChangedTextPending(models.Model):
    """A version whose changes wait to be indexed: marked by the check, taken by the indexer."""

    version = models.OneToOneField("articles.Version", on_delete=models.CASCADE, primary_key=True)

    def __str__(self):
        return f"{self.version_id} pending"

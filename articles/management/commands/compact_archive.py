from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.storage import archive
from articles.storage.deltas import CorruptStorage


class Command(BaseCommand):
    help = (
        "Store the versions archived before as zstd delta chains (bodies and texts), "
        "an article at a time, each in its own transaction: safe to stop and run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Store every article afresh, not only those with older rows "
            "(after a change of the keyframe interval)",
        )

    def handle(self, *args, **options):
        if options["all"]:
            article_ids = archive.articles_with_versions()
        else:
            article_ids = archive.articles_stored_before()
        progress = tqdm(
            article_ids, unit="article", disable=not self.stdout.isatty(), file=self.stdout._out
        )
        versions = left = 0
        for article_id in progress:
            try:
                versions += archive.compact_article(article_id)
            except CorruptStorage as error:
                left += 1
                self.stderr.write(f"article {article_id} left as it was: {error}")
        self.stdout.write(
            f"{len(article_ids) - left} articles stored as delta chains ({versions} versions)"
            + (f", {left} left as they were (see above)." if left else ".")
        )

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.storage import archive


class Command(BaseCommand):
    help = (
        "Read back every version's body, text and headers and check each body and text "
        "against its SHA-256; list the corrupt ones and fail if there is any."
    )

    def handle(self, *args, **options):
        article_ids = archive.articles_with_versions()
        progress = tqdm(
            article_ids, unit="article", disable=not self.stdout.isatty(), file=self.stdout._out
        )
        corrupt = 0
        for article_id in progress:
            for version, message in archive.corrupt_versions(article_id):
                corrupt += 1
                self.stdout.write(
                    f"CORRUPT version {version.pk} (article {article_id}, "
                    f"version {version.number}): {message}"
                )
        if corrupt:
            raise CommandError(f"{corrupt} corrupt versions in {len(article_ids)} articles.")
        self.stdout.write(f"{len(article_ids)} articles checked: every version reads back whole.")

import gzip
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.exports import records
from articles.exports import selection as selecting
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Write the selected articles as JSON Lines, one article a line with its versions' "
        "texts and change counts (schema: README, Exports)."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT", help="The JSONL file (gzipped if it ends .gz)")
        selecting.add_arguments(parser)

    def handle(self, *args, **options):
        try:
            selection = selecting.Selection.from_options(
                options["article_ids"], options["source"], options["since"]
            )
        except selecting.BadSelection as error:
            raise CommandError(str(error)) from None
        out = Path(options["out"])
        # Written aside and renamed when whole: OUT is never a file cut short.
        partial = out.with_name(out.name + ".partial")
        opener = gzip.open if out.suffix == ".gz" else open
        absolute = selecting.absolute_links(options["base_url"])
        article_ids = selection.ids()
        progress = tqdm(
            article_ids, unit="article", disable=not self.stdout.isatty(), file=self.stdout._out
        )
        versions = damaged = 0
        try:
            with opener(partial, "wt", encoding="utf-8") as stream:
                for article_id in progress:
                    article = Article.objects.select_related("source").get(pk=article_id)
                    batches = selection.batches_of(article_id)
                    written, unreadable = records.write_article(stream, article, batches, absolute)
                    versions, damaged = versions + written, damaged + unreadable
            os.replace(partial, out)
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error.strerror or error}") from None
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"{len(article_ids)} articles ({versions} versions) written to {out}.")
        if damaged:
            self.stderr.write(
                f"{damaged} versions' stored texts do not read back: their lines say why "
                "(text_error); manage.py verify_archive lists them."
            )

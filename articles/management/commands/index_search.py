from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.storage import searchindex


class Command(BaseCommand):
    help = (
        "Index for search every version not indexed yet, keeping each article's latest "
        "text (after upgrading, or after compact_archive), a batch at a time, each "
        "committed: safe to stop and run again. "
        "PostgreSQL only; SQLite searches the texts themselves."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000, help="Versions a transaction")

    def handle(self, *args, **options):
        if not searchindex.is_used():
            self.stdout.write("Nothing to index: search on SQLite reads the texts themselves.")
            return
        progress = tqdm(
            total=searchindex.count_pending(),
            unit="version",
            disable=not self.stdout.isatty(),
            file=self.stdout._out,
        )
        indexed = 0
        while done := searchindex.index_pending(options["batch"]):
            indexed += done
            progress.update(done)
        progress.close()
        self.stdout.write(f"{indexed} versions indexed for search.")

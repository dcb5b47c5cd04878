from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.storage import changeindex


class Command(BaseCommand):
    help = (
        "Index what every pending version's change removed and added (after upgrading: "
        "the migration marks every existing version pending), a batch at a time, each "
        "committed: safe to stop and run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=200, help="Versions a transaction")

    def handle(self, *args, **options):
        progress = tqdm(
            total=changeindex.count_pending(),
            unit="version",
            disable=not self.stdout.isatty(),
            file=self.stdout._out,
        )
        indexed = 0
        while done := changeindex.index_pending(options["batch"]):
            indexed += done
            progress.update(done)
        progress.close()
        self.stdout.write(f"{indexed} versions' changes indexed for search.")

import json
import logging
import time

from django.core.management.base import BaseCommand, CommandError

from quality.evaluation import load_dataset
from quality.noise import EDITS, NOISES, SuiteResult, run_page


class Command(BaseCommand):
    help = (
        "The noise suite: serve each page of a data set again with its boilerplate changed "
        "(must give identical text) and with real edits (must give exactly that edit)."
    )

    def add_arguments(self, parser):
        parser.add_argument("dataset", metavar="DIR")
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
        parser.add_argument("--seed", type=int, default=0, help="Seed of the random noise.")

    def handle(self, *args, **options):
        logging.getLogger("readability.readability").setLevel(logging.WARNING)
        try:
            pages = load_dataset(options["dataset"])
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read the data set: {error}") from None
        result = SuiteResult()
        started = time.perf_counter()
        for page in pages:
            run_page(page.id, page.body, page.truth, result, seed=options["seed"])
        figures = result.as_dict()
        figures["seconds"] = round(time.perf_counter() - started, 1)
        if options["json"]:
            self.stdout.write(json.dumps(figures, indent=2))
            return
        write = self.stdout.write
        write(
            f"{result.pages} pages, {len(NOISES)} kinds of boilerplate change, "
            f"{len(EDITS)} kinds of edit ({figures['seconds']} s)"
        )
        write(f"refetches with boilerplate changed: {result.refetches}")
        write(f"false versions: {len(result.false_versions)}")
        write(f"real edits: {result.edits} ({result.edits_skipped} not applicable to their page)")
        write(f"edits detected exactly: {result.detected_edits}")
        write(f"missed edits: {len(result.missed_edits)}")
        for page_id, noise in result.false_versions:
            write(f"  false version: {page_id[:12]} after {noise}")
        for page_id, edit, problem in result.missed_edits:
            write(f"  missed edit: {page_id[:12]} {edit}: {problem}")

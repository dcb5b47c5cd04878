import json
import logging

from django.core.management.base import BaseCommand, CommandError

from quality.evaluation import (
    archive_text,
    evaluate,
    load_dataset,
    readability_text,
    unchanged_recheck_ms,
)


class Command(BaseCommand):
    help = (
        "Score the archive's extraction on a data set of real pages "
        "(DIR/html/<id>.html.gz and DIR/ground-truth.json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("dataset", metavar="DIR")
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
        parser.add_argument(
            "--baseline",
            action="store_true",
            help="Also measure bare readability-lxml on the same pages, for the ratio.",
        )
        parser.add_argument("--worst", type=int, default=10, help="How many worst pages to list.")

    def handle(self, *args, **options):
        # readability logs every page where its first pass failed; here that is noise.
        logging.getLogger("readability.readability").setLevel(logging.WARNING)
        try:
            pages = load_dataset(options["dataset"])
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read the data set: {error}") from None
        if not pages:
            raise CommandError("the data set has no pages")
        # The archive's extraction runs first, so any warm-up costs it, not the baseline.
        reports = [evaluate(pages, archive_text, "newsdiffs")]
        if options["baseline"]:
            reports.append(evaluate(pages, readability_text, "readability-lxml"))
        figures = {
            "extraction": reports[0].as_dict(options["worst"]),
            "unchanged_recheck_ms_per_page": round(unchanged_recheck_ms(pages), 3),
        }
        if options["baseline"]:
            figures["baseline"] = reports[1].as_dict(0)
            figures["speed_ratio"] = round(reports[0].ms_per_page / reports[1].ms_per_page, 3)
        if options["json"]:
            self.stdout.write(json.dumps(figures, indent=2))
        else:
            self._print(figures)

    def _print(self, figures):
        write = self.stdout.write
        for key in ("extraction", "baseline"):
            if key not in figures:
                continue
            f = figures[key]
            write(
                f"{f['extractor']:<17} pages {f['pages']}  F1 {f['f1']:.4f}  "
                f"precision {f['precision']:.4f}  recall {f['recall']:.4f}  "
                f"{f['ms_per_page']:.1f} ms/page"
            )
        if "speed_ratio" in figures:
            write(f"speed ratio (newsdiffs / readability-lxml): {figures['speed_ratio']:.2f}")
        write(
            "re-check of an unchanged page (hash of the bytes, no extraction): "
            f"{figures['unchanged_recheck_ms_per_page']:.3f} ms/page"
        )
        worst = figures["extraction"]["worst"]
        if worst:
            write(f"\n{len(worst)} worst pages:")
            for page in worst:
                note = f"  ({page['error']})" if page["error"] else ""
                write(
                    f"  F1 {page['f1']:.3f}  P {page['precision']:.3f}  R {page['recall']:.3f}  "
                    f"{page['id'][:12]}  {page['url']}{note}"
                )

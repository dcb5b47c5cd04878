from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.exports import selection as selecting
from articles.exports import warc
from articles.storage import archive


class Command(BaseCommand):
    help = (
        "Write the selected versions to a WARC 1.1 file: each one's response as archived "
        "and a metadata record of what was read from it. Resumable with --resume."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT", help="The WARC file (gzipped if it ends .gz)")
        selecting.add_arguments(parser)
        parser.add_argument(
            "--resume",
            action="store_true",
            help="Go on with an export that was stopped, from its checkpoint (OUT.checkpoint)",
        )
        parser.add_argument(
            "--limit",
            type=int,
            metavar="N",
            help="Write at most N articles, then stop (--resume goes on): a large archive "
            "exported a window at a time",
        )

    def handle(self, *args, **options):
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError(f"--limit {options['limit']}: give at least 1 article")
        try:
            selection = selecting.Selection.from_options(
                options["article_ids"], options["source"], options["since"]
            )
        except selecting.BadSelection as error:
            raise CommandError(str(error)) from None
        out = Path(options["out"])
        checkpoint = warc.Checkpoint(out)
        after, versions = self.start(out, checkpoint, selection, options["resume"])
        absolute = selecting.absolute_links(options["base_url"])
        article_ids = selection.ids(after=after)
        left = article_ids[options["limit"] :] if options["limit"] is not None else []
        article_ids = article_ids[: len(article_ids) - len(left)]
        progress = tqdm(
            article_ids, unit="article", disable=not self.stdout.isatty(), file=self.stdout._out
        )
        damaged = 0
        with out.open("ab") as stream:
            writer = warc.new_writer(stream, gzip=out.suffix == ".gz")
            for article_id in progress:
                batches = selection.batches_of(article_id)
                responses = archive.responses(article_id)
                written, unreadable = warc.write_article(writer, batches, responses, absolute)
                versions, damaged = versions + written, damaged + unreadable
                stream.flush()
                checkpoint.save(selection, article_id, stream.tell(), versions)
        if left:
            self.stdout.write(
                f"{versions} versions written to {out}; {len(left)} articles left: "
                "--resume goes on."
            )
        else:
            checkpoint.remove()
            self.stdout.write(f"{versions} versions written to {out}.")
        if damaged:
            self.stderr.write(
                f"{damaged} versions' stored pages do not read back: their metadata records "
                "say why (response_error); manage.py verify_archive lists them."
            )

    def start(self, out, checkpoint, selection, resume):
        """(the last article already written, versions written): 0, 0 for a new file."""
        state = checkpoint.read()
        if resume and state:
            if state["selection"] != selection.as_options():
                raise CommandError(
                    f"{out} was started with other filters ({state['selection']}): "
                    "give the same --article, --source and --since to resume it"
                )
            if not out.exists() or out.stat().st_size < state["size"]:
                raise CommandError(
                    f"{out} is missing or shorter than its checkpoint says: remove it and "
                    f"{checkpoint.path.name} to start afresh"
                )
            with out.open("r+b") as stream:
                stream.truncate(state["size"])  # an article half written when it stopped
            return state["last_article_id"], state["versions"]
        if out.exists():
            hint = "--resume goes on from its checkpoint" if state else "remove it first"
            raise CommandError(f"{out} exists: {hint}")
        try:
            with out.open("xb") as stream:
                writer = warc.new_writer(stream, gzip=out.suffix == ".gz")
                writer.write_record(warc.warcinfo(writer, out.name, selection))
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error.strerror or error}") from None
        checkpoint.save(selection, 0, out.stat().st_size, 0)
        return 0, 0

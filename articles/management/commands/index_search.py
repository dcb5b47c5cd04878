from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.models import Article
from articles.storage import searchindex


class Command(BaseCommand):
    help = (
        "Index for search every version not indexed yet, keeping each article's latest "
        "text (after upgrading, or after compact_archive), a batch at a time, each "
        "committed: safe to stop and run again. With --rebuild, every article's "
        "versions are indexed afresh from their texts, as after NEWSDIFFS_SEARCH_CONFIG "
        "changes; --after resumes it. "
        "PostgreSQL only; SQLite searches the texts themselves."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000, help="Versions a transaction")
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Index every version again, its words recomputed from its text",
        )
        parser.add_argument(
            "--after", type=int, default=0, help="With --rebuild: start past this article id"
        )
        parser.add_argument(
            "--articles",
            type=int,
            default=200,
            help="With --rebuild: articles a transaction (and no more versions than --batch)",
        )

    def handle(self, *args, **options):
        if not searchindex.is_used():
            self.stdout.write("Nothing to index: search on SQLite reads the texts themselves.")
            return
        if options["rebuild"]:
            self._rebuild(options["after"], options["articles"], options["batch"])
            return
        indexed = self._index_pending(options["batch"])
        self.stdout.write(f"{indexed} versions indexed for search.")

    def _progress(self, total, unit):
        return tqdm(total=total, unit=unit, disable=not self.stdout.isatty(), file=self.stdout._out)

    def _index_pending(self, batch):
        progress = self._progress(searchindex.count_pending(), "version")
        indexed = 0
        while done := searchindex.index_pending(batch):
            indexed += done
            progress.update(done)
        progress.close()
        return indexed

    def _rebuild(self, after, per_transaction, batch):
        """Each batch of articles: their words put back, then indexed, so that search
        never waits on a whole archive's words at once."""
        articles = Article.objects.filter(pk__gt=after).order_by("pk")
        counts = list(articles.values_list("pk", "version_count"))
        progress = self._progress(len(counts), "article")
        versions = 0
        for chunk in _chunks(counts, per_transaction, batch):
            versions += searchindex.words_again(chunk)
            while searchindex.index_pending(batch):
                pass
            progress.update(len(chunk))
            # Printed as it goes: where to resume if stopped.
            self.stdout.write(f"articles up to id {chunk[-1]} indexed again")
        progress.close()
        total = f"{versions} versions of {len(counts)} articles"
        self.stdout.write(f"{total} indexed again for search.")


def _chunks(counts, most_articles, most_versions):
    """Lists of article ids from (id, version count), in order: up to `most_articles`
    a list, and no more versions than `most_versions` unless one article has more
    (a batch's texts are all decoded at once)."""
    chunk, versions = [], 0
    for article_id, count in counts:
        if chunk and (len(chunk) == most_articles or versions + count > most_versions):
            yield chunk
            chunk, versions = [], 0
        chunk.append(article_id)
        versions += count
    if chunk:
        yield chunk

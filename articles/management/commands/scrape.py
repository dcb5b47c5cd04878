from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from articles.checking.check import check_article
from articles.discovery.discover import discover
from articles.fetching import Fetcher
from articles.models import Article, Check, Source

SUMMARY = [
    ("new versions", (Check.Outcome.NEW_VERSION,)),
    ("boring", (Check.Outcome.BORING,)),
    ("unchanged", (Check.Outcome.UNCHANGED, Check.Outcome.NOT_MODIFIED)),
    ("suspicious", (Check.Outcome.SUSPICIOUS,)),
    ("errors", (Check.Outcome.ERROR, Check.Outcome.REFUSED)),
]


class Command(BaseCommand):
    help = "One synchronous pass: discover new articles, then check the due ones."

    def add_arguments(self, parser):
        parser.add_argument("--source", help="Only this source (its slug)")
        parser.add_argument(
            "--all", action="store_true", help="Check every active article now, due or not"
        )

    def handle(self, *args, **options):
        sources = Source.objects.filter(is_active=True)
        if options["source"]:
            sources = Source.objects.filter(slug=options["source"])
            if not sources:
                raise CommandError(f"No source with the slug {options['source']!r}.")
        fetcher = Fetcher()
        found = created = 0
        failures = []
        for source in sources:
            now = timezone.now()
            report = discover(source, fetcher, now)
            source.schedule_discovery(now)
            source.save(update_fields=["last_discovered_at", "next_discovery_at"])
            found += report.links_found
            created += report.articles_created
            failures += report.failures
        for url, message in failures:
            self.stderr.write(f"Discovery of {url} failed: {message}")
        now = timezone.now()
        if options["all"]:
            articles = Article.objects.filter(state__in=Article.CHECKED_STATES)
        else:
            articles = Article.objects.due(now)
        article_ids = list(
            articles.filter(source__in=sources)
            .order_by("next_check_at")
            .values_list("pk", flat=True)
        )
        outcomes = Counter()
        progress = tqdm(
            article_ids, unit="article", disable=not self.stdout.isatty(), file=self.stdout._out
        )
        for article_id in progress:
            outcomes[check_article(article_id, fetcher).outcome] += 1
        parts = [f"{len(article_ids)} checked"]
        parts += [f"{sum(outcomes[o] for o in kinds)} {label}" for label, kinds in SUMMARY]
        failed = f", failed pages: {len(failures)}" if failures else ""
        self.stdout.write(
            f"Discovery: {found} links, {created} new articles{failed}. Checks: "
            + ", ".join(parts)
            + "."
        )
        if failures and not found:
            raise CommandError("Every discovery page failed; see the messages above.")

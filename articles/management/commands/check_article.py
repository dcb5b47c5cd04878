from django.core.management.base import BaseCommand, CommandError

from articles import urlcanon
from articles.checking.check import check_article
from articles.fetching import Fetcher
from articles.models import Article


class Command(BaseCommand):
    help = "Check one tracked article now and print the outcome."

    def add_arguments(self, parser):
        parser.add_argument("url")

    def handle(self, *args, **options):
        try:
            key = urlcanon.url_key(options["url"])
        except urlcanon.InvalidURL as error:
            raise CommandError(str(error)) from None
        article = Article.objects.filter(url_key=key).first()
        if article is None:
            raise CommandError(f"{options['url']} is not tracked; add its source first.")
        check = check_article(article.pk, Fetcher())
        if check.is_failure:
            # The message names the URL already.
            raise CommandError(f"{check.get_outcome_display()}: {check.message}")
        line = f"{check.get_outcome_display()}: {article.url}"
        if check.http_status:
            line += f" (HTTP {check.http_status}, {check.duration_ms} ms)"
        if check.version_id:
            version = check.version
            line += f" version {version.number}, +{version.chars_added} -{version.chars_removed}"
        if check.message:
            line += f" {check.message}"
        self.stdout.write(line)

import secrets

from django.core.management.base import BaseCommand

from notify.management import subscribing
from notify.models import Subscription


class Command(BaseCommand):
    help = (
        "Subscribe a webhook: every new version that passes the filters is POSTed to URL, signed."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="The http(s) address the JSON is POSTed to.")
        subscribing.add_filter_arguments(parser)
        parser.add_argument(
            "--secret",
            default="",
            help="The HMAC-SHA256 key of X-Newsdiffs-Signature (default: one is generated).",
        )

    def handle(self, *args, **options):
        secret = options["secret"] or secrets.token_urlsafe(32)
        subscription = subscribing.create(
            Subscription.Kind.WEBHOOK, options["url"], options, secret=secret
        )
        self.stdout.write(f"Subscription {subscription.pk}: webhook to {subscription.destination}")
        if not options["secret"]:
            self.stdout.write(f"Signing secret: {secret}")

from django.core.management.base import BaseCommand

from notify.management import subscribing
from notify.models import Subscription


class Command(BaseCommand):
    help = (
        "Subscribe an Apprise URL (mastodons://, bluesky://, tgram://, mailtos://, ...) or, "
        "as mailto:ADDRESS, a plain email sent with the EMAIL_* settings."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="An Apprise URL, or mailto:someone@example.org.")
        subscribing.add_filter_arguments(parser)
        parser.add_argument(
            "--template", default="", help="The message, with {headline}, {comparison_url}..."
        )

    def handle(self, *args, **options):
        url = options["url"]
        # mailto:address (no slashes) is plain email; mailto:// is Apprise's own mailer.
        is_email = url.startswith("mailto:") and not url.startswith("mailto://")
        kind = Subscription.Kind.EMAIL if is_email else Subscription.Kind.APPRISE
        subscription = subscribing.create(kind, url, options, message_template=options["template"])
        self.stdout.write(
            f"Subscription {subscription.pk}: {subscription.get_kind_display()} "
            f"to {subscription.destination}"
        )

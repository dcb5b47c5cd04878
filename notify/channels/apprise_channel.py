"""Every other channel through Apprise: one URL a destination (mastodons://, tgram://, ...).

Apprise makes its own requests, so the address guard cannot sit on its
connections; instead the host named in the URL is resolved and refused when
it is private, as a fetch would be. Redirects are not followed.
"""

import apprise
from django.conf import settings

from articles.fetching.errors import FetchError
from articles.fetching.netguard import check_url
from notify import payload, template
from notify.channels import DeliveryError, Sent


def _asset():
    return apprise.AppriseAsset(http_redirects=False)


def _plugin(url):
    return apprise.Apprise.instantiate(url, asset=_asset(), suppress_exceptions=True)


def private_url(url):
    """The URL with its credentials masked, as Apprise prints it."""
    plugin = _plugin(url)
    return plugin.url(privacy=True) if plugin else url


def apprise_refusal(url, check_address=True):
    """Why this Apprise URL cannot be used, or None."""
    plugin = _plugin(url)
    if not plugin:
        return "Apprise does not understand this URL (see its wiki for each service's form)"
    host = getattr(plugin, "host", None)
    if check_address and host and not settings.NEWSDIFFS_ALLOW_PRIVATE_URLS:
        try:
            check_url(f"http://{host}/")
        except FetchError as error:
            return str(error)
    return None


def send(delivery):
    subscription = delivery.subscription
    if reason := apprise_refusal(subscription.destination):
        raise DeliveryError(reason)
    plugin = _plugin(subscription.destination)
    timeout = settings.NEWSDIFFS_DELIVERY_TIMEOUT
    plugin.socket_read_timeout = timeout
    plugin.socket_connect_timeout = settings.NEWSDIFFS_CONNECT_TIMEOUT
    data = payload.build(delivery.version_id, delivery.idempotency_key)
    _, body = template.render(subscription.message_template or template.DEFAULT_TEMPLATE, data)
    # Apprise reports failures only in its log: keep it for the delivery log.
    with apprise.LogCapture(level=apprise.logging.WARNING) as log:
        # No title: the template's text is the whole message (a title would
        # repeat its headline on services that show both).
        delivered = plugin.notify(body=body)
        messages = log.getvalue()
    if not delivered:
        reason = messages.strip() or "no reason given"
        raise DeliveryError(f"{plugin.service_name} did not take the message: {reason}")
    return Sent(response=messages.strip() or f"sent through {plugin.service_name}")

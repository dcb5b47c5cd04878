"""Admin forms: a source's settings checked on save, with messages that say what is wrong."""

import re
from urllib.parse import urlsplit

from cssselect import HTMLTranslator, SelectorError
from django import forms
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError

from articles.models import DiscoveryURL, Source

# A host name, or a leading dot for "this domain and its subdomains".
_HOST = re.compile(r"^\.?(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9-]{1,63})*$")


def validate_css_selector(selector):
    try:
        HTMLTranslator().css_to_xpath(selector)
    except SelectorError as error:
        raise ValidationError(f"{selector!r} is not a valid CSS selector: {error}") from None


def validate_web_url(url):
    if not url.lower().startswith(("http://", "https://")):
        raise ValidationError(f"{url!r} must start with http:// or https://")


def _lines(text):
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)]


def host_line_errors(text):
    errors = []
    for number, host in _lines(text):
        if host and not _HOST.match(host.lower()):
            errors.append(
                f"Line {number}, {host!r}: write a host name such as example.com or "
                ".example.com, without scheme, port or path."
            )
    return errors


class SourceForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = [
            "name",
            "slug",
            "homepage",
            "is_active",
            "article_url_pattern",
            "allowed_hosts",
            "body_selector",
            "title_selector",
            "byline_selector",
            "drop_selectors",
            "discovery_interval_minutes",
            "min_check_interval_minutes",
            "stop_after_days",
            "submit_to_wayback",
        ]
        widgets = {
            "article_url_pattern": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "allowed_hosts": forms.Textarea(attrs={"rows": 3}),
            "drop_selectors": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_homepage(self):
        homepage = self.cleaned_data["homepage"]
        validate_web_url(homepage)
        return homepage

    def clean_allowed_hosts(self):
        text = self.cleaned_data["allowed_hosts"]
        errors = host_line_errors(text)
        if errors:
            raise ValidationError(errors)
        return "\n".join(host.lower() for _, host in _lines(text) if host)

    def _clean_selector(self, name):
        selector = self.cleaned_data[name].strip()
        if selector:
            validate_css_selector(selector)
        return selector

    def clean_body_selector(self):
        return self._clean_selector("body_selector")

    def clean_title_selector(self):
        return self._clean_selector("title_selector")

    def clean_byline_selector(self):
        return self._clean_selector("byline_selector")

    def clean_drop_selectors(self):
        text = self.cleaned_data["drop_selectors"]
        errors = []
        for number, selector in _lines(text):
            try:
                if selector:
                    validate_css_selector(selector)
            except ValidationError as error:
                errors.append(f"Line {number}: {error.messages[0]}")
        if errors:
            raise ValidationError(errors)
        return "\n".join(selector for _, selector in _lines(text) if selector)

    def clean(self):
        cleaned = super().clean()
        homepage = cleaned.get("homepage")
        if homepage and "allowed_hosts" in cleaned and not self.errors:
            probe = Source(homepage=homepage, allowed_hosts=cleaned["allowed_hosts"])
            host = (urlsplit(homepage).hostname or "").lower()
            if not probe.allows_host(host):
                self.add_error(
                    "allowed_hosts",
                    f"The homepage's host {host} is not among the allowed hosts: "
                    "add it, or the source's own links would be rejected.",
                )
        return cleaned


class DiscoveryURLForm(forms.ModelForm):
    class Meta:
        model = DiscoveryURL
        fields = ("url", "kind")

    def clean_url(self):
        url = self.cleaned_data["url"]
        validate_web_url(url)
        return url


class PreviewArticleForm(forms.Form):
    """Which page the preview extracts: one of the links found, or any URL."""

    preview_url = forms.URLField(
        label="Article URL to extract",
        required=False,
        max_length=2000,
        validators=[validate_web_url],
    )


class ArticleActionForm(ActionForm):
    reason = forms.CharField(
        label="Reason (for hiding)",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "why it is taken down"}),
    )

"""The message of a notification (Apprise, email): a template filled from the payload (pure).

Templates name fields in braces, `{headline}`; only the names below exist,
so a template typed in the admin can neither reach attributes
(`{headline.__class__}`) nor index into values.
"""

import string

DEFAULT_TEMPLATE = "{headline}\n{change_summary}\n{comparison_url}"
FIELDS = (
    "headline",
    "headline_before",
    "change_summary",
    "chars_added",
    "chars_removed",
    "article_url",
    "comparison_url",
    "source",
    "version",
)


class TemplateError(ValueError):
    """A template that names something other than the fields above."""


def check(template):
    """Raise TemplateError unless every field in the template is one of FIELDS."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        raise TemplateError(f"not a valid template: {error}") from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in FIELDS or spec or conversion:
            allowed = ", ".join("{" + field + "}" for field in FIELDS)
            raise TemplateError(f"unknown field {{{name}}}: use {allowed}")


def fields(payload):
    """The template's values, from a webhook payload (see notify.payload)."""
    headline = payload["headline"]
    added, removed = payload["chars_added"], payload["chars_removed"]
    summary = f"+{added} / -{removed} characters"
    if headline["changed"]:
        summary += "; the headline changed"
    return {
        "headline": headline["after"] or payload["article"]["url"],
        "headline_before": headline["before"],
        "change_summary": summary,
        "chars_added": added,
        "chars_removed": removed,
        "article_url": payload["article"]["url"],
        "comparison_url": payload["comparison_url"],
        "source": payload["article"]["source"]["name"],
        "version": payload["new"]["number"],
    }


def render(template, payload):
    """(title, body) of the message; a bad template falls back to the default."""
    values = fields(payload)
    try:
        check(template)
        body = template.format_map(values)
    except TemplateError:
        body = DEFAULT_TEMPLATE.format_map(values)
    title = f"Changed: {values['headline']}"
    return title[:250], body

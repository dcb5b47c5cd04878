from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import URLPattern, include, path
from django.views.decorators.csp import csp_override
from django.views.generic import RedirectView
from django_rq import urls as rq_urls

from articles import health
from articles.reader import pages


def _allowing_inline_scripts(patterns):
    """The patterns with their views' CSP allowing inline scripts.

    django_rq's job lists select jobs with a few lines of inline script in
    its own templates. Its pages are staff-only and show no scraped text, so
    there alone the policy lets them run.
    """
    policy = settings.SECURE_CSP | {
        "script-src": [*settings.SECURE_CSP["script-src"], "'unsafe-inline'"]
    }
    return [
        URLPattern(p.pattern, csp_override(policy)(p.callback), p.default_args, p.name)
        for p in patterns
    ]


urlpatterns = [
    path("admin/rq/", include((_allowing_inline_scripts(rq_urls.urlpatterns), rq_urls.app_name))),
    path("healthz", health.healthz, name="healthz"),
    # Pages link their icon; this answers clients that ask the old place anyway.
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
    path("robots.txt", pages.robots_txt, name="robots-txt"),
    path("admin/", admin.site.urls),
    path("", include("articles.reader.urls")),
]

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from articles import health

urlpatterns = [
    path("admin/rq/", include("django_rq.urls")),
    path("healthz", health.healthz, name="healthz"),
    # Pages link their icon; this answers clients that ask the old place anyway.
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    path("", include("articles.reader.urls")),
]

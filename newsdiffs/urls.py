from django.contrib import admin
from django.urls import include, path

from articles import health

urlpatterns = [
    path("admin/rq/", include("django_rq.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("articles.reader.urls")),
]

"""The back office: sources, articles, versions and the check log in Django's admin."""

from django.contrib import admin

from articles.admin import articles, checks, sources  # noqa: F401  (registers the models)

admin.site.site_header = "newsdiffs back office"
admin.site.site_title = "newsdiffs admin"
admin.site.index_title = "Archive administration"

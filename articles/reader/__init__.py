"""The reader's site: pages, feeds, the JSON API and search, all read-only.

A Django app of its own (label "reader") so that its template tags load by
name; it has no models: it reads the archive's.
"""

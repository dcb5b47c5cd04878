"""Discover: read a source's feeds and front pages, track the article links on them.

`links` is pure (the links on a page and the verdict on each); `discover`
does the I/O (fetch, record the check, create the tracked articles).
"""

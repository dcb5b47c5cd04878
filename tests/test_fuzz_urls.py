"""Every public address, with hostile values in its path and query, answers below 500.

The addresses come from the URL resolver and the query parameters from the
views' own source, so a new page, feed, API endpoint or parameter is fuzzed
without being listed here. Runs on whichever database the suite runs on
(SQLite, or PostgreSQL with DATABASE_URL).
"""

import inspect
import logging
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from articles import health
from articles.models import Heartbeat
from tests.reader_data import harbour_story, make_source

# The admin has its own tests (and needs a login); everything else is public.
PRIVATE_PREFIXES = ("admin/",)
_READ = re.compile(r"""\b(?:GET|params|COOKIES)(?:\.get\(|\[)\s*["'](\w+)["']""")
_CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")

BIG = "99999999999999999999"
# Raw pieces of a query string or path segment, percent-encoded as they
# arrive: some are invalid encodings on purpose.
HOSTILE = [
    "",
    "0",
    "-1",
    "-" + BIG,
    str(2**63 - 1),
    str(2**63),
    BIG,
    "9" * 5000,  # past Python's int() digit limit
    "1.5",
    "1e99",
    "nan",
    "%d9%a1%d9%a2",  # Arabic-Indic digits, which int() accepts
    "%00",
    "a%00b",
    "harbour%00bridge",  # words that find an article, so the NUL reaches the text search
    "%01%02%1b%7f",
    "%0d%0aSet-Cookie:%20x=1",
    "%",
    "%zz",
    "%e2%82",  # a truncated UTF-8 sequence
    "%ff%fe%fd",
    "%ed%a0%80",  # an encoded surrogate
    "%c0%af",  # an overlong slash
    quote("' OR '1'='1' --"),
    quote("1; DROP TABLE articles_article; --"),
    quote('") UNION SELECT password FROM auth_user --'),
    quote("<script>alert(1)</script>"),
    quote("../../etc/passwd"),
    "x" * 100_000,
    quote("é" * 30_000),
]
PATH_HOSTILE = ["0", "-1", str(2**63 - 1), str(2**63), BIG, "9" * 100_000, "%00", "1%00"]
PATH_HOSTILE += [quote("' OR 1=1 --", safe=""), "%zz", "%c0%af", "a" * 100_000]


def public_routes(resolver=None, prefix=""):
    """(route, callback) of every public URL pattern, included ones too."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(PRIVATE_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from public_routes(entry, route)
        elif isinstance(entry, URLPattern):
            # A regex pattern could not be filled in below: fail, so it gets handled.
            assert isinstance(entry.pattern, RoutePattern), f"{route}: not a path() route"
            yield route, entry.callback


def parameters_read_in(path):
    return set(_READ.findall(Path(path).read_text()))


def module_file(callback):
    """The source file of a view function (unwrapped) or of a view object's class (a Feed)."""
    view = inspect.unwrap(callback)
    return Path(inspect.getmodule(view if inspect.isfunction(view) else type(view)).__file__)


def view_sources():
    """The views' modules and their neighbours, where helpers that read parameters live."""
    modules = {module_file(callback) for _, callback in public_routes()}
    return sorted(modules | {p for m in modules for p in m.parent.glob("*.py")})


def parameters_read_by_views():
    return sorted(set().union(*(parameters_read_in(source) for source in view_sources())))


def parameters_read_by(callback):
    """The parameters the module defining this view (or Feed) reads."""
    return sorted(parameters_read_in(module_file(callback)))


@pytest.fixture
def world(db):
    source = make_source()
    article = harbour_story(source)
    version = article.versions.get(number=2)
    Heartbeat.beat(health.SCHEDULER)  # so /healthz answers 200, and a 503 means a fault
    return {
        "article_id": article.pk,
        "version_id": version.pk,
        "slug": source.slug,
        # Query values that find something, so a hostile value beside them gets far.
        "query": {
            "q": "harbour",
            "url": article.url,
            "source": source.slug,
            "old": "1",
            "new": "2",
            "upto": "2",
            "boring": "1",
            "layout": "inline",
            "changed_since": "2026-01-01",
        },
    }


def valid_value(name, world):
    return str({"old": 1, "new": 2, **world}.get(name, 1))


def with_others_valid(names, name, value, world):
    """A query with `name` set to `value` and the other parameters to values that find data."""
    valid = world["query"]
    others = [f"{other}={quote(valid[other])}" for other in names if other in valid]
    return "&".join([*[o for o in others if not o.startswith(f"{name}=")], f"{name}={value}"])


def fill(route, world, hostile_name=None, hostile_value=None):
    def one(match):
        name = match["name"]
        return hostile_value if name == hostile_name else valid_value(name, world)

    return "/" + _CONVERTER.sub(one, route)


def addresses(world):
    """Each route with valid path values and hostile queries, then with each hostile path value.

    Each parameter its view's module reads gets every hostile value, the
    others values that find data (so no other parameter's error answers
    first, and the hostile one reaches the queries); every parameter any
    view reads, and one no view reads, get each value all at once.
    """
    everything = [*parameters_read_by_views(), "page"]
    for route, callback in public_routes():
        base = fill(route, world)
        yield base
        names = parameters_read_by(callback)
        for name in names:
            for value in HOSTILE:
                yield f"{base}?{with_others_valid(names, name, value, world)}"
        for value in HOSTILE:
            yield base + "?" + "&".join(f"{name}={value}" for name in everything)
        for match in _CONVERTER.finditer(route):
            for value in PATH_HOSTILE:
                yield fill(route, world, match["name"], value)


@pytest.fixture(autouse=True)
def _quiet_not_found():
    """Thousands of 404 and 400 lines (some 100 KB long) would cost more than the requests."""
    loggers = [logging.getLogger(name) for name in ("django.request", "articles.reader")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


def server_errors(client, urls):
    failures = []
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            error = response.exc_info[1] if response.exc_info else None
            failures.append(f"{response.status_code} {url[:120]}: {error!r:.200}")
    return failures


def assert_no_server_errors(client, urls):
    failures = server_errors(client, urls)
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:40])


def test_the_scan_finds_the_routes_and_parameters_the_views_use():
    routes = [route for route, _ in public_routes()]
    assert "articles/<id:article_id>/diff/<id:old>/<id:new>/" in routes
    assert "api/versions/<id:version_id>/" in routes
    assert "feeds/changes.atom" in routes
    assert not any(route.startswith("admin/") for route in routes)
    found = set(parameters_read_by_views())
    assert {"q", "url", "source", "before", "cursor", "old", "new", "layout"} <= found
    assert {"upto", "boring", "changed_since"} <= found
    by_view = dict(public_routes())
    assert parameters_read_by(by_view["search/"]) == ["before", "in", "page", "q", "source", "url"]
    assert "changed_since" in parameters_read_by(by_view["api/articles/"])


def test_no_public_address_answers_a_server_error_to_hostile_input(world):
    client = Client(raise_request_exception=False)
    urls = list(addresses(world))
    assert len(urls) > 1000
    assert_no_server_errors(client, urls)


@pytest.mark.parametrize("value", ["%00", BIG, "x" * 4000, quote("' OR 1=1 --")])
def test_hostile_cookies_answer_no_server_error(world, value):
    client = Client(raise_request_exception=False)
    for name in ("layout", "sessionid", "csrftoken"):
        client.cookies[name] = value
    urls = [fill(route, world) for route, _ in public_routes()]
    assert_no_server_errors(client, urls)

"""A small local news site over real HTTP: front page, feed, articles.

Used by the demo (`runarchive --demo`) and by the tests, which change
stories between fetches and register hostile answers on any path.
"""

import gzip
import hashlib
import html
import json
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from newsroom.stories import SEED_STORIES, Story


@dataclass
class Canned:
    """A fixed answer a test registers for a path."""

    status: int = 200
    body: bytes | str = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    times: int | None = None  # answer this many times, then fall through

    def body_bytes(self):
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


class Newsroom:
    """The site's state. Thread-safe: the server and a test or editor share it."""

    def __init__(self, stories=None, name="The Local Courier"):
        self.name = name
        self.lock = threading.RLock()
        self.stories = {}
        for story in stories if stories is not None else SEED_STORIES:
            self.add(Story(**{**story.__dict__, "paragraphs": list(story.paragraphs)}))
        self.robots_txt = "User-agent: *\nDisallow: /private/\n"
        self.conditional_get = True
        # Concurrency tests: a threading.Barrier every article request waits at, so
        # that the answers go out only once all the fetches it expects are in flight.
        self.article_barrier = None
        self.article_delay = 0.0  # seconds to hold every article page: a slow site
        self.canned = {}
        self.hits = Counter()
        self.arrived_at = {}  # path -> time.monotonic() of its latest request
        self.request_headers = {}
        self.base_url = ""

    def add(self, story):
        with self.lock:
            self.stories[story.slug] = story
        return story

    def story(self, slug):
        return self.stories[slug]

    def edit(self, slug, **changes):
        """Change a story's fields (title, byline, paragraphs) and bump its revision."""
        with self.lock:
            story = self.stories[slug]
            for name, value in changes.items():
                setattr(story, name, list(value) if name == "paragraphs" else value)
            story.touch()
            return story

    def remove(self, slug):
        with self.lock:
            self.stories.pop(slug, None)

    def answer(self, path, canned=None, **kwargs):
        """Register a fixed answer for a path (with or without its query)."""
        self.canned[path] = canned or Canned(**kwargs)

    def url(self, path="/"):
        return self.base_url + path

    def article_url(self, slug):
        return self.url(self.stories[slug].path)


def _article_page(room, story):
    esc = html.escape
    body = "\n".join(f"<p>{esc(p)}</p>" for p in story.paragraphs)
    others = [s for s in room.stories.values() if s.slug != story.slug]
    most_read = "\n".join(f'<li><a href="{s.path}">{esc(s.title)}</a></li>' for s in others)
    json_ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": story.title,
            "author": {"@type": "Person", "name": story.byline.removeprefix("By ")},
            "datePublished": story.published_at.isoformat(),
            "dateModified": story.updated_at.isoformat(),
        }
    ).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{esc(story.title)} | {esc(room.name)}</title>
<meta property="og:title" content="{esc(story.title)}">
<meta property="og:image" content="{story.photo_path}?w=1200&amp;ts={story.revision}">
<meta name="author" content="{esc(story.byline.removeprefix("By "))}">
<meta property="article:published_time" content="{story.published_at.isoformat()}">
<script type="application/ld+json">{json_ld}</script>
</head><body>
<header><a href="/">{esc(room.name)}</a>
<nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/weather/">Weather</a>
<a href="/about">About us</a></nav></header>
<main><article>
<h1>{esc(story.title)}</h1>
<p class="byline">{esc(story.byline)}</p>
<time datetime="{story.published_at.isoformat()}">{story.published_at:%d %B %Y %H:%M}</time>
<figure><img src="{story.photo_path}?w=640" alt="">
<figcaption>Photo {story.photo}</figcaption></figure>
<div class="article-body">
{body}
</div>
</article></main>
<aside><h2>Most read</h2><ul>{most_read}</ul></aside>
<footer><p>&copy; {esc(room.name)}. All rights reserved.</p>
<a href="/terms">Terms</a> <a href="https://elsewhere.example/ad">Advertise</a></footer>
</body></html>"""


def _photo(path):
    """A stand-in photo: a coloured card with its name, different for each path."""
    name = html.escape(path.rsplit("/", 1)[-1].removesuffix(".svg"))
    hue = int(hashlib.sha256(path.encode()).hexdigest()[:4], 16) % 360
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">'
        f'<rect width="640" height="360" fill="hsl({hue} 45% 55%)"/>'
        f'<text x="320" y="190" font-size="28" text-anchor="middle" fill="#fff">{name}</text>'
        "</svg>"
    )


def _front_page(room):
    esc = html.escape
    items = "\n".join(
        f'<li><a href="{s.path}?utm_source=frontpage#top">{esc(s.title)}</a></li>'
        for s in room.stories.values()
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(room.name)}</title>
<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>
<body><h1>{esc(room.name)}</h1><ul>{items}</ul>
<p><a href="/about">About us</a> <a href="/private/staff">Staff</a>
<a href="https://elsewhere.example/story/1">Partner site</a></p></body></html>"""


def _feed(room):
    esc = html.escape
    items = "\n".join(
        f"<item><title>{esc(s.title)}</title><link>{esc(room.url(s.path))}</link>"
        f"<guid>{esc(room.url(s.path))}</guid>"
        f"<pubDate>{format_datetime(s.published_at)}</pubDate></item>"
        for s in room.stories.values()
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{esc(room.name)}</title>
<link>{esc(room.url("/"))}</link><description>Latest stories</description>
{items}</channel></rss>"""


class _Handler(BaseHTTPRequestHandler):
    server_version = "Newsroom/1.0"
    protocol_version = "HTTP/1.1"
    # The headers and the body are two writes. With Nagle's algorithm on, a
    # kept-alive connection held the body back until the client acknowledged
    # the headers, which it delays by 40 ms: every page stalled, and a
    # client idle that long starts its next request on cold caches, which
    # doubled the CPU the benches measured. Servers in front of real sites
    # (nginx, CDNs) set TCP_NODELAY.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # keep test output quiet
        pass

    @property
    def room(self):
        return self.server.room

    def do_GET(self):
        room = self.room
        parts = urlsplit(self.path)
        with room.lock:
            room.hits[parts.path] += 1
            room.arrived_at[parts.path] = time.monotonic()
            room.request_headers[parts.path] = dict(self.headers)
            canned = room.canned.get(self.path) or room.canned.get(parts.path)
            if canned is not None and canned.times is not None:
                canned.times -= 1
                if canned.times < 0:
                    room.canned.pop(self.path, None)
                    room.canned.pop(parts.path, None)
                    canned = None
        if canned is not None:
            time.sleep(canned.delay)
            return self._send(canned.status, canned.body_bytes(), canned.headers)
        if parts.path.startswith("/hostile/"):
            return self._hostile(parts.path, parse_qs(parts.query))
        if parts.path == "/robots.txt":
            return self._send(200, room.robots_txt, {"Content-Type": "text/plain"})
        if parts.path == "/feed.xml":
            return self._send(200, _feed(room), {"Content-Type": "application/rss+xml"})
        if parts.path == "/":
            return self._send(200, _front_page(room), {})
        if parts.path.startswith("/images/"):
            return self._send(200, _photo(parts.path), {"Content-Type": "image/svg+xml"})
        with room.lock:
            story = next((s for s in room.stories.values() if s.path == parts.path), None)
            page = _article_page(room, story) if story else None
            etag = f'"{story.slug}-{story.revision}"' if story else None
            modified = format_datetime(story.updated_at, usegmt=True) if story else None
        if room.article_barrier is not None:
            room.article_barrier.wait()
        time.sleep(room.article_delay)
        if story is None:
            return self._send(404, "<!DOCTYPE html><title>Not found</title><p>Not found</p>", {})
        if room.conditional_get and self.headers.get("If-None-Match") == etag:
            return self._send(304, b"", {"ETag": etag})
        return self._send(200, page, {"ETag": etag, "Last-Modified": modified})

    def _hostile(self, path, query):
        size = int(query.get("bytes", ["6000000"])[0])
        if path == "/hostile/slow":
            time.sleep(float(query.get("seconds", ["5"])[0]))
            return self._send(200, "<html><body><p>Finally.</p></body></html>", {})
        if path == "/hostile/huge":
            return self._stream(b"<html><body>" + b"<p>padding</p>" * (size // 14), {})
        if path == "/hostile/huge-chunked":
            return self._stream(b"<p>padding</p>" * (size // 14), {}, chunked=True)
        if path == "/hostile/gzip-bomb":
            bomb = gzip.compress(b"<p>" + b"a" * size + b"</p>", compresslevel=9)
            return self._send(200, bomb, {"Content-Encoding": "gzip"})
        if path == "/hostile/pdf":
            return self._send(200, b"%PDF-1.4 not a web page", {"Content-Type": "application/pdf"})
        if path.startswith("/hostile/redirect-chain/"):
            remaining = int(path.rsplit("/", 1)[1])
            target = query.get("to", ["/"])[0]
            location = (
                f"/hostile/redirect-chain/{remaining - 1}?to={target}" if remaining else target
            )
            return self._send(302, b"", {"Location": location})
        if path == "/hostile/redirect":
            return self._send(302, b"", {"Location": query["to"][0]})
        return self._send(404, b"no such hostile page", {})

    def _send(self, status, body, headers):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status)
        headers = {"Content-Type": "text/html; charset=utf-8", **headers}
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def _stream(self, body, headers, chunked=False):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for start in range(0, len(body), 65536):
                chunk = body[start : start + 65536]
                if chunked:
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                else:
                    self.wfile.write(chunk)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on the body, as it should


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # Clients that hang up (timeouts, size caps) are part of the tests.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class NewsroomServer:
    """Serve a Newsroom on 127.0.0.1 in a background thread."""

    def __init__(self, room=None, host="127.0.0.1", port=0):
        self.room = room or Newsroom()
        self.httpd = _QuietServer((host, port), _Handler)
        self.httpd.room = self.room
        self.room.base_url = f"http://{host}:{self.httpd.server_address[1]}"
        # A short poll interval so stop() returns at once: tests start and
        # stop a server for every test.
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self):
        return self.room.base_url

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

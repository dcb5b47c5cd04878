"""manage.py export_jsonl: one article a line, every version's text, read in batches."""

import gzip
import json
import re
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.checking.check import check_article
from articles.exports import selection
from articles.fetching import Fetcher
from articles.models import Version

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SLUGS = ["harbour-bridge-closure", "library-opening-hours"]
README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
def archive(track, newsroom):
    """Two stories of the local site: the first with four versions (one boring), the second one."""
    articles = [track(slug) for slug in SLUGS]
    for article in articles:
        check_article(article.pk, Fetcher(), now=NOW)
    story = newsroom.story(SLUGS[0])
    edits = [
        {"title": "Harbour bridge to close for six weeks"},
        {"paragraphs": [*story.paragraphs, "A ferry service will run every twenty minutes."]},
        {"title": "HARBOUR BRIDGE TO CLOSE FOR SIX WEEKS"},  # letter case only: boring
    ]
    for n, edit in enumerate(edits, start=1):
        newsroom.edit(SLUGS[0], **edit)
        check_article(articles[0].pk, Fetcher(), now=NOW + timedelta(hours=n))
    assert articles[0].versions.count() == 4
    return articles


def export(*args):
    out, err = StringIO(), StringIO()
    call_command("export_jsonl", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def read_lines(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


def test_one_line_per_article_with_every_version_and_its_text(archive, tmp_path):
    out = tmp_path / "archive.jsonl.gz"
    summary, _ = export(out)
    assert "2 articles (5 versions)" in summary
    lines = read_lines(out)
    assert [line["id"] for line in lines] == [a.pk for a in archive]
    first = lines[0]
    archive[0].refresh_from_db()
    assert first["url"] == archive[0].url
    assert first["source"] == {"slug": "courier", "name": "The Local Courier"}
    assert (first["version_count"], first["change_count"]) == (4, 2)
    versions = list(archive[0].versions.order_by("number"))
    assert [v["number"] for v in first["versions"]] == [1, 2, 3, 4]
    for version, line in zip(versions, first["versions"], strict=True):
        assert line["text"] == version.text
        assert line["title"] == version.title
        assert line["byline"] == version.byline
        assert line["lead_image_url"] == version.lead_image_url
        assert line["archived_at"] == version.archived_at.isoformat()
        assert line["body_sha256"] == version.raw_body_hash
        assert (line["chars_added"], line["chars_removed"]) == (
            version.chars_added,
            version.chars_removed,
        )
    assert [v["is_boring"] for v in first["versions"]] == [False, False, False, True]
    assert first["versions"][2]["chars_added"] > 0
    assert "A ferry service" in first["versions"][2]["text"]


def test_an_uncompressed_file_and_absolute_links(archive, tmp_path):
    out = tmp_path / "archive.jsonl"
    export(out, "--base-url", "https://newsdiffs.example")
    assert out.read_bytes().count(b"\n") == 2
    line = read_lines(out)[0]
    assert line["history_url"] == f"https://newsdiffs.example/articles/{archive[0].pk}/"


def test_filters_choose_articles_and_versions(archive, tmp_path):
    out = tmp_path / "a.jsonl"
    export(out, "--article", archive[1].pk)
    assert [line["id"] for line in read_lines(out)] == [archive[1].pk]
    out = tmp_path / "b.jsonl"
    export(out, "--since", "2026-03-01T13:30:00Z")
    lines = read_lines(out)
    assert [(line["id"], [v["number"] for v in line["versions"]]) for line in lines] == [
        (archive[0].pk, [3, 4])
    ]


def test_versions_are_read_in_batches_and_written_whole(archive, tmp_path, monkeypatch):
    monkeypatch.setattr(selection, "BATCH_SIZE", 3)
    chosen = selection.Selection.from_options()
    batches = list(chosen.batches_of(archive[0].pk))
    assert [[v.number for v in b] for b in batches] == [[1, 2, 3], [4]]
    assert all(v._text is not None for b in batches for v in b)  # read with their batch
    out = tmp_path / "archive.jsonl"
    export(out)
    assert [v["number"] for v in read_lines(out)[0]["versions"]] == [1, 2, 3, 4]


def test_a_damaged_text_is_said_so_and_the_rest_is_written(archive, tmp_path):
    version = archive[1].versions.get(number=1)
    data = bytearray(version.stored_text)
    data[len(data) // 2] ^= 0x40
    Version.objects.filter(pk=version.pk).update(stored_text=bytes(data))
    out = tmp_path / "archive.jsonl"
    _, err = export(out)
    assert "1 versions' stored texts do not read back" in err
    lines = read_lines(out)
    damaged = lines[1]["versions"][0]
    assert damaged["text"] is None
    assert "corrupt" in damaged["text_error"]
    assert all(v["text"] for v in lines[0]["versions"])


def test_taken_down_articles_are_left_out(archive, tmp_path):
    archive[0].is_hidden = True
    archive[0].save()
    out = tmp_path / "archive.jsonl"
    export(out)
    assert [line["id"] for line in read_lines(out)] == [archive[1].pk]


def test_bad_arguments_and_paths_are_clear_errors(archive, tmp_path):
    with pytest.raises(CommandError, match="--source 'nowhere': no such source"):
        export(tmp_path / "out.jsonl", "--source", "nowhere")
    with pytest.raises(CommandError, match="--since"):
        export(tmp_path / "out.jsonl", "--since", "yesterday")
    with pytest.raises(CommandError, match="cannot write"):
        export(tmp_path / "missing" / "out.jsonl")
    assert list(tmp_path.iterdir()) == []


def test_every_field_of_a_line_is_documented_in_the_readme(archive, tmp_path):
    out = tmp_path / "archive.jsonl"
    export(out)
    line = read_lines(out)[0]
    section = README.read_text().split("## Exports", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_0-9.]+)` \|", section, flags=re.MULTILINE))
    fields = set(line) | {f"versions.{name}" for name in line["versions"][0]}
    fields |= {f"source.{name}" for name in line["source"]}
    assert sorted(fields - documented) == []

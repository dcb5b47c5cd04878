import gzip
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.test_noise import PARAGRAPHS, busy_page


def _dataset(folder, pages):
    (folder / "html").mkdir()
    truth = {}
    for page_id, (html, body) in pages.items():
        (folder / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode()))
        truth[page_id] = {"articleBody": body, "url": f"https://example.org/{page_id}"}
    (folder / "ground-truth.json").write_text(json.dumps(truth))
    return folder


def test_it_scores_the_archives_extraction_and_the_baseline_in_one_run(tmp_path):
    _dataset(tmp_path, {"busy": (busy_page(PARAGRAPHS), "\n".join(PARAGRAPHS))})
    out = io.StringIO()
    call_command("evaluate_extraction", str(tmp_path), "--json", "--baseline", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["extraction"]["pages"] == 1
    assert figures["extraction"]["f1"] == 1.0
    assert figures["baseline"]["extractor"] == "readability-lxml"
    assert figures["baseline"]["pages"] == 1
    assert figures["speed_ratio"] > 0
    assert figures["unchanged_recheck_ms_per_page"] < figures["extraction"]["ms_per_page"]


def test_it_lists_the_worst_pages_with_their_scores(tmp_path):
    _dataset(
        tmp_path,
        {
            "good": (busy_page(PARAGRAPHS), "\n".join(PARAGRAPHS)),
            "empty": ("<html><body></body></html>", "Some text that was expected here."),
        },
    )
    out = io.StringIO()
    call_command("evaluate_extraction", str(tmp_path), stdout=out)
    text = out.getvalue()
    assert "pages 2" in text
    worst = text.split("worst pages:")[1].strip().splitlines()
    assert worst[0].startswith("F1 0.000")
    assert "empty" in worst[0]


def test_a_missing_data_set_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"ground-truth\.json"):
        call_command("evaluate_extraction", str(tmp_path / "nowhere"))

"""Score extraction on a data set of real pages with hand-made ground truth.

A data set is a folder with html/<id>.html.gz (the page as served) and
ground-truth.json ({id: {"articleBody": text, "url": page url}}).
"""

import gzip
import json
import time
from dataclasses import dataclass
from pathlib import Path

from articles.extraction import ExtractionError, extract
from articles.extraction.body import bare_readability_text
from articles.textnorm import bytes_hash
from quality.metric import PageScore, score_page, summarise


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    body: bytes
    truth: str


@dataclass(frozen=True)
class PageResult:
    page: Page
    text: str
    score: PageScore
    seconds: float
    error: str = ""


def load_dataset(folder):
    folder = Path(folder)
    truth_path = folder / "ground-truth.json"
    if not truth_path.is_file():
        raise FileNotFoundError(f"{truth_path} does not exist")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages = []
    for page_id, item in sorted(truth.items()):
        path = folder / "html" / f"{page_id}.html.gz"
        if not path.is_file():
            raise FileNotFoundError(f"{path} is listed in ground-truth.json but missing")
        body = gzip.decompress(path.read_bytes())
        pages.append(Page(page_id, item.get("url", ""), body, item.get("articleBody", "")))
    return pages


def archive_text(page):
    """The text the scraper would archive for the page (empty when it finds none)."""
    return extract(page.body, url=page.url).text


def readability_text(page):
    return bare_readability_text(page.body)


def _run(pages, extractor):
    results = []
    for page in pages:
        started = time.perf_counter()
        error = ""
        try:
            text = extractor(page)
        except ExtractionError as exc:
            text, error = "", str(exc)
        seconds = time.perf_counter() - started
        results.append(PageResult(page, text, score_page(page.truth, text), seconds, error))
    return results


@dataclass(frozen=True)
class Report:
    results: list
    label: str

    @property
    def summary(self):
        return summarise([r.score for r in self.results])

    @property
    def ms_per_page(self):
        return 1000 * sum(r.seconds for r in self.results) / max(len(self.results), 1)

    def worst(self, count=10):
        return sorted(self.results, key=lambda r: (r.score.f1, r.page.id))[:count]

    def as_dict(self, worst=10):
        summary = self.summary
        return {
            "extractor": self.label,
            "pages": len(self.results),
            "f1": round(summary.f1, 4),
            "precision": round(summary.precision, 4),
            "recall": round(summary.recall, 4),
            "ms_per_page": round(self.ms_per_page, 2),
            "worst": [
                {
                    "id": r.page.id,
                    "url": r.page.url,
                    "f1": round(r.score.f1, 4),
                    "precision": round(r.score.precision, 4),
                    "recall": round(r.score.recall, 4),
                    "error": r.error,
                }
                for r in self.worst(worst)
            ],
        }


def evaluate(pages, extractor=archive_text, label="newsdiffs"):
    return Report(_run(pages, extractor), label)


def unchanged_recheck_ms(pages, repeat=5):
    """Cost per page of a re-check of an unchanged page: hashing its bytes."""
    started = time.perf_counter()
    for _ in range(repeat):
        for page in pages:
            bytes_hash(page.body)
    return 1000 * (time.perf_counter() - started) / max(len(pages) * repeat, 1)

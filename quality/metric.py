"""The article-extraction benchmark's metric, so our figures compare with its table.

Tokens are runs of word characters; a text is the multiset of its 4-token
shingles. Per page, true positives are the shingles both texts share, false
positives those only the prediction has, false negatives those only the
truth has, each divided by their sum so that long pages weigh no more than
short ones. Precision and recall are averaged over pages; F1 is their
harmonic mean.
"""

from dataclasses import dataclass
from statistics import mean

from articles.textnorm import shingles


@dataclass(frozen=True)
class PageScore:
    tp: float
    fp: float
    fn: float

    @property
    def precision(self):
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self):
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self):
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_page(truth, predicted):
    true_shingles, predicted_shingles = shingles(truth), shingles(predicted)
    tp = sum((true_shingles & predicted_shingles).values())
    fp = sum((predicted_shingles - true_shingles).values())
    fn = sum((true_shingles - predicted_shingles).values())
    total = tp + fp + fn
    if total:
        return PageScore(tp / total, fp / total, fn / total)
    return PageScore(0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Summary:
    precision: float
    recall: float

    @property
    def f1(self):
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def summarise(scores):
    """Precision and recall averaged over the pages where each is defined."""
    precisions = [s.precision for s in scores if s.tp + s.fp > 0]
    recalls = [s.recall for s in scores if s.tp + s.fn > 0]
    return Summary(
        precision=mean(precisions) if precisions else 0.0,
        recall=mean(recalls) if recalls else 0.0,
    )

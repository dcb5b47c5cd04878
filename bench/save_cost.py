"""What saving a version costs in diffs, against the comparison page's own diff.

A check that finds a change sizes it from the same rows the comparison page
shows (diffing.compare, counted by diffing.sizes), computed before the
article's row is locked; the rows are kept with the version. This bench
times, on texts of 5, 20 and 100 KB with 1, 5 and 30% of words changed and
with paragraphs moved (unchanged, and edited), the comparison page's diff and the save path's
sizing, in one run. (The character diff the save path used before took up
to 2 s on 5 KB with 30% of words changed; it is gone.) Pure Python, no
database.

    .venv/bin/python bench/save_cost.py
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from articles.comparison import diffing

WORDS = (
    "council", "bridge", "repairs", "traffic", "ferry", "harbour", "minister", "budget",
    "river", "school", "hospital", "police", "witness", "storm", "election", "court",
    "report", "residents", "officials", "weekend", "morning", "said", "would", "after",
)  # fmt: skip


def article(kilobytes, rng):
    paragraphs, size = [], 0
    while size < kilobytes * 1000:
        paragraph = " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 70))) + "."
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return paragraphs


def reworded(paragraphs, share, rng):
    edited = []
    for paragraph in paragraphs:
        words = paragraph.split(" ")
        for i in range(len(words)):
            if rng.random() < share:
                words[i] = rng.choice(WORDS).upper()
        edited.append(" ".join(words))
    return edited


def moved(paragraphs, rng):
    edited = list(paragraphs)
    for _ in range(max(1, len(edited) // 10)):
        edited.insert(rng.randrange(len(edited)), edited.pop(rng.randrange(len(edited))))
    return edited


def moved_and_edited(paragraphs, rng):
    """Paragraphs moved as in `moved`, each moved one with a word changed."""
    edited = list(paragraphs)
    for _ in range(max(1, len(edited) // 10)):
        paragraph = edited.pop(rng.randrange(len(edited))).replace(" ", " REVISED ", 1)
        edited.insert(rng.randrange(len(edited) + 1), paragraph)
    return edited


def best_of(func, repeats=3):
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main():
    rng = random.Random(5)
    print("ms, best of 3: comparison page | save path (same rows, counted)")
    for kilobytes in (5, 20, 100):
        old = article(kilobytes, rng)
        cases = [
            (f"{share:.0%} of words", reworded(old, share, rng)) for share in (0.01, 0.05, 0.3)
        ]
        cases.append(("paragraphs moved", moved(old, rng)))
        cases.append(("moved and edited", moved_and_edited(old, rng)))
        for label, new in cases:
            page = best_of(lambda old=old, new=new: diffing.compare(old, new))
            save = best_of(lambda old=old, new=new: diffing.sizes(diffing.compare(old, new)))
            print(
                f"  {kilobytes:>3} KB, {label:16}: page {page:8.1f}  save {save:8.1f}"
                f"  (ratio {save / page:4.2f})"
            )


if __name__ == "__main__":
    main()

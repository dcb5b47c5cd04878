"""The house keeps its shape: pure modules stay pure, production never needs the quality tools."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Mutation testing runs the suite on rewritten copies of the sources.
pytestmark = pytest.mark.skipif(ROOT.name == "mutants", reason="the sources are mutated copies")

# The README's code map calls these pure: text in, text (or numbers) out,
# no database, no network, no cache. They are tested on their own and under
# mutation testing (`make mutate`).
PURE_MODULES = [
    "articles/content.py",
    "articles/evidence.py",
    "articles/textnorm.py",
    "articles/urlcanon.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "articles/extraction").glob("*.py")),
    "articles/discovery/links.py",
    "articles/checking/plausibility.py",
    "articles/checking/schedule.py",
    "articles/comparison/diffing.py",
    "articles/comparison/labels.py",
    "articles/comparison/notes.py",
    "articles/comparison/sentences.py",
    "articles/fetching/errors.py",
    "articles/fetching/retrying.py",
    "articles/fetching/sniffing.py",
    "articles/reader/breaking.py",
    "articles/reader/humanize.py",
    "articles/reader/cardtext.py",
    "articles/reader/numbers.py",
    "articles/moments.py",
    "articles/reader/timeline.py",
    "articles/charts.py",
    "articles/storage/deltas.py",
    "articles/storage/headers.py",
    "articles/storage/words.py",
    "notify/matching.py",
    "notify/policy.py",
    "notify/signing.py",
    "notify/template.py",
]
IO_MODULES = ("requests", "urllib3", "socket", "redis", "rq", "django_rq", "psycopg")
IO_PREFIXES = ("django.db", "django.core.cache", "django.http", "articles.models", "newsdiffs")


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            # `from articles import models` names a module too.
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_modules_import_nothing_that_does_io(module):
    doing_io = [
        name
        for name in imported_modules(ROOT / module)
        if name.split(".")[0] in IO_MODULES or name.startswith(IO_PREFIXES)
    ]
    assert doing_io == []


def test_production_imports_nothing_from_the_quality_tools():
    production = [
        *(ROOT / "articles").rglob("*.py"),
        *(ROOT / "notify").rglob("*.py"),
        *(ROOT / "newsdiffs").rglob("*.py"),
    ]
    importers = [
        str(path.relative_to(ROOT))
        for path in production
        if any(name.split(".")[0] == "quality" for name in imported_modules(path))
    ]
    assert importers == []


def test_no_module_grows_past_the_size_where_it_should_be_split():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for folder in ("articles", "notify", "quality")
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts and (lines := len(path.read_text().splitlines())) > 600
    }
    assert too_long == {}

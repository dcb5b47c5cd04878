"""The README stays true: every variable the settings read is documented."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_variable_is_in_the_configuration_table():
    settings_source = (ROOT / "newsdiffs" / "settings.py").read_text()
    read = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', settings_source))
    readme = (ROOT / "README.md").read_text()
    table = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.MULTILINE))
    assert read, "no variables found: the pattern no longer matches settings.py"
    assert sorted(read - table) == []


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme.split("## ", 2)[1]
    assert ci.count("make test") == 2


def test_the_readme_puts_the_feeds_where_the_admin_shows_them():
    """The source form lists the feeds inside its Discovery section (change_form.html)."""
    readme = " ".join((ROOT / "README.md").read_text().split())
    form = (ROOT / "templates/admin/articles/source/change_form.html").read_text()
    assert 'fieldset.name == "Discovery"' in form
    assert "inline list at the bottom" not in readme
    assert "front pages to read are listed in the Discovery section" in readme

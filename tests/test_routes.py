"""Addresses built from a route's template give what reverse() gives."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from articles import routes
from articles.reader.numbers import MAX_ID


@pytest.mark.parametrize(
    ("name", "numbers"),
    [
        ("article-history", (1,)),
        ("article-history", (MAX_ID,)),
        ("article-diff", (12, 3, 4)),
        ("article-version", (7, 910_000_001)),  # a marker's own digits
        ("version-warc", (5, 2)),
        ("browse", ()),
        ("source-detail", (5,)),  # a slug of digits
    ],
)
def test_an_address_is_what_reverse_gives(name, numbers):
    assert routes.address(name, *numbers) == reverse(name, args=numbers)


@pytest.mark.parametrize("numbers", [(0,), (-3,), (MAX_ID + 1,), (True,), ("12",)])
def test_what_is_no_id_is_left_to_reverse(numbers):
    if numbers == ("12",):
        assert routes.address("article-history", *numbers) == reverse("article-history", args=[12])
        return
    with pytest.raises(NoReverseMatch):
        routes.address("article-history", *numbers)


def test_the_script_prefix_is_part_of_each_address():
    try:
        set_script_prefix("/archive/")
        assert routes.address("article-history", 8) == "/archive/articles/8/"
    finally:
        set_script_prefix("/")
    assert routes.address("article-history", 8) == "/articles/8/"


def test_a_route_that_changes_its_arguments_is_left_to_reverse(monkeypatch):
    # As if a converter wrote numbers in hexadecimal: no template fits, and
    # reverse() builds each address.
    real = routes.reverse

    def hexadecimal(name, args):
        return real(name, args=args).replace(str(args[0]), format(args[0], "x"))

    monkeypatch.setattr(routes, "reverse", hexadecimal)
    routes._template.cache_clear()
    try:
        assert routes.address("article-history", 255) == "/articles/ff/"
        assert routes._template("article-history", 1, "/") is None
    finally:
        routes._template.cache_clear()

"""Ids and version numbers read from addresses: 1 to 2^63-1 in ASCII digits, or nothing."""

import pytest
from django.urls import NoReverseMatch, resolve, reverse
from django.urls.exceptions import Resolver404

from articles.reader.numbers import MAX_ID, parse_positive


@pytest.mark.parametrize(
    ("raw", "number"),
    [("1", 1), ("42", 42), ("007", 7), (str(MAX_ID), MAX_ID), ("0" * 30 + "5", 5)],
)
def test_a_positive_number_in_range_is_read(raw, number):
    assert parse_positive(raw) == number


@pytest.mark.parametrize(
    "raw",
    [None, "", "0", "000", "-1", "+1", " 1", "1 ", "1_000", "1.0", "1e3", "٣", "\uff11",
     str(MAX_ID + 1), "9" * 20, "9" * 5000, "x"],
)  # fmt: skip
def test_anything_else_is_no_number(raw):
    assert parse_positive(raw) is None


def test_an_id_past_64_bits_matches_no_address():
    assert resolve(f"/articles/{MAX_ID}/").kwargs == {"article_id": MAX_ID}
    with pytest.raises(Resolver404):
        resolve(f"/articles/{MAX_ID + 1}/")
    with pytest.raises(Resolver404):
        resolve("/articles/0/diff/1/2/")


def test_no_address_is_built_for_a_number_out_of_range():
    with pytest.raises(NoReverseMatch):
        reverse("article-diff", args=[1, -1, 2])
    with pytest.raises(NoReverseMatch):
        reverse("api-version", args=[MAX_ID + 1])

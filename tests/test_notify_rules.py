"""The outbox's pure rules: who hears of a change, back-off, signatures, message templates."""

from datetime import timedelta

import pytest

from notify import matching, policy, signing, template
from notify.matching import Change, Filters


def change(**fields):
    values = {
        "source_id": 1,
        "number": 2,
        "is_boring": False,
        "chars_changed": 100,
        "headline_changed": False,
    }
    return Change(**{**values, **fields})


def filters(**fields):
    return Filters(subscription_id=1, kind="webhook", **fields)


def test_a_subscription_with_no_filters_hears_of_every_real_change():
    assert matching.wants(filters(), change())


def test_a_first_version_is_no_change():
    assert not matching.wants(filters(), change(number=1))


def test_boring_changes_only_when_asked_for():
    assert not matching.wants(filters(), change(is_boring=True))
    assert matching.wants(filters(include_boring=True), change(is_boring=True))


def test_sources_filter_by_id():
    assert matching.wants(filters(source_ids=frozenset({1, 2})), change(source_id=2))
    assert not matching.wants(filters(source_ids=frozenset({1})), change(source_id=3))


def test_the_minimum_size_counts_added_and_removed_but_a_new_headline_always_passes():
    assert matching.wants(filters(min_change_chars=100), change(chars_changed=100))
    assert not matching.wants(filters(min_change_chars=101), change(chars_changed=100))
    small_headline = change(chars_changed=0, headline_changed=True)
    assert matching.wants(filters(min_change_chars=500), small_headline)


def test_headline_only_wants_a_changed_headline():
    assert not matching.wants(filters(headline_only=True), change())
    assert matching.wants(filters(headline_only=True), change(headline_changed=True))


@pytest.mark.parametrize(
    ("failures", "wait"),
    [(0, timedelta(minutes=1)), (1, timedelta(minutes=1)), (2, timedelta(minutes=5)),
     (3, timedelta(minutes=30)), (4, timedelta(hours=2)), (5, timedelta(hours=6)),
     (50, timedelta(hours=6))],
)  # fmt: skip
def test_retries_back_off_then_hold_at_the_longest_wait(failures, wait):
    assert policy.retry_delay(failures) == wait


def test_giving_up_comes_at_the_last_attempt():
    assert not policy.gives_up(2, 3)
    assert policy.gives_up(3, 3)


def test_an_excerpt_keeps_the_start_and_drops_nul_characters():
    assert policy.excerpt("a\x00b") == "ab"
    assert policy.excerpt("x" * 5000, limit=10) == "x" * 9 + "…"


def test_a_signature_is_hmac_sha256_of_the_exact_body():
    # echo -n '{"a":1}' | openssl dgst -sha256 -hmac key
    expected = "sha256=88a67f24bbcdaed0e6c997404bb79a743baf44c6bab2f4c27328e3009d22e342"
    assert signing.signature("key", b'{"a":1}') == expected
    assert signing.is_valid("key", b'{"a":1}', signing.signature("key", b'{"a":1}'))
    assert not signing.is_valid("key", b'{"a":2}', signing.signature("key", b'{"a":1}'))
    assert not signing.is_valid("other", b'{"a":1}', signing.signature("key", b'{"a":1}'))
    assert not signing.is_valid("key", b'{"a":1}', None)


PAYLOAD = {
    "article": {"url": "https://news.example/a", "source": {"name": "Courier"}},
    "new": {"number": 3},
    "chars_added": 12,
    "chars_removed": 4,
    "headline": {"before": "Old", "after": "New", "changed": True},
    "comparison_url": "https://archive.example/articles/1/diff/2/3/",
}


def test_the_default_message_has_headline_counts_and_comparison_link():
    title, body = template.render(template.DEFAULT_TEMPLATE, PAYLOAD)
    assert title == "Changed: New"
    assert body == (
        "New\n+12 / -4 characters; the headline changed\n"
        "https://archive.example/articles/1/diff/2/3/"
    )


@pytest.mark.parametrize(
    "bad", ["{headline.__class__}", "{secret}", "{headline!r}", "{headline:>99}", "{0}", "{"]
)
def test_a_template_may_name_only_the_listed_fields(bad):
    with pytest.raises(template.TemplateError):
        template.check(bad)
    assert template.render(bad, PAYLOAD) == template.render(template.DEFAULT_TEMPLATE, PAYLOAD)


def test_a_template_chooses_its_own_words():
    _, body = template.render("{source}: {headline_before} -> {headline} (v{version})", PAYLOAD)
    assert body == "Courier: Old -> New (v3)"

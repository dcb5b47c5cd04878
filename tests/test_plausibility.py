from articles.checking.plausibility import collapse_reason, looks_like_wall

ARTICLE = "\n\n".join(
    [
        "The harbour bridge will close to traffic for six weeks from next Monday while "
        "engineers replace worn expansion joints, the city council said.",
        "Commuters have been advised to use the ferry or the ring road, which the council "
        "expects to carry an extra 20,000 vehicles a day.",
        "Council leader Ruth Okafor said the work could not be delayed any longer.",
        "Local businesses on the north shore said they feared a drop in trade.",
        "The bridge, opened in 1968, carries about 45,000 vehicles on a weekday.",
    ]
)


def test_an_unchanged_text_is_plausible():
    assert collapse_reason(ARTICLE, ARTICLE) is None


def test_a_longer_text_is_plausible():
    assert collapse_reason(ARTICLE, ARTICLE + "\n\nUpdate: the council confirmed.") is None


def test_a_first_version_is_never_a_collapse():
    assert collapse_reason("", "Subscribe to continue reading.") is None


def test_removing_one_paragraph_is_a_real_edit():
    paragraphs = ARTICLE.split("\n\n")
    assert collapse_reason(ARTICLE, "\n\n".join(paragraphs[:2] + paragraphs[3:])) is None


def test_a_paywall_is_a_collapse_and_says_so():
    paywall = ARTICLE.split("\n\n")[0] + "\n\nSubscribe to continue reading. Already a subscriber?"
    reason = collapse_reason(ARTICLE, paywall)
    assert reason is not None
    assert "paywall" in reason
    assert f"{len(ARTICLE):,}" in reason
    share = len(paywall) / len(ARTICLE)
    assert reason == (
        f"the text shrank from {len(ARTICLE):,} to {len(paywall):,} characters "
        f"({share:.0%} of the last version) and reads like a paywall, consent or error page "
        "('Subscribe to continue reading')"
    )


def test_a_consent_wall_is_a_collapse():
    consent = "We use cookies to improve your experience. Accept all cookies or manage consent."
    assert "consent" in collapse_reason(ARTICLE, consent)


def test_an_error_page_served_with_200_is_a_collapse():
    error_page = "Something went wrong. Please try again later."
    reason = collapse_reason(ARTICLE, error_page)
    assert reason is not None
    assert reason.startswith(f"the text shrank from {len(ARTICLE):,} to {len(error_page)} ")
    assert reason.endswith("reads like a paywall, consent or error page ('Something went wrong')")


def test_a_teaser_is_a_collapse():
    teaser = ARTICLE.split("\n\n")[0]
    assert "teaser" in collapse_reason(ARTICLE, teaser)


def test_an_empty_text_is_a_collapse():
    assert "no article text" in collapse_reason(ARTICLE, "")


def test_an_article_that_mentions_subscribers_can_still_shrink_a_little():
    with_phrase = ARTICLE + "\n\nSubscribers only: the council's full report is attached."
    assert collapse_reason(with_phrase, with_phrase[:-80]) is None


def test_wall_words_in_a_slightly_trimmed_text_are_not_a_collapse():
    trimmed = ARTICLE[: int(len(ARTICLE) * 0.9)] + " Continue reading below."
    assert collapse_reason(ARTICLE, trimmed) is None


def test_a_short_last_version_is_not_judged():
    assert collapse_reason("A short brief of a few words.", "Brief.") is None


def _story(lengths):
    return [f"Paragraph {i} of the story " + "lorem " * n + "end." for i, n in enumerate(lengths)]


def test_a_deep_trim_is_a_shrink_not_a_wall_nor_a_teaser():
    # 12 paragraphs cut to their first 7: the five long closing ones went.
    paragraphs = _story([10] * 7 + [60] * 5)
    old, new = "\n\n".join(paragraphs), "\n\n".join(paragraphs[:7])
    reason = collapse_reason(old, new)
    assert "more than half of the article is gone" in reason
    assert "12 paragraphs became 7" in reason
    assert "teaser" not in reason
    assert "paywall" not in reason
    assert not looks_like_wall(old, new)


def test_teaser_is_only_claimed_for_a_real_opening():
    paragraphs = _story([30] * 6)
    old = "\n\n".join(paragraphs)
    # the last two paragraphs kept: not the opening, so not a teaser
    reason = collapse_reason(old, "\n\n".join(paragraphs[4:]))
    assert reason is not None
    assert "teaser" not in reason
    assert reason.endswith("more than half of the article is gone at once (6 paragraphs became 2)")


def test_a_trimmed_outage_story_quoting_an_error_is_not_a_wall():
    paragraphs = _story([25] * 12)
    old = "\n\n".join(paragraphs)
    quote = "Officials said the page not found error affected the tax portal for hours."
    new = "\n\n".join([*paragraphs[:8], quote])
    assert collapse_reason(old, new) is None
    assert not looks_like_wall(old, new)


def test_a_wall_replacing_the_story_looks_like_a_wall():
    consent = "We use cookies to improve your experience. Accept all cookies or manage consent."
    assert looks_like_wall(ARTICLE, consent)
    paywall = ARTICLE.split("\n\n")[0] + "\n\nSubscribe to continue reading. Already a subscriber?"
    assert looks_like_wall(ARTICLE, paywall)


def test_wall_words_already_in_the_story_do_not_make_a_wall():
    with_phrase = ARTICLE + "\n\nThe site showed 'page not found' for an hour."
    assert not looks_like_wall(with_phrase, with_phrase.split("\n\n")[-1])


def _sizes(old, new):
    return (
        f"the text shrank from {len(old):,} to {len(new):,} characters "
        f"({len(new) / len(old):.0%} of the last version)"
    )


def test_a_teaser_reason_says_how_many_opening_paragraphs_are_left():
    paragraphs = ARTICLE.split("\n\n")
    teaser = paragraphs[0]
    assert collapse_reason(ARTICLE, teaser) == (
        f"{_sizes(ARTICLE, teaser)}: only the opening 1 paragraph(s) of the article are left, "
        "as in a teaser"
    )


def test_three_opening_paragraphs_are_still_a_teaser_four_are_a_trim():
    paragraphs = _story([40] * 10)
    old = "\n\n".join(paragraphs)
    three, four = "\n\n".join(paragraphs[:3]), "\n\n".join(paragraphs[:4])
    assert collapse_reason(old, three) == (
        f"{_sizes(old, three)}: only the opening 3 paragraph(s) of the article are left, "
        "as in a teaser"
    )
    assert collapse_reason(old, four) == (
        f"{_sizes(old, four)}: more than half of the article is gone at once "
        "(10 paragraphs became 4)"
    )


def test_a_short_text_that_shares_nothing_with_the_story_is_not_called_a_teaser():
    notice = "This story has been removed while the council reviews its figures."
    assert collapse_reason(ARTICLE, notice) == (
        f"{_sizes(ARTICLE, notice)}: more than half of the article is gone at once "
        "(5 paragraphs became 1)"
    )
    assert not looks_like_wall(ARTICLE, notice)


def test_wall_words_the_story_itself_used_do_not_make_its_replacement_a_wall():
    story = ARTICLE + "\n\nThe council's site says: we use cookies to count visitors."
    consent = "We use cookies to improve your experience. Accept all cookies or manage consent."
    assert looks_like_wall(ARTICLE, consent)
    assert not looks_like_wall(story, consent)
    assert "paywall" not in collapse_reason(story, consent)


def test_a_paywall_after_a_two_paragraph_opening_is_called_a_paywall():
    paragraphs = _story([40] * 10)
    old = "\n\n".join(paragraphs)
    line = "Subscribe to continue reading."
    paywall = "\n\n".join([*paragraphs[:2], line])
    assert looks_like_wall(old, paywall)
    assert collapse_reason(old, paywall) == (
        f"{_sizes(old, paywall)} and reads like a paywall, consent or error page "
        "('Subscribe to continue reading')"
    )


def test_a_deep_trim_that_quotes_an_error_is_a_shrink_not_a_wall():
    paragraphs = _story([30] * 12)
    old = "\n\n".join(paragraphs)
    quote = "The page not found error lasted an hour."
    new = "\n\n".join([*paragraphs[:5], quote])
    assert not looks_like_wall(old, new)
    assert collapse_reason(old, new) == (
        f"{_sizes(old, new)}: more than half of the article is gone at once "
        "(12 paragraphs became 6)"
    )


def _padded(text, length):
    """text, then filler words up to exactly `length` characters."""
    filler = " and so on" * length
    return (text + filler)[:length]


def test_wall_words_must_be_more_than_half_of_the_new_text():
    kept = ARTICLE.split("\n\n")[2]  # a paragraph from the middle: no teaser
    half = "\n\n".join([kept, _padded("Subscribers only:", len(kept))])
    more = "\n\n".join([kept, _padded("Subscribers only:", len(kept) + 1)])
    assert not looks_like_wall(ARTICLE, half)
    assert looks_like_wall(ARTICLE, more)
    assert "more than half of the article is gone" in collapse_reason(ARTICLE, half)


def test_a_teaser_with_a_subscribe_line_is_a_wall_only_below_half_the_old_length():
    opening = ARTICLE.split("\n\n")[0]
    line = _padded("Subscribe to continue reading", 60)
    teaser = f"{opening}\n\n{line}"
    old = _padded("\n\n".join(ARTICLE.split("\n\n")[:3]), 2 * len(teaser))
    assert old.startswith(opening + "\n\n")
    assert not looks_like_wall(old, teaser)
    assert collapse_reason(old, teaser) is None
    longer = old + "x"
    assert looks_like_wall(longer, teaser)
    assert "paywall" in collapse_reason(longer, teaser)


def test_a_wall_at_exactly_the_wall_ratio_is_not_a_collapse():
    old_text = "\n\n".join(_story([40] * 4))[:1000]
    consent = _padded("We use cookies to improve your experience.", 850)
    assert looks_like_wall(old_text, consent)
    assert collapse_reason(old_text, consent) is None
    shorter = consent[:-1]
    assert "reads like a paywall" in collapse_reason(old_text, shorter)


def test_a_text_cut_to_exactly_half_is_not_a_collapse():
    paragraphs = _story([40] * 6)
    old = "\n\n".join(paragraphs)
    half = old[: len(old) // 2]
    assert len(half) * 2 == len(old)
    assert collapse_reason(old, half) is None
    assert collapse_reason(old, half[:-1]).startswith(_sizes(old, half[:-1]))


def test_a_last_version_of_exactly_the_minimum_length_is_judged():
    old = _padded("A council notice about the bridge closure", 200)
    assert collapse_reason(old, "Closed.") == (
        f"{_sizes(old, 'Closed.')}: more than half of the article is gone at once "
        "(1 paragraphs became 1)"
    )
    assert collapse_reason(old[:-1], "Closed.") is None

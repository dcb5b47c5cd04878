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


def test_a_consent_wall_is_a_collapse():
    consent = "We use cookies to improve your experience. Accept all cookies or manage consent."
    assert "consent" in collapse_reason(ARTICLE, consent)


def test_an_error_page_served_with_200_is_a_collapse():
    reason = collapse_reason(ARTICLE, "Something went wrong. Please try again later.")
    assert reason is not None


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

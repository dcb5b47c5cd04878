from articles.plausibility import collapse_reason

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

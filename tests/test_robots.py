"""robots.txt rules: what each answer means, matching, and caching."""

import pytest

from articles.fetching.errors import FetchError, FetchTimeout, RefusedURL
from articles.fetching.robots import (
    ALLOW_ALL,
    DISALLOW_ALL,
    RULES,
    UNREACHABLE,
    RobotsRules,
    product_token,
    robots_txt_url,
    verdict_for_status,
)

USER_AGENT = "newsdiffs/1.0 (news revision archive; +https://github.com/newsdiffs/newsdiffs)"


class Site:
    """A robots.txt source that answers from a dict and counts the asks."""

    def __init__(self, answers):
        self.answers = answers
        self.asked = []

    def robots_txt(self, url):
        self.asked.append(url)
        answer = self.answers[url]
        if isinstance(answer, FetchError):
            raise answer
        return answer


def rules_for(text, status=200, **options):
    site = Site({"https://paper.example/robots.txt": (status, text)})
    options = {"cache_seconds": 3600, "unreachable_cache_seconds": 60, **options}
    return RobotsRules(site.robots_txt, USER_AGENT, **options), site


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        (200, RULES),
        (404, ALLOW_ALL),
        (410, ALLOW_ALL),
        (401, DISALLOW_ALL),
        (403, DISALLOW_ALL),
        (429, UNREACHABLE),
        (500, UNREACHABLE),
        (503, UNREACHABLE),
    ],
)
def test_each_status_means_a_verdict(status, verdict):
    assert verdict_for_status(status) == verdict


def test_robots_url_keeps_scheme_host_and_port():
    assert robots_txt_url("HTTPS://Paper.Example:8443/news/a?b=c") == (
        "https://paper.example:8443/robots.txt"
    )
    assert robots_txt_url("http://[::1]:8000/x") == "http://[::1]:8000/robots.txt"


def test_groups_are_matched_on_our_product_token_only():
    assert product_token(USER_AGENT) == "newsdiffs"
    rules, _ = rules_for("User-agent: github\nDisallow: /\n")

    rules.check("https://paper.example/news/story")  # the "github" group is not ours


def test_our_own_group_wins_over_the_wildcard_group():
    # Only the most specific group applies: "*" disallows everything, ours only /sport/.
    rules, _ = rules_for("User-agent: *\nDisallow: /\n\nUser-agent: newsdiffs\nDisallow: /sport/\n")

    rules.check("https://paper.example/news/story")
    with pytest.raises(RefusedURL, match="disallows it for newsdiffs"):
        rules.check("https://paper.example/sport/story")


def test_wildcards_and_the_longest_match_are_honoured():
    rules, _ = rules_for(
        "User-agent: *\nDisallow: /*?print=\nDisallow: /news/\nAllow: /news/open-\n"
    )

    rules.check("https://paper.example/news/open-letter")
    with pytest.raises(RefusedURL):
        rules.check("https://paper.example/news/closed-meeting")
    with pytest.raises(RefusedURL):
        rules.check("https://paper.example/weather/today?print=1")


def test_forbidden_robots_txt_refuses_the_whole_site():
    rules, _ = rules_for("", status=403)

    with pytest.raises(RefusedURL, match="answered 403"):
        rules.check("https://paper.example/news/story")


def test_the_answer_is_cached_for_the_site():
    rules, site = rules_for("User-agent: *\nDisallow: /private/\n")

    for path in ("/a", "/b", "/c"):
        rules.check(f"https://paper.example{path}")
    other_worker = RobotsRules(site.robots_txt, USER_AGENT, 3600, 60)
    other_worker.check("https://paper.example/d")

    assert site.asked == ["https://paper.example/robots.txt"]


def test_an_unreachable_robots_txt_allows_and_is_asked_again_after_its_short_cache():
    timeout = FetchTimeout("paper.example did not answer within 20 s")
    site = Site({"https://paper.example/robots.txt": timeout})
    rules = RobotsRules(
        site.robots_txt, USER_AGENT, cache_seconds=3600, unreachable_cache_seconds=0
    )

    rules.check("https://paper.example/news/a")
    rules.check("https://paper.example/news/b")

    assert len(site.asked) == 2


def test_robots_txt_itself_and_non_http_urls_need_no_robots_txt():
    rules, site = rules_for("User-agent: *\nDisallow: /\n")

    rules.check("https://paper.example/robots.txt")
    rules.check("mailto:editor@paper.example")

    assert site.asked == []

"""robots.txt rules: what each answer means, matching, and caching."""

import logging

import pytest

from articles.fetching.errors import FetchError, FetchTimeout, RefusedURL
from articles.fetching.robots import (
    ALLOW_ALL,
    DISALLOW_ALL,
    MAX_PARSED_SITES,
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


class ClockedCache:
    """A cache that keeps each entry for its timeout on a clock the test moves."""

    def __init__(self):
        self.now = 0.0
        self.entries = {}

    def get(self, key):
        value, expires = self.entries.get(key, (None, 0.0))
        return value if self.now < expires else None

    def set(self, key, value, timeout):
        self.entries[key] = (value, self.now + timeout)


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
        (299, RULES),
        (400, ALLOW_ALL),
        (402, ALLOW_ALL),
        (428, ALLOW_ALL),
        (430, ALLOW_ALL),
        (499, ALLOW_ALL),
        (599, UNREACHABLE),
        (100, UNREACHABLE),
        (199, UNREACHABLE),
        (300, UNREACHABLE),
        (304, UNREACHABLE),
        (399, UNREACHABLE),
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
    _, site = rules_for("User-agent: github\nDisallow: /\n")
    github = RobotsRules(site.robots_txt, "github/2.0", 3600, 60)
    with pytest.raises(RefusedURL):  # while the group does refuse the robot it names
        github.check("https://paper.example/news/story")


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


def test_robots_url_of_a_url_without_a_port_has_none():
    assert robots_txt_url("https://paper.example/news/a") == "https://paper.example/robots.txt"
    assert robots_txt_url("http://[2001:db8::1]/x") == "http://[2001:db8::1]/robots.txt"


@pytest.mark.parametrize(
    ("user_agent", "token"),
    [
        ("  newsdiffs/1.0 (+https://archive.example)", "newsdiffs"),
        ("newsdiffs (+https://archive.example/about)", "newsdiffs"),
        ("newsdiffs", "newsdiffs"),
    ],
)
def test_the_product_token_is_the_name_before_any_version_or_comment(user_agent, token):
    assert product_token(user_agent) == token


def test_robots_rules_are_kept_per_host():
    site = Site(
        {
            "https://paper.example/robots.txt": (200, "User-agent: *\nDisallow: /news/\n"),
            "https://courier.example/robots.txt": (200, "User-agent: *\nDisallow: /sport/\n"),
        }
    )
    rules = RobotsRules(site.robots_txt, USER_AGENT, 3600, 60)

    with pytest.raises(RefusedURL):
        rules.check("https://paper.example/news/a")
    rules.check("https://courier.example/news/a")
    with pytest.raises(RefusedURL):
        rules.check("https://courier.example/sport/a")
    rules.check("https://paper.example/sport/a")

    assert site.asked == ["https://paper.example/robots.txt", "https://courier.example/robots.txt"]


def test_robots_rules_are_kept_per_port_and_scheme():
    site = Site(
        {
            "https://paper.example/robots.txt": (200, "User-agent: *\nDisallow: /news/\n"),
            "https://paper.example:8443/robots.txt": (200, ""),
            "http://paper.example/robots.txt": (404, ""),
        }
    )
    rules = RobotsRules(site.robots_txt, USER_AGENT, 3600, 60)

    with pytest.raises(RefusedURL):
        rules.check("https://paper.example/news/a")
    rules.check("https://paper.example:8443/news/a")
    rules.check("http://paper.example/news/a")

    assert len(site.asked) == 3


def test_an_http_url_is_checked_against_its_robots_txt():
    site = Site({"http://paper.example/robots.txt": (200, "User-agent: *\nDisallow: /news/\n")})
    rules = RobotsRules(site.robots_txt, USER_AGENT, 3600, 60)

    rules.check("HTTP://paper.example/weather/today")
    with pytest.raises(RefusedURL) as caught:
        rules.check("http://paper.example/news/story")

    assert str(caught.value) == (
        "Refused http://paper.example/news/story: "
        "http://paper.example/robots.txt disallows it for newsdiffs"
    )
    assert caught.value.url == "http://paper.example/news/story"
    assert site.asked == ["http://paper.example/robots.txt"]


def test_a_site_that_forbids_its_robots_txt_is_refused_with_the_status():
    rules, _ = rules_for("", status=401)

    with pytest.raises(RefusedURL) as caught:
        rules.check("https://paper.example/news/story")

    assert str(caught.value) == (
        "Refused https://paper.example/news/story: https://paper.example/robots.txt "
        "answered 401, which is read as disallowing the whole site"
    )
    assert caught.value.url == "https://paper.example/news/story"


@pytest.mark.parametrize("status", [404, 429, 500])
def test_a_site_without_readable_rules_is_allowed_everywhere(status):
    rules, site = rules_for("User-agent: *\nDisallow: /\n", status=status)

    rules.check("https://paper.example/news/story")

    assert site.asked == ["https://paper.example/robots.txt"]


def test_urls_without_a_host_or_unparsable_need_no_robots_txt():
    rules, site = rules_for("User-agent: *\nDisallow: /\n")

    rules.check("https:///news/story")
    rules.check("http://[::1/x")
    rules.check("ftp://paper.example/news/story")

    assert site.asked == []


def test_only_the_robots_txt_path_itself_is_exempt():
    rules, _ = rules_for("User-agent: *\nDisallow: /\n")

    with pytest.raises(RefusedURL):
        rules.check("https://paper.example/robots.txt.bak")
    with pytest.raises(RefusedURL):
        rules.check("https://paper.example/news/robots.txt")


def test_what_a_robots_txt_said_is_its_verdict_status_and_text():
    timeout = FetchTimeout("paper.example did not answer within 20 s", status=None)
    site = Site(
        {
            "https://paper.example/robots.txt": (200, "User-agent: *\nDisallow: /a/\n"),
            "https://gone.example/robots.txt": (404, "<p>Not found</p>"),
            "https://slow.example/robots.txt": timeout,
            "https://busy.example/robots.txt": FetchError("busy", status=503),
        }
    )
    rules = RobotsRules(site.robots_txt, USER_AGENT, 3600, 60)

    assert rules.entry("https://paper.example/robots.txt") == {
        "verdict": RULES,
        "status": 200,
        "text": "User-agent: *\nDisallow: /a/\n",
    }
    assert rules.entry("https://gone.example/robots.txt") == {
        "verdict": ALLOW_ALL,
        "status": 404,
        "text": "",
    }
    assert rules.entry("https://slow.example/robots.txt") == {
        "verdict": UNREACHABLE,
        "status": None,
        "text": "",
    }
    assert rules.entry("https://busy.example/robots.txt")["status"] == 503


def test_an_unreachable_robots_txt_is_logged(caplog):
    site = Site({"https://paper.example/robots.txt": FetchTimeout("no answer within 20 s")})
    rules = RobotsRules(site.robots_txt, USER_AGENT, 3600, 60)

    with caplog.at_level(logging.INFO, logger="articles.fetching.robots"):
        rules.check("https://paper.example/news/a")

    assert caplog.messages == ["robots.txt unreachable, allowing for now: no answer within 20 s"]


def test_only_the_first_500_kib_of_a_robots_txt_are_read():
    head = "User-agent: *\nDisallow: /early/\n"
    padding = "#" * (500 * 1024 - len(head) - 1) + "\n"
    rules, _ = rules_for(head + padding + "Disallow: /late/\n")

    with pytest.raises(RefusedURL):
        rules.check("https://paper.example/early/a")
    rules.check("https://paper.example/late/a")  # the rule starts just past the limit


def test_a_rule_that_ends_at_the_500_kib_limit_is_read():
    head = "User-agent: *\n"
    rule = "Disallow: /late/"
    padding = "#" * (500 * 1024 - len(head) - len(rule) - 1) + "\n"
    rules, _ = rules_for(head + padding + rule + "\nDisallow: /later/\n")

    with pytest.raises(RefusedURL):
        rules.check("https://paper.example/late/a")
    rules.check("https://paper.example/later/a")


def test_rules_are_kept_for_the_cache_time_then_asked_again():
    cache = ClockedCache()
    site = Site({"https://paper.example/robots.txt": (200, "User-agent: *\nDisallow: /a/\n")})
    rules = RobotsRules(site.robots_txt, USER_AGENT, 3600, 60, cache=cache)

    rules.check("https://paper.example/b")
    cache.now = 3599
    rules.check("https://paper.example/c")
    assert len(site.asked) == 1

    site.answers["https://paper.example/robots.txt"] = (200, "User-agent: *\nDisallow: /b/\n")
    cache.now = 3600
    rules.check("https://paper.example/a/story")  # the new rules no longer forbid /a/
    with pytest.raises(RefusedURL):
        rules.check("https://paper.example/b/story")
    assert len(site.asked) == 2


@pytest.mark.parametrize("status", [404, 403])
def test_a_site_without_rules_or_forbidding_them_is_kept_as_long_as_rules(status):
    cache = ClockedCache()
    site = Site({"https://paper.example/robots.txt": (status, "")})
    rules = RobotsRules(site.robots_txt, USER_AGENT, 3600, 60, cache=cache)

    for moment in (0, 61, 3599):
        cache.now = moment
        rules.entry("https://paper.example/robots.txt")

    assert len(site.asked) == 1


def test_an_unreachable_robots_txt_is_asked_again_after_its_short_cache_time():
    cache = ClockedCache()
    site = Site({"https://paper.example/robots.txt": FetchTimeout("no answer")})
    rules = RobotsRules(site.robots_txt, USER_AGENT, 3600, 60, cache=cache)

    rules.check("https://paper.example/a")
    cache.now = 59
    rules.check("https://paper.example/a")
    assert len(site.asked) == 1

    cache.now = 60
    rules.check("https://paper.example/a")
    assert len(site.asked) == 2


def test_an_unreachable_robots_txt_is_never_kept_longer_than_rules():
    cache = ClockedCache()
    site = Site({"https://paper.example/robots.txt": FetchTimeout("no answer")})
    rules = RobotsRules(site.robots_txt, USER_AGENT, 30, 600, cache=cache)

    rules.check("https://paper.example/a")
    cache.now = 30
    rules.check("https://paper.example/a")

    assert len(site.asked) == 2


def test_a_robots_txt_is_parsed_once_while_its_text_is_unchanged():
    rules, _ = rules_for("User-agent: *\nDisallow: /a/\n")
    url = "https://paper.example/robots.txt"

    first = rules._parser(url, "User-agent: *\nDisallow: /a/\n")

    assert rules._parser(url, "User-agent: *\nDisallow: /a/\n") is first
    assert rules._parser(url, "User-agent: *\nDisallow: /b/\n") is not first


def test_parsed_robots_txts_are_forgotten_past_the_limit_of_sites():
    answers = {
        f"https://site{n}.example/robots.txt": (200, f"User-agent: *\nDisallow: /{n}/\n")
        for n in range(MAX_PARSED_SITES + 1)
    }
    rules = RobotsRules(Site(answers).robots_txt, USER_AGENT, 3600, 60)

    for n in range(MAX_PARSED_SITES):
        rules.check(f"https://site{n}.example/news")
    assert len(rules._parsed) == 256
    rules.check(f"https://site{MAX_PARSED_SITES}.example/news")

    assert len(rules._parsed) == 1
    with pytest.raises(RefusedURL):
        rules.check("https://site0.example/0/story")  # parsed again, same rules

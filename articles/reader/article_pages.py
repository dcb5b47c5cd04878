"""One article: its history and comparisons of its versions."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from articles.comparison import stored
from articles.reader import intro, timeline
from articles.reader.cards import CardText, cache_key
from articles.reader.numbers import parse_positive
from articles.reader.visibility import visible_article

# Versions listed on one page of an article's history.
HISTORY_PAGE_SIZE = 25
OUTLINE_CACHE_SECONDS = 24 * 3600
LAYOUTS = ("side", "inline")
LAYOUT_COOKIE = "layout"
_YEAR = 365 * 24 * 3600


def _version_list(article):
    """The versions without their text or raw page: enough for lists and navigation."""
    return list(article.versions.order_by("number").defer("plain_text", "stored_text", "raw_body"))


def article_history(request, article_id):
    article = visible_article(article_id)
    outline = history_outline(article)
    page = HistoryPage(request, outline.latest)
    versions = list(
        article.versions.filter(number__gte=page.first - 1, number__lte=page.last)
        .order_by("number")
        .defer("plain_text", "stored_text", "raw_body")
    )
    now = timezone.now()
    context = {
        "article": article,
        "rows": timeline.history_rows(versions, outline.largest_change)[::-1],
        "page": page,
        "first_seen": intro.first_seen(article, outline.first),
        "schedule_sentence": intro.schedule_sentence(article, now),
        "changes_sentence": intro.changes_sentence(article.change_count, outline.latest),
        "boring_count": outline.boring_count,
        "show_boring": page.show_boring,
        "marks": outline.linked_marks(page.link_to),
        "first_archived": outline.first.archived_at if outline.first else None,
        "last_archived": outline.last_archived,
        "default_pair": outline.default_pair,
        "last_version_link": page.link_to(outline.latest),
        "now": now,
    }
    return render(request, "articles/history.html", context)


def history_outline(article):
    """The timeline and counts of every version, computed once per set of versions.

    The key changes whenever a version is added, or marked boring or not
    (the article's counts change with it).
    """
    key = f"newsdiffs:history:{article.pk}:{article.version_count}:{article.change_count}"
    return cache.get_or_set(
        key, lambda: timeline.Outline.of(article.versions.outline()), OUTLINE_CACHE_SECONDS
    )


class HistoryPage:
    """Which versions one page of a history lists: `?upto=N` and the HISTORY_PAGE_SIZE before.

    An article checked for years has thousands of versions; a page lists a
    fixed number of them, so it costs the same at any age.
    """

    def __init__(self, request, latest):
        self.show_boring = request.GET.get("boring") == "1"
        self.latest = latest
        try:
            upto = int(request.GET.get("upto", self.latest))
        except ValueError:
            upto = self.latest
        self.last = min(max(upto, 1), self.latest)
        self.first = max(self.last - HISTORY_PAGE_SIZE + 1, 1)

    def shows(self, number):
        return self.first <= number <= self.last

    def query(self, upto=None, boring=None):
        params = {}
        if upto is not None and upto < self.latest:
            params["upto"] = upto
        if boring or (boring is None and self.show_boring):
            params["boring"] = "1"
        return f"?{urlencode(params)}" if params else ""

    def link_to(self, number, is_boring=False):
        """The link to one version's row: on this page if it is here, else on its own page."""
        if self.shows(number) and (self.show_boring or not is_boring):
            return f"#v{number}"
        upto = self.last if self.shows(number) else number
        # "?" for the latest page, whose query is empty: "#vN" alone would stay here.
        return f"{self.query(upto, self.show_boring or is_boring) or '?'}#v{number}"

    @property
    def newer(self):
        if self.last >= self.latest:
            return None
        return self.query(min(self.last + HISTORY_PAGE_SIZE, self.latest)) or "?"

    @property
    def older(self):
        return self.query(self.first - 1) if self.first > 1 else None


def article_version(request, article_id, number):
    """One version's text, each paragraph and sentence with its permalink (#p3, #p3s2)."""
    article = visible_article(article_id)
    version = article.versions.defer("raw_body").filter(number=number).first()
    if version is None:
        raise Http404("No such version of this article.")
    context = {
        "article": article,
        "version": version,
        "paragraphs": version.paragraphs(),
        "version_count": article.version_count,
    }
    return render(request, "articles/version.html", context)


def compare_form(request, article_id):
    """The history's radio buttons submit here; without JavaScript this picks the page."""
    old = parse_positive(request.GET.get("old"))
    new = parse_positive(request.GET.get("new"))
    # Missing, out of range or the same twice: no pair to compare.
    if old is None or new is None or old == new:
        return redirect("article-history", article_id=article_id)
    return redirect("article-diff", article_id=article_id, old=min(old, new), new=max(old, new))


def chosen_layout(request):
    layout = request.GET.get("layout") or request.COOKIES.get(LAYOUT_COOKIE)
    return layout if layout in LAYOUTS else LAYOUTS[0]


def article_diff(request, article_id, old, new):
    if old >= new:
        if old == new:
            return redirect(reverse("article-history", args=[article_id]) + f"#v{old}")
        return redirect("article-diff", article_id=article_id, old=new, new=old)
    article = visible_article(article_id)
    pair = article.version_pair(old, new)
    if pair is None:
        raise Http404("No such version of this article.")
    versions = _version_list(article)
    previous_change, next_change = stored.neighbour_changes(versions, old, new)
    layout = chosen_layout(request)
    comparison = stored.compare_versions(*pair)
    context = {
        "article": article,
        "comparison": comparison,
        "card": CardText.of(comparison, article),
        "card_url": request.build_absolute_uri(
            reverse("article-diff-card", args=[article.pk, old, new])
        ),
        "page_url": request.build_absolute_uri(
            reverse("article-diff", args=[article.pk, old, new])
        ),
        "previous_change": previous_change,
        "next_change": next_change,
        "layout": layout,
        "other_layout": LAYOUTS[1 - LAYOUTS.index(layout)],
        "version_count": len(versions),
    }
    response = render(request, "articles/diff.html", context)
    if request.GET.get("layout") in LAYOUTS:
        response.set_cookie(LAYOUT_COOKIE, layout, max_age=_YEAR, samesite="Lax")
    return response


def article_diff_card(request, article_id, old, new):
    """The comparison's share card (PNG), drawn once and cached: versions never change."""
    article = visible_article(article_id)
    pair = article.version_pair(old, new) if old < new else None
    if pair is None:
        raise Http404("No such pair of versions of this article.")
    key = cache_key(pair[0].pk, pair[1].pk)
    png = cache.get(key)
    if png is None:
        png = CardText.of(stored.compare_versions(*pair), article).png()
        cache.set(key, png, settings.NEWSDIFFS_DIFF_CACHE_SECONDS)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = (
        f"public, max-age={settings.NEWSDIFFS_DIFF_CACHE_SECONDS}, immutable"
    )
    return response

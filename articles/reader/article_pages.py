"""One article: its history and comparisons of its versions."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from articles.comparison import stored
from articles.reader import intro, timeline
from articles.reader.visibility import visible_article

LAYOUTS = ("side", "inline")
LAYOUT_COOKIE = "layout"
_YEAR = 365 * 24 * 3600


def _version_list(article):
    """The versions without their text or raw page: enough for lists and navigation."""
    return list(article.versions.order_by("number").defer("text", "raw_body"))


def article_history(request, article_id):
    article = visible_article(article_id)
    versions = _version_list(article)
    now = timezone.now()
    rows = timeline.history_rows(versions)
    context = {
        "article": article,
        "rows": rows[::-1],
        "first_seen": intro.first_seen(article, versions[0] if versions else None),
        "schedule_sentence": intro.schedule_sentence(article, now),
        "changes_sentence": intro.changes_sentence(article.change_count, len(versions)),
        "boring_count": sum(1 for v in versions if v.is_boring),
        "show_boring": request.GET.get("boring") == "1",
        "marks": timeline.marks(versions),
        "first_archived": versions[0].archived_at if versions else None,
        "last_archived": versions[-1].archived_at if versions else None,
        "default_pair": timeline.default_pair(versions),
        "now": now,
    }
    return render(request, "articles/history.html", context)


def compare_form(request, article_id):
    """The history's radio buttons submit here; without JavaScript this picks the page."""
    try:
        numbers = sorted({int(request.GET["old"]), int(request.GET["new"])})
    except (KeyError, ValueError):
        return redirect("article-history", article_id=article_id)
    if len(numbers) == 1:
        return redirect("article-history", article_id=article_id)
    return redirect("article-diff", article_id=article_id, old=numbers[0], new=numbers[1])


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
    context = {
        "article": article,
        "comparison": stored.compare_versions(*pair),
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

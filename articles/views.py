from django.shortcuts import get_object_or_404, render

from articles.models import Article, Source


def browse(request):
    articles = Article.objects.select_related("source").order_by("-last_changed_at")[:50]
    return render(request, "articles/browse.html", {"articles": articles})


def article_history(request, article_id):
    article = get_object_or_404(Article.objects.select_related("source"), pk=article_id)
    versions = article.versions.order_by("number")
    return render(request, "articles/history.html", {"article": article, "versions": versions})


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    articles = source.articles.order_by("-last_changed_at")[:50]
    return render(request, "articles/browse.html", {"articles": articles, "source": source})

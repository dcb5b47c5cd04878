from django.urls import path, register_converter

from articles.reader import api, article_pages, evidence, feeds, pages
from articles.reader.numbers import PositiveIdConverter

# Ids and version numbers past 64 bits are no row: 404, not OverflowError.
register_converter(PositiveIdConverter, "id")

urlpatterns = [
    path("", pages.browse, name="browse"),
    path("find/", pages.find_by_url, name="find-by-url"),
    path("search/", pages.search_page, name="search"),
    path("about/", pages.about, name="about"),
    path("most-edited/", pages.most_edited_page, name="most-edited"),
    path("sources/", pages.source_list, name="source-list"),
    path("sources/<slug:slug>/", pages.source_detail, name="source-detail"),
    path("articles/<id:article_id>/", article_pages.article_history, name="article-history"),
    path("articles/<id:article_id>/compare/", article_pages.compare_form, name="article-compare"),
    path(
        "articles/<id:article_id>/versions/<id:number>/",
        article_pages.article_version,
        name="article-version",
    ),
    path(
        "articles/<id:article_id>/diff/<id:old>/<id:new>/",
        article_pages.article_diff,
        name="article-diff",
    ),
    path(
        "articles/<id:article_id>/diff/<id:old>/<id:new>/card.png",
        article_pages.article_diff_card,
        name="article-diff-card",
    ),
]

# What the newsroom served, as downloads (never shown on this origin: see evidence.py).
urlpatterns += [
    path(
        "articles/<id:article_id>/versions/<id:number>/body.html",
        evidence.version_body,
        name="version-body",
    ),
    path(
        "articles/<id:article_id>/versions/<id:number>/response.http",
        evidence.version_response,
        name="version-response",
    ),
    path(
        "articles/<id:article_id>/versions/<id:number>/response.warc.gz",
        evidence.version_warc,
        name="version-warc",
    ),
]

urlpatterns += [
    path("feeds/changes.atom", feeds.AllChangesFeed(), name="feed-all-atom"),
    path("feeds/changes.rss", feeds.AllChangesRssFeed(), name="feed-all-rss"),
    path("sources/<slug:slug>/changes.atom", feeds.SourceChangesFeed(), name="feed-source-atom"),
    path("sources/<slug:slug>/changes.rss", feeds.SourceChangesRssFeed(), name="feed-source-rss"),
    path(
        "articles/<id:article_id>/changes.atom",
        feeds.ArticleChangesFeed(),
        name="feed-article-atom",
    ),
    path(
        "articles/<id:article_id>/changes.rss",
        feeds.ArticleChangesRssFeed(),
        name="feed-article-rss",
    ),
]

urlpatterns += [
    path("api/articles/", api.article_list, name="api-article-list"),
    path("api/search/", api.change_search, name="api-change-search"),
    path("api/articles/<id:article_id>/", api.article_detail, name="api-article"),
    path("api/versions/<id:version_id>/", api.version_detail, name="api-version"),
    path(
        "api/articles/<id:article_id>/dataset.json",
        evidence.article_dataset,
        name="api-article-dataset",
    ),
    path(
        "api/articles/<id:article_id>/diff/<id:old>/<id:new>/",
        api.article_diff,
        name="api-diff",
    ),
]

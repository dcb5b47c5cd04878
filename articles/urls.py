from django.urls import path

from articles import feeds, views, views_api, views_article

urlpatterns = [
    path("", views.browse, name="browse"),
    path("find/", views.find_by_url, name="find-by-url"),
    path("search/", views.search_page, name="search"),
    path("about/", views.about, name="about"),
    path("sources/", views.source_list, name="source-list"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("articles/<int:article_id>/", views_article.article_history, name="article-history"),
    path("articles/<int:article_id>/compare/", views_article.compare_form, name="article-compare"),
    path(
        "articles/<int:article_id>/diff/<int:old>/<int:new>/",
        views_article.article_diff,
        name="article-diff",
    ),
]

urlpatterns += [
    path("feeds/changes.atom", feeds.AllChangesFeed(), name="feed-all-atom"),
    path("feeds/changes.rss", feeds.AllChangesRssFeed(), name="feed-all-rss"),
    path("sources/<slug:slug>/changes.atom", feeds.SourceChangesFeed(), name="feed-source-atom"),
    path("sources/<slug:slug>/changes.rss", feeds.SourceChangesRssFeed(), name="feed-source-rss"),
    path(
        "articles/<int:article_id>/changes.atom",
        feeds.ArticleChangesFeed(),
        name="feed-article-atom",
    ),
    path(
        "articles/<int:article_id>/changes.rss",
        feeds.ArticleChangesRssFeed(),
        name="feed-article-rss",
    ),
]

urlpatterns += [
    path("api/articles/", views_api.article_list, name="api-article-list"),
    path("api/articles/<int:article_id>/", views_api.article_detail, name="api-article"),
    path("api/versions/<int:version_id>/", views_api.version_detail, name="api-version"),
    path(
        "api/articles/<int:article_id>/diff/<int:old>/<int:new>/",
        views_api.article_diff,
        name="api-diff",
    ),
]

from django.urls import path

from articles import views

urlpatterns = [
    path("", views.browse, name="browse"),
    path("articles/<int:article_id>/", views.article_history, name="article-history"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
]

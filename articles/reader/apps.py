from django.apps import AppConfig


class ReaderConfig(AppConfig):
    name = "articles.reader"
    label = "reader"
    verbose_name = "Reader's site"

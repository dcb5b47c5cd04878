"""The demo's news site keeps its stories across restarts, so a restart makes no versions."""

import socket

import pytest
from django.utils import timezone

from articles.checking.check import check_article
from articles.demo import start_demo_newsroom
from articles.discovery.discover import discover
from articles.fetching import Fetcher
from articles.models import Article, Check, Source, Version
from newsroom import Newsroom, state
from newsroom.editor import Editor


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_saved_stories_load_back_the_same(tmp_path):
    room = Newsroom()
    Editor(room, seed=3, state_file=tmp_path / "room.json").edit_once()
    room.edit("harbour-bridge-closure", title="A <new> “headline”", paragraphs=["Only this."])
    state.save(room, tmp_path / "room.json")
    again = Newsroom(stories=state.load(tmp_path / "room.json"))
    assert again.stories == room.stories
    assert (
        again.story("harbour-bridge-closure").revision
        == room.story("harbour-bridge-closure").revision
    )


def test_an_unreadable_state_file_starts_from_the_seed_stories(tmp_path):
    (tmp_path / "room.json").write_text("{not json")
    assert state.load(tmp_path / "room.json") is None
    assert state.load(tmp_path / "missing.json") is None


@pytest.mark.django_db
def test_a_restarted_demo_carries_on_and_stores_no_version(tmp_path, settings):
    settings.NEWSDIFFS_VAR_DIR = tmp_path
    state_file, port = tmp_path / "demo-newsroom.json", _free_port()

    def check_everything():
        fetcher = Fetcher()
        discover(Source.objects.get(), fetcher, timezone.now())
        outcomes = [
            check_article(pk, fetcher).outcome
            for pk in Article.objects.values_list("pk", flat=True)
        ]
        fetcher.close()
        return outcomes

    demo = start_demo_newsroom(port, edit_interval=3600, state_file=state_file)
    try:
        check_everything()
        for _ in range(6):  # edits and perhaps a new story, each saved as it is made
            demo.editor.edit_once()
        check_everything()
    finally:
        demo.stop()
    versions = Version.objects.count()
    assert versions > Article.objects.count()  # the edits were archived

    demo = start_demo_newsroom(port, edit_interval=3600, state_file=state_file)
    try:
        outcomes = check_everything()
    finally:
        demo.stop()
    assert Version.objects.count() == versions
    assert set(outcomes) <= {Check.Outcome.UNCHANGED, Check.Outcome.NOT_MODIFIED}

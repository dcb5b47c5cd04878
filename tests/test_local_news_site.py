"""The local news site the tests and benches fetch from answers as a real server does."""

import socket

import requests

from newsroom.site import _Handler


def test_the_local_site_sends_a_page_without_waiting_for_the_client(newsroom, monkeypatch):
    # Nagle's algorithm would hold each page's body until its headers were acknowledged.
    nodelay = []
    setup = _Handler.setup

    def record_nodelay(handler):
        setup(handler)
        nodelay.append(handler.connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    monkeypatch.setattr(_Handler, "setup", record_nodelay)
    with requests.Session() as session:
        for _ in range(2):
            assert session.get(newsroom.article_url("harbour-bridge-closure"), timeout=10).ok
    assert len(nodelay) == 1  # one kept-alive connection
    assert all(nodelay)

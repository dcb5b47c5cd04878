"""The bundled local news site used by the demo and the tests."""

from newsroom.site import Canned, Newsroom, NewsroomServer

__all__ = ["Canned", "Newsroom", "NewsroomServer"]

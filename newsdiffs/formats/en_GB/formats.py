from newsdiffs.formats.en.formats import *  # noqa: F403 (the same formats for British English)

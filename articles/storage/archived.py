"""What a version keeps of the page it was read from: body, text, headers, compressed.

Bodies, texts and headers are stored as zstd deltas on the previous
version's (articles.storage.deltas); these fields say how each row is to be
read, and the methods give back exactly what was archived, or raise
CorruptStorage (CorruptHeaders for headers).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from articles.storage import chains, deltas
from articles.storage.deltas import CorruptStorage

__all__ = ["ArchivedPage", "CorruptStorage"]


class ArchivedPage(models.Model):
    """The stored page of a Version (abstract: its fields are the versions table's)."""

    class BodyCodec(models.TextChoices):
        ZLIB = deltas.ZLIB, "zlib, the whole body (stored before zstd)"
        ZSTD = deltas.ZSTD, "zstd keyframe, the whole body"
        ZSTD_DELTA = deltas.ZSTD_DELTA, "zstd delta on an earlier version's body"

    class HeadersCodec(models.TextChoices):
        NOT_RECORDED = "", "not recorded (archived before headers were kept)"
        ZSTD = deltas.ZSTD, "zstd keyframe, the whole headers"
        ZSTD_DELTA = deltas.ZSTD_DELTA, "zstd delta on an earlier version's headers"

    class TextCodec(models.TextChoices):
        PLAIN = deltas.PLAIN, "plain, in plain_text (stored before zstd)"
        ZSTD = deltas.ZSTD, "zstd keyframe, the whole text"
        ZSTD_DELTA = deltas.ZSTD_DELTA, "zstd delta on an earlier version's text"

    # The text (paragraphs separated by one blank line) is the `text`
    # property: stored as text_codec says, plain only on older rows.
    plain_text = models.TextField(db_column="text", blank=True)
    stored_text = models.BinaryField(blank=True, default=b"")
    text_codec = models.CharField(max_length=10, choices=TextCodec.choices, default=TextCodec.PLAIN)
    text_base_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="A delta's base: the version whose text is its dictionary."
    )
    text_hash = models.CharField(max_length=64)
    search_words = models.TextField(
        blank=True, help_text="Words of the title and text that the previous version lacked."
    )
    # Filled after commit, on PostgreSQL only (articles.storage.searchindex).
    search_vector = SearchVectorField(null=True, blank=True, editable=False)
    raw_body = models.BinaryField(
        blank=True, help_text="The response body, compressed as body_codec says."
    )
    raw_body_hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the body.")
    body_codec = models.CharField(max_length=10, choices=BodyCodec.choices, default=BodyCodec.ZLIB)
    body_base_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="A delta's base: the version whose body is its dictionary."
    )
    response_headers = models.BinaryField(
        blank=True, default=b"", help_text="The response headers, as headers_codec says."
    )
    headers_codec = models.CharField(
        max_length=10,
        blank=True,
        choices=HeadersCodec.choices,
        default=HeadersCodec.NOT_RECORDED,
    )
    headers_base_number = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="A delta's base: the version whose headers are its dictionary.",
    )

    class Meta:
        abstract = True

    # The text given to a version not yet saved, and the text once read.
    _text_to_store = None
    _text = None

    def save(self, *args, **kwargs):
        if self._text_to_store is not None:
            fields = chains.text_fields(
                self.number, self.title, self._text_to_store, self.previous()
            )
            for name, value in fields.items():
                setattr(self, name, value)
            self._text_to_store = None
        super().save(*args, **kwargs)

    @property
    def text(self) -> str:
        """Paragraphs separated by one blank line; CorruptStorage if the stored text is."""
        if self._text is None:
            self._text = chains.read(chains.TEXT, self).decode()
        return self._text

    @text.setter
    def text(self, value):
        # Later versions may be stored as deltas on this text: it never changes.
        if self.pk is not None:
            raise ValueError("an archived version's text cannot change")
        self._text = self._text_to_store = value
        # Kept plain until save() stores it as a delta: a row written without
        # save() (bulk_create) keeps its text, as rows stored before did.
        self.plain_text, self.text_codec = value, self.TextCodec.PLAIN
        self.stored_text, self.text_base_number = b"", None

    @classmethod
    def load_texts(cls, versions):
        """Read the texts of these loaded versions together: one query at most."""
        versions = [v for v in versions if v._text is None]
        texts = chains.texts_of(versions) if versions else {}
        for version in versions:
            # A corrupt text is left unread: reading it raises CorruptStorage.
            version._text = texts.get((version.article_id, version.number))

    @staticmethod
    def attach_texts(versions, texts):
        """Give loaded versions (one article's, oldest first) their texts from `texts`,
        (number, text) pairs oldest first (articles.storage.archive.texts), with no
        query. A corrupt one is left unread: reading it raises CorruptStorage.
        """
        for version in versions:
            # Skips the versions not selected; a version archived after `texts`
            # read the chain is not in it, and reads its own text when asked.
            text = next((text for number, text in texts if number == version.number), None)
            if isinstance(text, str):
                version._text = text

    @staticmethod
    def body_fields(body: bytes, after) -> dict:
        """The fields storing `body` for the version after `after` (a delta on its body)."""
        return chains.body_fields(body, after)

    @staticmethod
    def header_fields(pairs, after) -> dict:
        """The fields storing the response headers for the version after `after`."""
        return chains.header_fields(pairs, after)

    def raw_html(self) -> bytes:
        """The response body as fetched, byte for byte; CorruptStorage if the stored bytes
        (this row's or those of the versions it is a delta on) do not give it back."""
        return chains.read(chains.BODY, self)

    def header_pairs(self):
        """[(name, value)] of the response, None if not recorded; CorruptHeaders if unreadable."""
        return chains.read_headers(self)

"""A comparison's share card: a PNG of its headline and first changed sentence.

Drawn with Pillow in the bundled DejaVu Sans (static/fonts/, with its
licence), so every machine draws the same card. The words are laid out by
the pure `cardtext` module; `CardText.alt` says the same words for
twitter:image:alt. Cards are cached by the views (versions never change).
"""

from dataclasses import dataclass
from functools import cache
from io import BytesIO

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

from articles.comparison import diffing
from articles.comparison.diffing import DELETE, EQUAL, INSERT
from articles.reader import cardtext

# The size Open Graph and Twitter's large summary card show without cropping.
WIDTH, HEIGHT = 1200, 630
MARGIN = 64
TEXT_WIDTH = WIDTH - 2 * MARGIN
HEADLINE_SIZE, HEADLINE_LINES, HEADLINE_LEADING = 50, 3, 62
SENTENCE_SIZE, SENTENCE_LINES, SENTENCE_LEADING = 34, 5, 50
SMALL_SIZE = 24
CHANGE_GAP = 6
# Bump when the card's drawing changes, so cached cards are drawn again.
CARD_FORMAT = 1

INK, MUTED, PAPER, RULE = "#1d2329", "#56606a", "#ffffff", "#d6dbe0"
CHANGE_COLOURS = {  # (background, text) as on the comparison page
    DELETE: ("#f7c5c5", "#8a1c1c"),
    INSERT: ("#bfe9cb", "#145c2b"),
}


@cache
def _font(bold, size):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(settings.BASE_DIR / "static" / "fonts" / name), size)


def cache_key(old_pk, new_pk):
    return f"newsdiffs:card:{CARD_FORMAT}:{old_pk}:{new_pk}"


@dataclass
class CardText:
    headline: list
    sentence: list
    caption: str

    @classmethod
    def of(cls, comparison, article):
        headline_font, sentence_font = _font(True, HEADLINE_SIZE), _font(False, SENTENCE_SIZE)
        title = comparison.new.title or comparison.old.title or article.url
        sentence = cardtext.first_changed_sentence(comparison.rows, comparison.title)
        added, removed = diffing.sizes(comparison.rows)
        return cls(
            headline=cardtext.wrap(
                [[EQUAL, title]], headline_font.getlength, TEXT_WIDTH, HEADLINE_LINES
            ),
            sentence=cardtext.wrap(sentence, sentence_font.getlength, TEXT_WIDTH, SENTENCE_LINES),
            caption=(
                f"{article.source.name} · version {comparison.old.number} → {comparison.new.number}"
                f" · +{added} / -{removed} characters"
            ),
        )

    @property
    def alt(self):
        """The card's words: the headline, then the sentence with its changes named."""
        headline = cardtext.spoken(self.headline)
        sentence = cardtext.spoken(self.sentence) or "The text is unchanged."
        return f"{headline} — {sentence}"

    def png(self):
        image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
        draw = ImageDraw.Draw(image)
        small = _font(True, SMALL_SIZE)
        draw.text((MARGIN, 40), "newsdiffs", font=small, fill=INK)
        y = 96
        for line in self.headline:
            draw.text(
                (MARGIN, y),
                "".join(text for _, text in line),
                font=_font(True, HEADLINE_SIZE),
                fill=INK,
            )
            y += HEADLINE_LEADING
        y += 12
        draw.line((MARGIN, y, WIDTH - MARGIN, y), fill=RULE, width=2)
        y += 28
        for line in self.sentence:
            _draw_runs(draw, line, y)
            y += SENTENCE_LEADING
        draw.text((MARGIN, HEIGHT - 56), self.caption, font=_font(False, SMALL_SIZE), fill=MUTED)
        out = BytesIO()
        image.save(out, "PNG", optimize=True)
        return out.getvalue()


def _draw_runs(draw, line, y):
    """One line of the sentence: deletions struck through on red, insertions underlined on green."""
    font = _font(False, SENTENCE_SIZE)
    x, previous = MARGIN, EQUAL
    for op, text in line:
        if previous == DELETE and op == INSERT:
            x += CHANGE_GAP  # a deletion and its replacement read as two marks
        previous = op
        width = font.getlength(text)
        if op in CHANGE_COLOURS:
            background, colour = CHANGE_COLOURS[op]
            draw.rectangle((x, y - 4, x + width, y + SENTENCE_SIZE + 8), fill=background)
            middle = y + SENTENCE_SIZE * 0.6 if op == DELETE else y + SENTENCE_SIZE + 4
            draw.line((x, middle, x + width, middle), fill=colour, width=3)
        else:
            colour = INK
        draw.text((x, y), text, font=font, fill=colour)
        x += width

"""Whole numbers read from addresses: article and version ids, version numbers.

The database keeps them in signed 64-bit columns. A number past that is no
row, but handed to a query it raises OverflowError on SQLite, so it is
refused here, where the address is read, and answered as "not found".
"""

MAX_ID = 2**63 - 1
_MAX_DIGITS = len(str(MAX_ID))


def parse_positive(raw):
    """The number from 1 to MAX_ID that `raw` spells in ASCII digits, or None.

    Python's int() also takes signs, spaces, underscores and other scripts'
    digits ("١٢"); an address means none of them.
    """
    if not raw or not raw.isascii() or not raw.isdigit():
        return None
    digits = raw.lstrip("0")
    if not digits or len(digits) > _MAX_DIGITS:
        return None
    number = int(digits)
    return number if number <= MAX_ID else None


class PositiveIdConverter:
    """`<id:name>` in a URL pattern: like `<int:name>`, but only 1 to MAX_ID.

    A ValueError from to_python makes the pattern not match, so an
    out-of-range number is a plain 404.
    """

    regex = "[0-9]+"

    def to_python(self, value):
        number = parse_positive(value)
        if number is None:
            raise ValueError(f"not an id from 1 to {MAX_ID}")
        return number

    def to_url(self, value):
        number = parse_positive(str(value))
        if number is None:
            raise ValueError(f"not an id from 1 to {MAX_ID}")
        return str(number)

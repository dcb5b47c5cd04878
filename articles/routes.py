"""Addresses of the site's pages whose arguments are ids and version numbers, built fast.

django.urls.reverse() takes some 12 µs an address (it checks each against its
pattern), and the {% url %} tag as much again: a page of twenty search results
built sixty of them, half of its template's 4 ms. Here each route is reversed
once a process (and script prefix), with marker numbers for its arguments,
and checked with a second set; each address after that is the route's
template with the numbers put in.
"""

from functools import lru_cache

from django.urls import get_script_prefix, reverse

from articles.reader.numbers import MAX_ID

# Numbers that stand out in an address; the check below proves they are only
# where the arguments go.
_MARKERS = (910_000_001, 920_000_002, 930_000_003, 940_000_004)
_CHECK = (810_000_005, 820_000_006, 830_000_007, 840_000_008)


@lru_cache(maxsize=128)
def _template(name, count, prefix):
    """The pieces of a route's address between its `count` arguments (prefix: the
    script prefix it was reversed under, part of the address and of the key);
    None for a route that does not put its arguments in as they are."""
    rest, pieces = reverse(name, args=_MARKERS[:count]), []
    for marker in _MARKERS[:count]:
        before, found, rest = rest.partition(str(marker))
        if not found:
            return None
        pieces.append(before)
    pieces.append(rest)
    if _join(pieces, _CHECK[:count]) != reverse(name, args=_CHECK[:count]):
        return None
    return tuple(pieces)


def _join(pieces, numbers):
    parts = [pieces[0]]
    for number, piece in zip(numbers, pieces[1:], strict=True):
        parts += [str(number), piece]
    return "".join(parts)


def address(name, *numbers):
    """reverse(name, args=numbers), for numbers from 1 to MAX_ID (anything else is
    reverse()'s to build or refuse)."""
    fast = len(numbers) <= len(_MARKERS) and all(
        type(number) is int and 1 <= number <= MAX_ID for number in numbers
    )
    template = _template(name, len(numbers), get_script_prefix()) if fast else None
    return reverse(name, args=numbers) if template is None else _join(template, numbers)

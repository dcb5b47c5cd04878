"""A page of articles whose latest text matches, and the candidates left. Pure.

Search ranks each article by its newest matching version. The articles whose
latest text matches come first, latest change first, as far as the pages
need; the candidates that may match only in an older version are those
whose latest text does not, changed since the last of those (an older
version is no newer than its article's last change).
"""


def first_batch(wanted):
    """How many rows split asks about first: a few past the page, in case some
    of them no longer match."""
    return wanted + 8


def split(rows, latest_matching, wanted, scan, complete):
    """(latest, changed_since, candidates) from rows (id, latest number, last
    change), latest change first: up to `wanted` whose latest text matches; the
    last one's change if there are `wanted`; up to `scan` of the others changed
    since then (all of them if fewer matched). `latest_matching(batch)` gives the
    ids of a batch whose latest text matches. None if the rows end before the
    answer is known and are not `complete` (every article with the words)."""
    latest, others, cutoff = [], [], None
    done, step = 0, first_batch(wanted)
    while done < len(rows) and (cutoff is None or rows[done][2] >= cutoff):
        batch = rows[done : done + step]
        done, step = done + len(batch), step * 2
        matching = latest_matching(batch)
        for row in batch:
            if cutoff is not None and row[2] < cutoff:
                break
            if row[0] not in matching:
                others.append(row)
            elif len(latest) < wanted:
                latest.append(row)
                if len(latest) == wanted:
                    cutoff = row[2]
    if not complete and done == len(rows) and (cutoff is None or rows[-1][2] >= cutoff):
        return None  # a row past these could still be a candidate
    return latest, cutoff, others[:scan]

"""Wording of the short lines that are page furniture: datelines, counters, labels.

These lines change between fetches ("updated 5 min ago", "1,204 views",
"Photo 1 of 9") and would invent versions, so they go. Each pattern is a
convention of news pages in general, in the major languages of the web,
never one site's wording. A rule only drops a line that is *mostly* the
furniture: a live update "Updated 17:05: Police have confirmed ..." goes on
into a sentence and is news.
"""

import re

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"januar|februar|märz|mai|juni|juli|oktober|dezember|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
    r"janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro)\.?"
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?\.?"
# "5 min ago", "2h ago", "vor 3 Minuten", "hace 5 minutos", "il y a 2 h",
# "3 minuti fa", "há 4 horas".
_UNIT = (
    r"(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|"
    r"sek(?:unden?)?|min(?:uten?)?|std\.?|stunden?|tagen?|"
    r"seg(?:undos?)?|minutos?|horas?|d[ií]as?|"
    r"sec(?:ondes?)?|heures?|jours?|"
    r"secondi|secondo|minut[oi]|or[ae]|giorn[oi]|semanas?|wochen?|semaines?|settimane?)"
)
RELATIVE_TIME = (
    rf"(?:\d+\s*{_UNIT}\.?\s+(?:ago|fa)|vor\s+\d+\s*{_UNIT}|hace\s+\d+\s*{_UNIT}|"
    rf"il\s+y\s+a\s+\d+\s*{_UNIT}|h[aá]\s+\d+\s*{_UNIT}|just now|gerade eben|à l'instant)"
)
_DATE_TOKEN = (
    rf"(?:{RELATIVE_TIME}|\d{{4}}-\d{{2}}-\d{{2}}(?:T[\d:.]+Z?)?|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|"
    rf"\d{{1,2}}[:.h]\d{{2}}(?:\s*[ap]\.?m\.?)?|\d{{1,2}}\s*[ap]\.?m\.?|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?{_MONTH}|{_MONTH}\s+\d{{1,4}}(?:st|nd|rd|th)?|"
    rf"{_WEEKDAY}|today|yesterday|heute|gestern|hoy|ayer|aujourd'hui|hier|oggi|ieri|hoje|ontem)"
)
_DATE_KEYWORD = (
    r"(?:last\s+updated|first\s+published|updated|published|posted|modified|"
    r"aktualisiert|veröffentlicht|stand|actualizado|publicado|mis\s+à\s+jour|publié|"
    r"aggiornato|pubblicato|atualizado|actualización)"
)
# Joins between the parts of a dateline: "Nov 5, 2024 at 5:05 pm ET | 2 min read"
_DATE_FILLER = (
    r"(?:[\s,|·•/:\u2013\u2014-]+|\b(?:on|at|am|um|le|el|il|em|de|del|à|alle|às)\b|\b\d{4}\b|"
    r"(?-i:\b[A-Z]{2,4}\b)|\b(?:GMT|UTC)[+-]?\d*)"
)
_DATELINE = re.compile(
    rf"(?P<keyword>\b{_DATE_KEYWORD}\b)?{_DATE_FILLER}*"
    rf"(?P<date>{_DATE_TOKEN}(?:{_DATE_FILLER}*{_DATE_TOKEN})*)",
    re.I,
)
_RELATIVE = re.compile(RELATIVE_TIME, re.I)
# Where a date begins in a line that may hold other words ("Jo Marsh, Nov. 5, 2024"):
# a date keyword, a relative time, a weekday or month before a number, or any number.
DATE_START = re.compile(
    rf"\b(?:{_DATE_KEYWORD}|{RELATIVE_TIME}|{_WEEKDAY}\s*,|{_MONTH}\s+\d|\d)",
    re.I,
)
# Every dateline has one of these words: a cheap test before the full pattern.
_DATELINE_HINT = re.compile(
    rf"{_DATE_KEYWORD}|\b(?:ago|vor|hace|y a|fa|h[aá]|just now|gerade eben|l'instant)", re.I
)
# What may stand beside a dateline on its line: a byline, "LIVE", a read time.
MAX_WORDS_BESIDE_DATE = 3


def is_dateline(text):
    """A short line that is a date or time stamp, with at most a few words beside it.

    It needs a keyword ("Updated", "Publicado") or a relative time before
    the stamp: a bare "1998" or "in 2001" is part of a sentence. A stamp
    followed by a colon and words is a live update, which is news.
    """
    if len(text) > 100 or not _DATELINE_HINT.search(text):
        return False
    for match in _DATELINE.finditer(text):
        if not (match.group("keyword") or _RELATIVE.search(match.group("date"))):
            continue
        before, after = text[: match.start()], text[match.end() :]
        if re.match(r"\s*[:.]\s*\w", after):
            return False  # "Updated 17:05: Police have confirmed ..."
        after = re.sub(_DATE_FILLER, " ", after)
        return len(before.split()) + len(after.split()) <= MAX_WORDS_BESIDE_DATE
    return False


_COUNTER_NOUN = (
    r"(?:views?|reads?|shares?|likes?|comments?|hits?|readers?|reactions?|"
    r"aufrufe|kommentare?|leser|visitas|comentarios?|lecturas|vues|commentaires?|lecteurs|"
    r"visualizzazioni|commenti|letture|visualizações|comentários|leituras)"
)
_COUNTER = re.compile(
    r"^(?:"
    rf"[\d.,]+\s*[kKmM]?\s+{_COUNTER_NOUN}|"  # "3.409 reads", "12k shares"
    rf"{_COUNTER_NOUN}\s*:?\s*[\d.,]+\s*[kKmM]?|"  # "Hits: 57"
    r"[\d.,]+\s+(?:people|readers|personen|personas|personnes|persone|pessoas)\s+"
    r"(?:are\s+|están\s+|sont\s+|stanno\s+|estão\s+)?"
    r"(?:reading|viewing|watching|lesen|leyendo|lisent|leggendo|lendo)\b.{0,24}|"
    r"(?:photo|image|picture|slide|foto|bild|imagen|diapositiva|immagine|imagem)\s+"
    r"\d+\s*(?:of|/|von|de|sur|di)\s*\d+"
    r")$",
    re.I,
)


def is_counter(text):
    """A line that is only a counter: "1,204 views", "Hits: 57", "Photo 1 of 9"."""
    parts = [part.strip() for part in re.split(r"\s+[|·•]\s+", text)]
    return all(_COUNTER.match(part) or is_dateline(part) for part in parts if part) and any(
        _COUNTER.match(part) for part in parts
    )

"""Editors' notes: corrections, clarifications and updates a newsroom declares. Pure.

A note is a paragraph (or a sentence in one) that opens with a note's
heading ("Correction:", "Korrektur:", "Rectificatif :", "Fe de errores") or
says in so many words that the article was changed ("An earlier version of
this article ...", "In einer früheren Version ...", "Une version précédente
de cet article ...", "Una versión anterior de este artículo ...").
"""

import re

from articles import content, textnorm

# Headings that open a note, followed by a colon or a dash.
_HEADINGS = (
    # English
    r"corrections?|clarifications?|updates?|updated|editor'?s'? note|erratum|"
    # German
    r"korrektur|berichtigung|richtigstellung|klarstellung|aktualisierung|aktualisiert|"
    r"anmerkung der redaktion|hinweis der redaktion|"
    # French
    r"rectificatif|précision|mise à jour|mis à jour|note de la rédaction|"
    # Spanish
    r"corrección|aclaración|actualización|actualizado|nota de la redacción|fe de errores"
)
_HEADING = re.compile(rf"^\W*(?:{_HEADINGS})\s*(?:[:\u2013\u2014-]|\.\s)", re.IGNORECASE)
# Sentences that say the article was changed, wherever they stand.
_SAYS_CHANGED = re.compile(
    r"\b(?:an? (?:earlier|previous|prior) version of this (?:article|story|report|piece)"
    r"|this (?:article|story|report|piece) (?:was|has been|had been) "
    r"(?:amended|corrected|updated|changed|edited|clarified)"
    r"|this (?:article|story|report) (?:originally|previously|incorrectly)"
    r"|in einer (?:früheren|vorherigen|älteren) (?:version|fassung)"
    r"|(?:dieser|der) (?:artikel|beitrag|text) wurde (?:korrigiert|aktualisiert|geändert|ergänzt)"
    r"|wir haben (?:den|die|das|diesen|diese) [^.]{0,80}(?:korrigiert|berichtigt)"
    r"|une (?:précédente|ancienne|première) version de cet (?:article|texte)"
    r"|cet (?:article|texte) a été (?:modifié|corrigé|mis à jour|actualisé)"
    r"|fe de errores"
    r"|una versión anterior de (?:este artículo|esta información|esta noticia|este texto)"
    r"|(?:este artículo|esta información|esta noticia) (?:ha sido|fue) "
    r"(?:corregid[oa]|actualizad[oa]|modificad[oa]))",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def is_note(paragraph):
    """Whether a paragraph is an editor's note about the article itself."""
    return bool(_HEADING.search(paragraph) or _SAYS_CHANGED.search(paragraph))


def _notes(text):
    found = []
    for paragraph in content.paragraphs(text):
        if _HEADING.search(paragraph):
            found.append(paragraph)
            continue
        found += [s for s in _SENTENCE_END.split(paragraph) if _SAYS_CHANGED.search(s)]
    return found


def notes_in(new_text, old_text):
    """The notes `new_text` has that `old_text` lacked, in order."""
    old_keys = {textnorm.comparison_key(note) for note in _notes(old_text)}
    return [note for note in _notes(new_text) if textnorm.comparison_key(note) not in old_keys]

"""Text as a rep searches it: case and accents do not matter ("zoe" finds "Zoë's Gift Shop").

SQLite's own lower() and LIKE fold only A-Z, so the local database is taught `repapp_has_words`
(see `repapp.models.db`): one call per row, whatever the number of words.
"""

from __future__ import annotations

import re
import unicodedata

WORDS_APART = "\x1f"  # between the folded words handed to repapp_has_words

# Unicode's blocks of combining marks: what is left of an accent once a letter is decomposed.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str | None) -> str:
    """Case and accents away: "Zoë" -> "zoe"."""
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    return _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))


def folded_words(words: str) -> str:
    """The rep's words, folded, as one argument for `has_words`; "" when there are none."""
    return WORDS_APART.join(fold(word) for word in words.split())


def has_words(text: str | None, words: str) -> bool:
    """Whether `text` holds every one of the folded `words` (from `folded_words`)."""
    folded = fold(text)
    return all(word in folded for word in words.split(WORDS_APART))

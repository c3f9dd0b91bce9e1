"""Country codes: accounts keep ISO 3166 two-letter codes; badges and reps write names.

Only the names a North American and European trade show sees most often are known; anything
else is left as written, and the form asks for the two-letter code.
"""

from __future__ import annotations

_NAMES = {
    "US": ("usa", "united states", "united states of america", "u.s.a.", "u.s."),
    "CA": ("can", "canada"),
    "MX": ("mex", "mexico", "méxico"),
    "GB": ("gbr", "uk", "u.k.", "united kingdom", "great britain", "england", "scotland", "wales"),
    "IE": ("irl", "ireland"),
    "FR": ("fra", "france"),
    "DE": ("deu", "germany", "deutschland"),
    "AT": ("aut", "austria", "österreich"),
    "CH": ("che", "switzerland", "schweiz", "suisse"),
    "IT": ("ita", "italy", "italia"),
    "ES": ("esp", "spain", "españa"),
    "PT": ("prt", "portugal"),
    "NL": ("nld", "netherlands", "the netherlands", "holland", "nederland"),
    "BE": ("bel", "belgium", "belgique", "belgië"),
    "LU": ("lux", "luxembourg"),
    "DK": ("dnk", "denmark", "danmark"),
    "SE": ("swe", "sweden", "sverige"),
    "NO": ("nor", "norway", "norge"),
    "FI": ("fin", "finland", "suomi"),
    "IS": ("isl", "iceland"),
    "PL": ("pol", "poland", "polska"),
    "CZ": ("cze", "czech republic", "czechia"),
    "AU": ("aus", "australia"),
    "NZ": ("nzl", "new zealand"),
    "JP": ("jpn", "japan"),
    "CN": ("chn", "china"),
    "IN": ("ind", "india"),
    "BR": ("bra", "brazil", "brasil"),
}
_CODES = {name: code for code, names in _NAMES.items() for name in names}


def country_code(text: str) -> str:
    """ "USA", "Germany", "de" -> "US", "DE", "DE"; an unknown name comes back as written."""
    cleaned = " ".join(text.split())
    if len(cleaned) == 2 and cleaned.isascii() and cleaned.isalpha():
        return cleaned.upper()
    return _CODES.get(cleaned.lower(), cleaned)

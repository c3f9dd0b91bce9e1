"""Trade-show badges: the text a keyboard-wedge scanner types from a badge's QR code, read into
a visitor's details (name, company, title, address, phone, e-mail).

Badges carry a vCard (2.1, 3.0 or 4.0) or a MECARD. What the scanner types may come with CRLF,
LF or lone CR line ends, folded lines, backslash-escaped commas and semicolons, and in vCard 2.1
quoted-printable values in a given charset. `read_badge` returns a `Badge` or raises
`BadgeError` with a message for the rep; it never raises anything else.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

MAX_BADGE_CHARS = 10_000  # a QR code holds at most 7,089 characters (numeric only)
VERSIONS = ("2.1", "3.0", "4.0")
_HEX = "0123456789abcdefABCDEF"


class BadgeError(ValueError):
    """The scanned text is not a badge this app can read; the message says why."""


@dataclass(frozen=True, slots=True)
class Badge:
    kind: str  # "vCard 3.0", "MECARD", ...
    full_name: str = ""
    given_name: str = ""
    family_name: str = ""
    organization: str = ""
    department: str = ""
    title: str = ""
    street: str = ""
    city: str = ""
    region: str = ""
    postcode: str = ""
    country: str = ""
    phone: str = ""
    email: str = ""

    @property
    def person(self) -> str:
        """The visitor's name as printed: FN, else given and family name."""
        return self.full_name or " ".join(p for p in (self.given_name, self.family_name) if p)

    @property
    def company(self) -> str:
        """Who would become the account: the organization, else the person."""
        return self.organization or self.person


def read_badge(text: str) -> Badge:
    """Read a scanned vCard or MECARD; raises BadgeError for anything else."""
    cleaned = text.replace("\ufeff", "").strip()
    if not cleaned:
        raise BadgeError("the scan was empty: scan the badge again")
    if len(cleaned) > MAX_BADGE_CHARS:
        raise BadgeError("that is longer than any badge's QR code: not a vCard or MECARD badge")
    lines = re.split(r"\r\n|\r|\n", cleaned)
    if _begin(list(_logical_lines(lines, keep_fold_space=False))) is not None:
        badge = _vcard(lines)
    elif cleaned[:7].upper() == "MECARD:":
        badge = _mecard(cleaned[7:])
    else:
        raise BadgeError(f"not a vCard or MECARD badge (it starts “{_preview(cleaned)}”)")
    if not (badge.person or badge.organization or badge.email or badge.phone):
        raise BadgeError(f"the {badge.kind} badge has no name, company, e-mail or phone")
    return badge


def _preview(text: str, length: int = 24) -> str:
    first = " ".join(text.split())
    return first if len(first) <= length else first[: length - 1] + "…"


# -- escapes shared by vCard and MECARD -----------------------------------------------------


def _split(value: str, separator: str) -> list[str]:
    """Split at separators not escaped by a backslash; escapes are kept for `_unescape`."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            current.append(char)
            current.append(next(chars, ""))
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _unescape(value: str) -> str:
    r"""`\n` is a line break (written as ", " on one line), `\x` is x; the rest is as typed."""
    out: list[str] = []
    chars = iter(value)
    for char in chars:
        if char != "\\":
            out.append(char)
            continue
        following = next(chars, "\\")  # a lone backslash at the end stays
        out.append(", " if following in ("n", "N") else following)
    return " ".join("".join(out).split())  # one line, single spaces: it goes into a form field


# -- vCard --------------------------------------------------------------------------------------


@dataclass
class _Property:
    name: str
    value: str  # decoded, still escaped
    types: set[str] = field(default_factory=set)
    preferred: bool = False

    def text(self) -> str:
        return _unescape(self.value)

    def components(self) -> list[str]:
        """A structured value (N, ADR, ORG): `;` separates parts, `,` a part's several values."""
        return [
            ", ".join(v for v in (_unescape(x) for x in _split(part, ",")) if v)
            for part in _split(self.value, ";")
        ]


def _begin(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip().upper() == "BEGIN:VCARD"), None)


def _vcard(raw: list[str]) -> Badge:
    """Any line may be folded, BEGIN and VERSION too; how a fold unfolds depends on the version."""
    lines = list(_logical_lines(raw, keep_fold_space=False))
    lines = lines[(_begin(lines) or 0) + 1 :]
    version = next(
        (line.split(":", 1)[1].strip() for line in lines if line.upper().startswith("VERSION:")),
        "3.0",  # badge printers that leave VERSION out write 3.0
    )
    if version not in VERSIONS:
        raise BadgeError(
            f"vCard version {_preview(version, 8)} is not one this app reads (2.1, 3.0, 4.0)"
        )
    if version == "2.1":  # RFC 822 folding: the space after a line break is part of the text
        lines = list(_logical_lines(raw, keep_fold_space=True))
        lines = lines[(_begin(lines) or 0) + 1 :]
    found: dict[str, list[_Property]] = {}
    ended = False
    for line in lines:
        if line.strip().upper() == "END:VCARD":
            ended = True
            break
        prop = _property(line)
        if prop is not None:
            found.setdefault(prop.name, []).append(prop)
    if not ended:
        raise BadgeError("truncated vCard: the scan stopped before END:VCARD; scan the badge again")
    return _vcard_badge(f"vCard {version}", found)


def _logical_lines(lines: list[str], keep_fold_space: bool) -> Iterator[str]:
    """Unfold: a line starting with a space or tab continues the one before (vCard 3.0/4.0 drop
    that one space, 2.1 keeps it as RFC 822 does); a quoted-printable value ending in `=`
    continues on the next line (a soft line break)."""
    current: str | None = None
    for line in lines:
        if current is not None and _soft_break(current):
            current = current[:-1] + line
        elif current is not None and line[:1] in (" ", "\t"):
            current += line if keep_fold_space else line[1:]
        else:
            if current is not None:
                yield current
            current = line
    if current is not None:
        yield current


def _soft_break(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return ":" in line and "QUOTED-PRINTABLE" in head and line.endswith("=")


def _outside_quotes(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
            current.append(char)
        elif char == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _property(line: str) -> _Property | None:
    """`group.NAME;PARAM=x;TYPE=a,b:value`; lines that are not properties are skipped."""
    head_and_value = _outside_quotes(line, ":")
    if len(head_and_value) < 2:
        return None
    head, value = head_and_value[0], ":".join(head_and_value[1:])
    name, *params = _outside_quotes(head, ";")
    name = name.strip().rsplit(".", 1)[-1].upper()
    if not name:
        return None
    types: set[str] = set()
    preferred, encoding, charset = False, "", "utf-8"
    for param in params:
        key, _, given = param.partition("=")
        key = key.strip().upper()
        values = [v.strip().strip('"').lower() for v in given.split(",")] if given else []
        if not given:  # vCard 2.1: a bare parameter is a type or an encoding
            if key in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT"):
                encoding = key
            else:
                types.add(key.lower())
        elif key == "TYPE":
            types.update(v for v in values if v)
        elif key == "ENCODING":
            encoding = given.strip().strip('"').upper()
        elif key == "CHARSET":
            charset = given.strip().strip('"')
        elif key == "PREF":
            preferred = True
    preferred = preferred or "pref" in types
    if encoding in ("B", "BASE64"):
        return None  # a photo or a key: nothing a form needs
    if encoding == "QUOTED-PRINTABLE":
        value = _quoted_printable(value, charset)
    return _Property(name, value, types, preferred)


def _quoted_printable(value: str, charset: str) -> str:
    data = bytearray()
    index = 0
    while index < len(value):
        char = value[index]
        pair = value[index + 1 : index + 3]
        if char == "=" and len(pair) == 2 and all(c in _HEX for c in pair):
            data.append(int(pair, 16))
            index += 3
        else:
            data.extend(char.encode("utf-8"))
            index += 1
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        codec = "utf-8"
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return data.decode("cp1252" if codec == "utf-8" else "utf-8", errors="replace")


def _best(props: list[_Property], avoid: tuple[str, ...] = ()) -> _Property | None:
    """The preferred one, else a work one, else the first; fax numbers only if nothing else."""
    usable = [p for p in props if p.text() and not p.types & set(avoid)] or [
        p for p in props if p.text()
    ]
    if not usable:
        return None
    return max(usable, key=lambda p: (p.preferred, "work" in p.types, -usable.index(p)))


def _vcard_badge(kind: str, found: dict[str, list[_Property]]) -> Badge:
    def first(name: str) -> _Property | None:
        return _best(found.get(name, []))

    def parts(prop: _Property | None, count: int) -> list[str]:
        components = prop.components() if prop is not None else []
        return (components + [""] * count)[:count]

    fn = first("FN")
    family, given, additional, prefix, suffix = parts(first("N"), 5)
    organization, department = parts(first("ORG"), 2)
    title = first("TITLE") or first("ROLE")
    _box, extended, street, city, region, postcode, country = parts(first("ADR"), 7)
    phone = _best(found.get("TEL", []), avoid=("fax", "pager"))
    email = first("EMAIL")
    given_names = " ".join(n for n in (given, additional.replace(",", "")) if n)
    full = fn.text() if fn else " ".join(n for n in (prefix, given_names, family, suffix) if n)
    return Badge(
        kind=kind,
        full_name=full,
        given_name=given_names,
        family_name=family,
        organization=organization,
        department=department,
        title=title.text() if title else "",
        street=", ".join(p for p in (street, extended) if p),
        city=city,
        region=region,
        postcode=postcode,
        country=country,
        phone=_uri_value(phone.text(), "tel:") if phone else "",
        email=_uri_value(email.text(), "mailto:") if email else "",
    )


def _uri_value(text: str, scheme: str) -> str:
    """vCard 4.0 writes phones as `tel:` URIs (`;ext=12` for an extension), e-mail may be mailto."""
    if text.lower().startswith(scheme):
        text = text[len(scheme) :]
        number, _, extension = text.partition(";ext=")
        return f"{number} ext. {extension}" if extension else number
    return text


# -- MECARD -------------------------------------------------------------------------------------


def _mecard(body: str) -> Badge:
    """`N:Doe,John;TEL:...;EMAIL:...;ADR:...;ORG:...;;` (NTT DoCoMo's format, with ZXing's ORG)."""
    body = body.strip()
    if not body.endswith(";"):
        raise BadgeError("truncated MECARD: it should end with ;; — scan the badge again")
    fields: dict[str, str] = {}
    for item in _split(body.replace("\r", "").replace("\n", ""), ";"):
        key, separator, value = item.partition(":")
        if separator and key.strip().upper() not in fields:
            fields[key.strip().upper()] = value
    family, given = (_split(fields.get("N", ""), ",") + [""])[:2]
    address = [_unescape(part) for part in _split(fields.get("ADR", ""), ",")]
    if len(address) >= 7:  # PO box, room, street, city, region, postcode, country
        _box, room, street, city, region, postcode, country = address[:7]
        street = ", ".join(p for p in (street, room) if p)
    else:
        street = ", ".join(p for p in address if p)
        city = region = postcode = country = ""
    return Badge(
        kind="MECARD",
        given_name=_unescape(given),
        family_name=_unescape(family),
        organization=_unescape(fields.get("ORG", "")),
        title=_unescape(fields.get("TITLE", "")),
        street=street,
        city=city,
        region=region,
        postcode=postcode,
        country=country,
        phone=_unescape(fields.get("TEL", "")),
        email=_unescape(fields.get("EMAIL", "")),
    )

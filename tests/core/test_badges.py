"""Badge QR codes as a keyboard-wedge scanner types them: vCard 2.1/3.0/4.0 and MECARD."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repapp.core.badges import Badge, BadgeError, read_badge

# As exported by a badge system (3.0, CRLF, escaped comma in ORG, folded long line, unicode).
VCARD_30 = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:Müller;Jürgen;;Dr.;\r\n"
    "FN:Dr. Jürgen Müller\r\n"
    "ORG:Müller\\, Söhne & Co. KG;Einkauf\r\n"
    "TITLE:Leiter Einkauf\r\n"
    "ADR;TYPE=HOME:;;1 Privatweg;Esslingen;BW;73728;Germany\r\n"
    "ADR;TYPE=WORK:;Halle 4;Königstraße 12;Stuttgart;BW;70173;Deutschland\r\n"
    "TEL;TYPE=FAX:+49 711 555 0199\r\n"
    "TEL;TYPE=WORK,VOICE:+49 711 555 0100\r\n"
    "EMAIL;TYPE=INTERNET:j.mueller@mueller-soehne.example\r\n"
    "NOTE:Interessiert an der Frühjahrskollektion\\; bitte Katalog an die Zentrale schicken\r\n"
    "  und Muster mitbringen.\r\n"
    "END:VCARD\r\n"
)

# vCard 2.1 with quoted-printable UTF-8 (soft line break inside a character), bare types, LF.
VCARD_21 = (
    "BEGIN:VCARD\n"
    "VERSION:2.1\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Fran=C3=A7ois;Z=C3=\n"
    "=A9lie\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Z=C3=A9lie Fran=C3=A7ois\n"
    "ORG;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:Caf=E9 No=EBl\n"
    "TEL;WORK;VOICE:514-555-0142\n"
    "TEL;CELL:514-555-0199\n"
    "EMAIL;PREF;INTERNET:zelie@cafenoel.example\n"
    "ADR;WORK;ENCODING=QUOTED-PRINTABLE:;;12 rue Saint-Paul;Montr=C3=A9al;QC;H2Y 1G6;Canada\n"
    "END:VCARD\n"
)

# vCard 4.0: quoted parameter lists, tel: URI with extension, PREF, an escaped semicolon.
VCARD_40 = (
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "FN:田中 愛子\r\n"
    "N:田中;愛子;;;\r\n"
    "ORG:Harbor Gifts\\; Home\r\n"
    'TEL;VALUE=uri;TYPE="voice,cell":tel:+81-90-5555-0100\r\n'
    'TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-503-555-0100;ext=12\r\n'
    "EMAIL;TYPE=work:aiko@harbor.example\r\n"
    'ADR;TYPE=work;LABEL="12 Water St\\nPortland, OR 97205":;;12 Water St;Portland;OR;97205;USA\r\n'
    "END:VCARD\r\n"
)

MECARD = (
    "MECARD:N:O'Brien,Siobhán;TEL:+353 1 555 0100;EMAIL:siobhan@lantern.example;"
    "ADR:,Unit 3,14 Quay St,Galway,,H91 XY12,Ireland;ORG:Lantern\\; Co\\, Ltd;TITLE:Buyer;;"
)


def test_a_vcard_30_gives_the_work_address_and_phone_and_the_escaped_company() -> None:
    badge = read_badge(VCARD_30)
    assert badge == Badge(
        kind="vCard 3.0",
        full_name="Dr. Jürgen Müller",
        given_name="Jürgen",
        family_name="Müller",
        organization="Müller, Söhne & Co. KG",
        department="Einkauf",
        title="Leiter Einkauf",
        street="Königstraße 12, Halle 4",
        city="Stuttgart",
        region="BW",
        postcode="70173",
        country="Deutschland",
        phone="+49 711 555 0100",
        email="j.mueller@mueller-soehne.example",
    )
    assert badge.company == "Müller, Söhne & Co. KG" and badge.person == "Dr. Jürgen Müller"


def test_a_vcard_21_decodes_quoted_printable_in_its_charset() -> None:
    badge = read_badge(VCARD_21)
    assert (badge.kind, badge.full_name, badge.given_name, badge.family_name) == (
        "vCard 2.1",
        "Zélie François",
        "Zélie",
        "François",
    )
    assert badge.organization == "Café Noël"  # ISO-8859-1 bytes
    assert (badge.phone, badge.email) == ("514-555-0142", "zelie@cafenoel.example")
    assert (badge.street, badge.city, badge.region, badge.postcode, badge.country) == (
        "12 rue Saint-Paul",
        "Montréal",
        "QC",
        "H2Y 1G6",
        "Canada",
    )


def test_a_vcard_40_prefers_the_preferred_phone_and_reads_tel_uris() -> None:
    badge = read_badge(VCARD_40)
    assert badge.kind == "vCard 4.0"
    assert (badge.person, badge.organization) == ("田中 愛子", "Harbor Gifts; Home")
    assert badge.phone == "+1-503-555-0100 ext. 12"
    assert (badge.street, badge.city, badge.postcode, badge.country) == (
        "12 Water St",
        "Portland",
        "97205",
        "USA",
    )


def test_a_mecard_with_escapes_and_a_seven_part_address() -> None:
    badge = read_badge(MECARD)
    assert badge == Badge(
        kind="MECARD",
        given_name="Siobhán",
        family_name="O'Brien",
        organization="Lantern; Co, Ltd",
        title="Buyer",
        street="14 Quay St, Unit 3",
        city="Galway",
        postcode="H91 XY12",
        country="Ireland",
        phone="+353 1 555 0100",
        email="siobhan@lantern.example",
    )
    assert badge.person == "Siobhán O'Brien" and badge.company == "Lantern; Co, Ltd"


def test_a_person_with_no_company_is_the_company() -> None:
    badge = read_badge("MECARD:N:Ferreira,Zoë;EMAIL:zoe@example.com;;")
    assert (badge.company, badge.person) == ("Zoë Ferreira", "Zoë Ferreira")
    no_fn = read_badge("BEGIN:VCARD\nVERSION:3.0\nN:Kim;Noah;Jae,Won;;Jr.\nEND:VCARD")
    assert no_fn.person == "Noah Jae Won Kim Jr."


@pytest.mark.parametrize("ending", ["\r\n", "\n", "\r"])
def test_every_line_ending_a_scanner_sends_reads_the_same(ending: str) -> None:
    text = VCARD_30.replace("\r\n", ending)
    assert read_badge(text) == read_badge(VCARD_30)


def test_folded_lines_are_joined_and_a_21_fold_keeps_its_space() -> None:
    folded = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jonathan Quincy Pub\r\n lic\r\nORG:Oak \r\n\t& Ivy\r\nEND:VCARD"
    badge = read_badge(folded)
    assert (badge.full_name, badge.organization) == ("Jonathan Quincy Public", "Oak & Ivy")
    old = "BEGIN:VCARD\nVERSION:2.1\nFN:Jonathan Quincy\n Public\nEND:VCARD"
    assert read_badge(old).full_name == "Jonathan Quincy Public"


def test_text_before_and_after_the_card_is_ignored() -> None:
    badge = read_badge("\ufeff  \n" + VCARD_40 + "\n\n")
    assert badge.organization == "Harbor Gifts; Home"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the scan was empty"),
        ("   \r\n ", "the scan was empty"),
        ("4006381333931", "not a vCard or MECARD badge (it starts “4006381333931”)"),
        ("https://expo.example/lead/8812", "not a vCard or MECARD badge"),
        (VCARD_30[:120], "truncated vCard: the scan stopped before END:VCARD"),
        (MECARD[:40], "truncated MECARD"),
        (
            "BEGIN:VCARD\nVERSION:5.0\nFN:X\nEND:VCARD",
            "vCard version 5.0 is not one this app reads",
        ),
        (
            "BEGIN:VCARD\nVERSION:3.0\nNOTE:hello\nEND:VCARD",
            "has no name, company, e-mail or phone",
        ),
        ("MECARD:;;", "the MECARD badge has no name"),
        ("x" * 20_000, "longer than any badge"),
    ],
)
def test_garbage_gets_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(BadgeError) as refused:
        read_badge(text)
    assert message in str(refused.value)


# -- properties ----------------------------------------------------------------------------------

FIELD = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Zs"), blacklist_characters="\ufeff"
    )
    | st.sampled_from([" ", ",", ";", "\\", ":", "é", "ß", "名"]),
    min_size=1,
    max_size=40,
).map(lambda s: " ".join(s.split()))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


def _fold(line: str, width: int) -> list[str]:
    return [line[:width]] + [" " + line[i : i + width] for i in range(width, len(line), width)]


@settings(max_examples=300, deadline=None)
@given(
    name=FIELD,
    org=FIELD,
    city=FIELD,
    email=st.emails(),
    version=st.sampled_from(["3.0", "4.0"]),
    ending=st.sampled_from(["\r\n", "\n"]),
    width=st.integers(min_value=5, max_value=75),
)
def test_any_escaped_and_folded_vcard_reads_back_what_was_written(
    name: str, org: str, city: str, email: str, version: str, ending: str, width: int
) -> None:
    lines = [
        "BEGIN:VCARD",
        f"VERSION:{version}",
        f"FN:{_escape(name)}",
        f"ORG:{_escape(org)}",
        f"ADR;TYPE=work:;;1 Main St;{_escape(city)};;;",
        f"EMAIL:{_escape(email)}",
        "END:VCARD",
    ]
    text = ending.join(part for line in lines for part in _fold(line, width))
    badge = read_badge(text)
    assert (badge.full_name, badge.organization, badge.city, badge.email) == (
        name,
        org,
        city,
        email,
    )


@settings(max_examples=300, deadline=None)
@given(family=FIELD, given_name=FIELD, org=FIELD)
def test_any_escaped_mecard_reads_back_what_was_written(
    family: str, given_name: str, org: str
) -> None:
    def esc(value: str) -> str:
        return "".join("\\" + c if c in "\\;:," else c for c in value)

    badge = read_badge(f"MECARD:N:{esc(family)},{esc(given_name)};ORG:{esc(org)};;")
    assert (badge.family_name, badge.given_name, badge.organization) == (family, given_name, org)


BADGE_LIKE = st.lists(
    st.sampled_from(
        [
            "BEGIN:VCARD",
            "END:VCARD",
            "VERSION:2.1",
            "VERSION:4.0",
            "MECARD:",
            "N:",
            "FN:",
            "ORG:",
            ";",
            ":",
            ",",
            "\\",
            "=",
            "=C3",
            "=\n",
            "\r\n",
            "\n",
            " ",
            '"',
            "ENCODING=QUOTED-PRINTABLE",
            "CHARSET=bogus",
            "TYPE=pref",
            "tel:",
            "ADR;",
        ]
    )
    | st.text(max_size=8),
    max_size=40,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(text=st.text(max_size=300) | BADGE_LIKE)
def test_anything_scanned_either_reads_or_raises_a_badge_error(text: str) -> None:
    try:
        badge = read_badge(text)
    except BadgeError as error:
        assert str(error)
    else:
        assert badge.person or badge.organization or badge.email or badge.phone

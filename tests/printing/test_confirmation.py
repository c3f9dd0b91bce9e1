"""Order confirmation PDF: content survives text extraction, pagination, fonts, file validity."""

from __future__ import annotations

import ast
import dataclasses
import io
import shutil
import subprocess
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from repapp.printing import confirmation as confirmation_module
from repapp.printing.confirmation import confirmation_bytes, fonts_dir, write_confirmation
from repapp.printing.confirmation_data import Confirmation, ConfirmationLine, Party

CUSTOMER_NAME = "Café Zoë Łódź"

# (sku, description, qty, unit price, discount %, line total): totals worked out by hand.
LINES = [
    ("BLT-1001", "Stainless hex bolt M8 × 40 mm, box of 100", 12, "18.50", "0", "222.00"),
    ("NUT-2040", "Nuts & bolts <M8>, zinc plated, bag of 500", 4, "42.00", "10", "151.20"),
    ("WSH-3300", "Flat washer M8, bag of 1000", 1200, "0.35", "5", "399.00"),
    ("DRL-77", "Cordless drill 18 V, 2 batteries, charger and case", 2, "1249.99", "0", "2499.98"),
]
GROSS, DISCOUNT, TOTAL = Decimal("3309.98"), Decimal("37.80"), Decimal("3272.18")


def _line(sku: str, desc: str, qty: int, unit: str, disc: str, total: str) -> ConfirmationLine:
    return ConfirmationLine(sku, desc, qty, Decimal(unit), Decimal(disc), Decimal(total))


@pytest.fixture
def confirmation() -> Confirmation:
    return Confirmation(
        provisional_ref="PRV-2024-0419-A7K3",
        order_uuid="3f2b9c1e-8d4a-4e2f-9b61-0c7d5a2e6f18",
        status="queued",
        captured_at=datetime(2024, 4, 19, 14, 32, tzinfo=UTC),
        currency="USD",
        customer=Party(CUSTOMER_NAME, "C-004512", ["1420 Industrial Pkwy", "Columbus, OH 43219"]),
        rep_name="Jordan Müller",
        lines=[_line(*row) for row in LINES],
        gross=GROSS,
        discount=DISCOUNT,
        total=TOTAL,
        po_number="PO-88123",
        notes="Deliver to dock B.",
        terms="Net 30 days.",
        seller_name="Northwind Wholesale Supply",
        seller_address_lines=["2200 Commerce Drive", "Dayton, OH 45414"],
    )


@pytest.fixture
def big_confirmation(confirmation: Confirmation) -> Confirmation:
    lines = [
        _line(f"SKU-{i:04d}", f"Assorted item number {i}", 1, "10.00", "0", f"{1000 + i}.00")
        for i in range(500)
    ]
    total = sum((line.line_total for line in lines), Decimal(0))
    return dataclasses.replace(
        confirmation, lines=lines, gross=total, discount=Decimal(0), total=total
    )


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _text(pdf: bytes) -> str:
    return "\n".join(_pages(pdf))


def test_lines_totals_and_reference_are_in_the_text(confirmation: Confirmation) -> None:
    text = _text(confirmation_bytes(confirmation))

    for sku, *_, line_total in LINES:
        assert sku in text
        assert f"{Decimal(line_total):,.2f}" in text
    assert "USD 3,309.98" in text
    assert "USD -37.80" in text
    assert "USD 3,272.18" in text
    assert "PRV-2024-0419-A7K3" in text
    assert "Nuts & bolts <M8>" in text  # markup characters are escaped, not parsed


def test_accented_customer_name_survives_extraction(confirmation: Confirmation) -> None:
    assert CUSTOMER_NAME in _text(confirmation_bytes(confirmation))


def test_only_bundled_unicode_fonts_are_used(confirmation: Confirmation) -> None:
    reader = PdfReader(io.BytesIO(confirmation_bytes(confirmation)))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVuSans" in name for name in fonts), fonts


def test_unaccepted_order_is_subject_to_approval(confirmation: Confirmation) -> None:
    text = _text(confirmation_bytes(confirmation))

    assert "Subject to approval" in text
    assert "Order number: pending" in text


def test_accepted_order_shows_number_and_no_approval_notice(confirmation: Confirmation) -> None:
    accepted = dataclasses.replace(confirmation, status="accepted", order_number="SO-2024-105733")
    text = _text(confirmation_bytes(accepted))

    assert "Subject to approval" not in text
    assert "SO-2024-105733" in text
    assert "pending" not in text


def test_long_order_repeats_header_and_numbers_pages(big_confirmation: Confirmation) -> None:
    pages = _pages(confirmation_bytes(big_confirmation))

    assert len(pages) >= 5
    for number, text in enumerate(pages, start=1):
        assert "Unit price" in text
        assert f"Page {number} of {len(pages)}" in text
        assert "PRV-2024-0419-A7K3" in text
    everything = "\n".join(pages)
    for line in big_confirmation.lines:  # no row is lost where the table splits
        assert line.sku in everything
        assert f"{line.line_total:,.2f}" in everything


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_written_file_passes_qpdf_check(confirmation: Confirmation, tmp_path: Path) -> None:
    path = write_confirmation(confirmation, tmp_path / "confirmation.pdf")

    assert path == tmp_path / "confirmation.pdf"
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_fonts_dir_can_be_overridden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert (fonts_dir() / "DejaVuSans.ttf").is_file()
    monkeypatch.setenv("REPAPP_RESOURCES", str(tmp_path))
    assert fonts_dir() == tmp_path / "fonts"


def test_printing_package_does_not_import_qt() -> None:
    package = Path(confirmation_module.__file__).parent
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] in {"PySide6", "PyQt6", "PyQt5"} for n in names), source


def _signature_png() -> bytes:
    """A real PNG drawn with the standard library: a dark diagonal stroke on white."""
    import struct
    import zlib

    width, height = 120, 40
    rows = b"".join(
        b"\x00" + bytes(0 if abs(x // 3 - y) < 2 else 255 for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_split_delivery_tax_price_sources_and_signature(confirmation: Confirmation) -> None:
    from datetime import date

    lines = list(confirmation.lines)
    lines[0] = dataclasses.replace(lines[0], price_source="Break 12+ @ 18.50")
    lines[3] = dataclasses.replace(lines[3], ship_date=date(2024, 6, 3))
    tax = Decimal("269.95")  # 3,272.18 x 8.25% = 269.95
    doc = dataclasses.replace(
        confirmation,
        lines=lines,
        ship_from=date(2024, 5, 1),
        ship_until=date(2024, 5, 15),
        tax_percent=Decimal("8.25"),
        tax=tax,
        total=TOTAL + tax,
        signature_png=_signature_png(),
        signed_by="Ana Ruiz",
        revises_ref="D001-00004",
    )
    pdf = confirmation_bytes(doc)
    text = _text(pdf)
    assert "Ship window: 2024-05-01 to 2024-05-15" in text
    assert "Ships 2024-05-01 to 2024-05-15" in text and "Ships 2024-06-03" in text
    # the split line is printed under its own date, after the lines shipping in the window
    assert text.index("Ships 2024-06-03") < text.index("DRL-77")
    assert text.index("WSH-3300") < text.index("Ships 2024-06-03")
    assert "Break 12+ @ 18.50" in text
    assert "Tax 8.25%" in text and "269.95" in text and "3,542.13" in text
    assert "Buyer's signature: Ana Ruiz" in text
    assert "Revision of: D001-00004" in text
    images = [image for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images]
    assert len(images) == 1

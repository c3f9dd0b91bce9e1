"""Order confirmation PDF: the document a rep hands or emails to the buyer after writing an order.

Renders a `Confirmation` (plain data from `confirmation_data`) with reportlab platypus on US Letter.
Text uses the bundled DejaVu fonts so accented customer and product names print and stay
searchable. Nothing here imports Qt; the GUI only chooses where the file goes.
"""

from __future__ import annotations

import io
import os
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.flowables import Flowable, Image, KeepTogether, Spacer
from reportlab.platypus.frames import Frame
from reportlab.platypus.paragraph import Paragraph
from reportlab.platypus.tables import Table

from repapp.core.money import round_to_cent
from repapp.printing.confirmation_data import Confirmation, ConfirmationLine

__all__ = ["confirmation_bytes", "fonts_dir", "write_confirmation"]

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
APPROVAL_NOTICE = (
    "Subject to approval by head office — prices and availability are confirmed on acceptance."
)
MARGIN = 15 * mm
FOOTER_Y = 9 * mm
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#c8c8c8")
SHADE = colors.HexColor("#ececec")
NOTICE_FILL = colors.HexColor("#fff4d6")
GROUP_FILL = colors.HexColor("#f6f6f6")
ALL = ((0, 0), (-1, -1))  # every cell, for TableStyle commands

_fonts_registered = False


def fonts_dir() -> Path:
    """Folder holding the bundled TTF fonts; a frozen app points REPAPP_RESOURCES at its copy."""
    override = os.environ.get("REPAPP_RESOURCES")
    if override:
        return Path(override) / "fonts"
    return Path(__file__).resolve().parents[2] / "resources" / "fonts"


def _register_fonts() -> None:
    global _fonts_registered
    if _fonts_registered:
        return
    for name in (FONT, FONT_BOLD):
        file = fonts_dir() / f"{name}.ttf"
        if not file.is_file():
            raise FileNotFoundError(f"font {file} is missing (is REPAPP_RESOURCES right?)")
        pdfmetrics.registerFont(TTFont(name, str(file)))
    # No oblique face is shipped; map italics to the upright faces so <i> markup cannot fail.
    family = {"normal": FONT, "bold": FONT_BOLD, "italic": FONT, "boldItalic": FONT_BOLD}
    pdfmetrics.registerFontFamily(FONT, **family)
    _fonts_registered = True


def _style(size: float = 9, bold: bool = False, **kw: Any) -> ParagraphStyle:
    font = FONT_BOLD if bold else FONT
    return ParagraphStyle("s", fontName=font, fontSize=size, leading=size * 1.25, **kw)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    # Data is typed by people ("Nuts & bolts <M8>") and Paragraph parses markup, so escape it.
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _amount(value: Decimal, places: int = 2) -> str:
    return f"{round_to_cent(value) if places == 2 else value:,.{places}f}"


def _unit_price(value: Decimal) -> str:
    # Wholesale prices can carry sub-cent digits (0.125 a piece); printing them rounded to the
    # cent would show a price that does not multiply out to the line total.
    exponent = value.normalize().as_tuple().exponent
    return _amount(value, min(4, max(2, -exponent)) if isinstance(exponent, int) else 2)


class _NumberedCanvas(canvas.Canvas):
    """Two-pass canvas: pages are held until save() so the footer can say "Page x of y"."""

    def __init__(self, *args: Any, footer_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer_text = footer_text
        self._saved_page_states: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved_page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        page_count = len(self._saved_page_states)
        right = self._pagesize[0] - MARGIN
        for state in self._saved_page_states:
            self.__dict__.update(state)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, FOOTER_Y + 9, right, FOOTER_Y + 9)
            self.setFont(FONT, 7)
            self.setFillColor(GREY)
            self.drawString(MARGIN, FOOTER_Y, self._footer_text)
            self.drawRightString(right, FOOTER_Y, f"Page {self._pageNumber} of {page_count}")
            super().showPage()
        super().save()


def _header(doc: Confirmation, width: float) -> Table:
    seller = [_p(doc.seller_name, _style(13, bold=True, spaceAfter=2))]
    seller += [_p(line, _style(9, textColor=GREY)) for line in doc.seller_address_lines]
    zone = doc.captured_at.tzname()
    facts = [
        ("Reference", doc.provisional_ref),
        ("Order number", doc.order_number or "pending"),
        ("Date", doc.captured_at.strftime("%Y-%m-%d %H:%M") + (f" {zone}" if zone else "")),
        *([("PO number", doc.po_number)] if doc.po_number else []),
        *([("Revision of", doc.revises_ref)] if doc.revises_ref else []),
        *([("Ship window", window)] if (window := _window(doc)) else []),
        ("Sales rep", doc.rep_name),
    ]
    right = _style(9, alignment=TA_RIGHT)
    meta = [_p("ORDER CONFIRMATION", _style(16, bold=True, alignment=TA_RIGHT, spaceAfter=6))]
    meta += [Paragraph(f"<b>{label}:</b> {escape(value)}", right) for label, value in facts]
    no_padding = [(f"{side}PADDING", *ALL, 0) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")]
    style = [("FONT", *ALL, FONT), ("VALIGN", *ALL, "TOP"), *no_padding]
    return Table([[seller, meta]], colWidths=[width * 0.55, width * 0.45], style=style)


def _window(doc: Confirmation) -> str:
    if doc.ship_from and doc.ship_until:
        return f"{doc.ship_from:%Y-%m-%d} to {doc.ship_until:%Y-%m-%d}"
    if doc.ship_from:
        return f"from {doc.ship_from:%Y-%m-%d}"
    if doc.ship_until:
        return f"by {doc.ship_until:%Y-%m-%d}"
    return ""


def _ship_groups(doc: Confirmation) -> list[tuple[str, list[ConfirmationLine]]]:
    """Lines by ship date, the order's window first; one unnamed group when nothing is split."""
    dates = sorted({line.ship_date for line in doc.lines if line.ship_date is not None})
    if not dates:
        return [("", list(doc.lines))]
    groups = []
    in_window = [line for line in doc.lines if line.ship_date is None]
    if in_window:
        groups.append((f"Ships {_window(doc) or 'with the order'}", in_window))
    for day in dates:
        groups.append(
            (f"Ships {day:%Y-%m-%d}", [line for line in doc.lines if line.ship_date == day])
        )
    return groups


def _bill_to(doc: Confirmation) -> list[Flowable]:
    customer = doc.customer
    return [
        _p("BILL TO", _style(7.5, bold=True, textColor=GREY, spaceAfter=2)),
        _p(customer.name, _style(11, bold=True)),
        _p(f"Account {customer.account_number}", _style(9)),
        *(_p(line, _style(9)) for line in customer.address_lines),
    ]


def _lines_table(doc: Confirmation, width: float) -> Table:
    cell = _style(8.5)
    cur = doc.currency
    rows: list[list[Any]] = [
        ["SKU", "Description", "Qty", f"Unit price\n{cur}", "Disc %", f"Line total\n{cur}"]
    ]
    group_rows = []
    source = _style(7, textColor=GREY)
    for title, lines in _ship_groups(doc):
        if title:
            group_rows.append(len(rows))
            rows.append([_p(title, _style(8.5, bold=True)), "", "", "", "", ""])
        for line in lines:
            sku = _p(line.sku, cell)
            description: Any = _p(line.description, cell)
            if line.price_source:
                description = [description, _p(line.price_source, source)]
            prices = [_unit_price(line.unit_price), _amount(line.discount_percent)]
            rows.append([sku, description, f"{line.quantity:,}", *prices, _amount(line.line_total)])
    fixed = [88, 36, 64, 42, 70]  # points: SKU, Qty, Unit price, Disc %, Line total
    style: list[Any] = [
        *(("SPAN", (0, row), (-1, row)) for row in group_rows),
        *(("BACKGROUND", (0, row), (-1, row), GROUP_FILL) for row in group_rows),
        ("FONT", *ALL, FONT, 8.5, 10.6),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8, 10),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("TOPPADDING", *ALL, 3),
        ("BOTTOMPADDING", *ALL, 3),
    ]
    widths = [fixed[0], width - sum(fixed), *fixed[1:]]
    return Table(rows, colWidths=widths, repeatRows=1, style=style)


def _totals(doc: Confirmation) -> Table:
    # Shown as a deduction; the guard keeps a zero discount from printing as "-0.00".
    discount = -doc.discount if doc.discount else doc.discount
    cur = doc.currency
    rows = [
        ["Subtotal", f"{cur} {_amount(doc.gross)}"],
        ["Discount", f"{cur} {_amount(discount)}"],
        *(
            [[f"Tax {_amount(doc.tax_percent)}%", f"{cur} {_amount(doc.tax)}"]]
            if doc.tax is not None
            else []
        ),
        ["Total", f"{cur} {_amount(doc.total)}"],
    ]
    style = [
        ("FONT", *ALL, FONT, 9),
        ("FONT", (0, -1), (-1, -1), FONT_BOLD, 10.5),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
        ("TOPPADDING", (0, -1), (-1, -1), 5),
    ]
    return Table(rows, colWidths=[80, 110], hAlign="RIGHT", style=style)


def _approval_notice(width: float) -> Table:
    style = [
        ("FONT", *ALL, FONT),  # tables set a cell font even for Paragraphs; default Helvetica
        ("BOX", *ALL, 1, colors.black),
        ("BACKGROUND", *ALL, NOTICE_FILL),
        ("TOPPADDING", *ALL, 5),
        ("BOTTOMPADDING", *ALL, 6),
    ]
    return Table([[_p(APPROVAL_NOTICE, _style(9.5, bold=True))]], colWidths=[width], style=style)


def _signature(doc: Confirmation) -> list[Flowable]:
    if not doc.signature_png:
        return []
    picture = Image(io.BytesIO(doc.signature_png))
    scale = min(70 * mm / picture.imageWidth, 22 * mm / picture.imageHeight, 1.0)
    picture.drawWidth, picture.drawHeight = picture.imageWidth * scale, picture.imageHeight * scale
    picture.hAlign = "LEFT"
    caption = "Buyer's signature" + (f": {doc.signed_by}" if doc.signed_by else "")
    heading = _p(caption, _style(9, bold=True, spaceBefore=8, spaceAfter=2))
    return [KeepTogether([heading, picture])]


def _section(title: str, text: str) -> KeepTogether:
    heading = _p(title, _style(9, bold=True, spaceBefore=8, spaceAfter=2))
    return KeepTogether([heading, _p(text, _style(8.5))])


def _story(doc: Confirmation, width: float) -> list[Flowable]:
    story = [_header(doc, width), Spacer(1, 8 * mm), *_bill_to(doc), Spacer(1, 6 * mm)]
    if doc.status != "accepted":
        story += [_approval_notice(width), Spacer(1, 5 * mm)]
    story += [_lines_table(doc, width), Spacer(1, 4 * mm), _totals(doc)]
    sections = (("Notes", doc.notes), ("Terms", doc.terms))
    story += [_section(title, text) for title, text in sections if text]
    return story + _signature(doc)


def confirmation_bytes(doc: Confirmation) -> bytes:
    """Render the confirmation and return the PDF file's bytes."""
    _register_fonts()
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=letter,
        initialFontName=FONT,  # otherwise every page also references Helvetica
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,  # room for the footer drawn by _NumberedCanvas
        title=f"Order confirmation {doc.provisional_ref}",
        author=doc.seller_name,
        subject=f"Order confirmation for {doc.customer.name}",
    )
    # Zero frame padding so paragraphs line up with the full-width tables at the margin.
    box = (template.leftMargin, template.bottomMargin, template.width, template.height)
    frame = Frame(*box, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    footer = f"Ref {doc.provisional_ref}  ·  Order {doc.order_uuid}"
    canvasmaker = partial(_NumberedCanvas, footer_text=footer)
    template.build(_story(doc, template.width), canvasmaker=canvasmaker)
    return buffer.getvalue()


def write_confirmation(doc: Confirmation, path: Path) -> Path:
    """Write the confirmation PDF to `path` and return it."""
    # Render fully before opening the file so a failure never leaves a truncated PDF behind.
    path.write_bytes(confirmation_bytes(doc))
    return path

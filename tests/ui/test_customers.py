"""The customer side of the desk, driven from the keyboard: credit warnings as of the last sync,
prospects typed in or read from a scanned badge, and reordering from an account's history."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from repapp.models import Customer, OutboxEntry
from repapp.models.orders import DRAFT, QUEUED
from repapp.services.workspace import Workspace
from repapp.sync.apply import apply_changes
from repapp.sync.protocol import Change, OrderPayload
from repapp.ui.main_window import MainWindow
from repapp.ui.prospect_dialog import ProspectDialog
from repapp.ui.qt import QApplication, Qt, QWidget
from repapp.ui.reorder_dialog import ReorderDialog
from repapp.ui.tasks import TaskManager
from tests.sample_store import MUG_BARCODE

AS_OF = f"{datetime.fromisoformat('2025-03-14T09:30:00+00:00').astimezone():%d %b %H:%M}"

# A badge printer's vCard 2.1: the scanner types ASCII, accents travel quoted-printable.
BADGE = [
    "BEGIN:VCARD",
    "VERSION:2.1",
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Fran=C3=A7ois;Z=C3=A9lie",
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Z=C3=A9lie Fran=C3=A7ois",
    "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9 No=C3=ABl\\, Maison;Achats",
    "TITLE:Buyer",
    "ADR;WORK:;;12 rue Saint-Paul;Montreal;QC;H2Y 1G6;Canada",
    "TEL;WORK;VOICE:+1 514 555 0142",
    "EMAIL;INTERNET:zelie@cafenoel.example",
    "END:VCARD",
]


def choose(qtbot: QtBot, window: MainWindow, account: str) -> None:
    qtbot.waitUntil(lambda: window.customers.select_account(account))
    qtbot.waitUntil(lambda: (c := window.customers.selected()) and c.account_number == account)


def press(qtbot: QtBot, widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())
    qtbot.keyClick(widget, key, modifiers)


def type_into(qtbot: QtBot, field: QWidget, text: str) -> None:
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, text)


def scan_lines(qtbot: QtBot, box: QWidget, lines: list[str]) -> None:
    """A keyboard-wedge scanner: each line's characters, then Enter."""
    for line in lines:
        qtbot.keyClicks(box, line)
        qtbot.keyClick(box, Qt.Key.Key_Return)


def open_prospect_form(qtbot: QtBot, window: MainWindow) -> ProspectDialog:
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(qtbot, window, Qt.Key.Key_N, ctrl_shift)
    qtbot.waitUntil(lambda: window.findChild(ProspectDialog) is not None)
    dialog = window.findChild(ProspectDialog)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitUntil(dialog.badge.hasFocus)  # ready for the badge scanner
    return dialog


# -- credit -----------------------------------------------------------------------------------


@pytest.fixture
def overdue_account(workspace: Workspace) -> None:
    with workspace.store.transaction() as session:
        session.execute(
            update(Customer)
            .where(Customer.account_number == "C1001")
            .values(overdue_amount=Decimal("480.25"), open_balance=Decimal("4700"))
        )


def test_the_credit_banner_says_what_is_wrong_as_of_the_last_sync(
    qtbot: QtBot, overdue_account: None, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    panel = window.customers
    choose(qtbot, window, "C1002")  # held, and over its limit
    assert panel.hold_banner.isVisible() and panel.credit_warning.isVisible()
    assert panel.credit_warning.text() == (
        f"Credit as of {AS_OF}:\n"
        "• On credit hold: orders go to the office for approval.\n"
        "• Credit exhausted: the balance of USD 250.00 is USD 150.00 over the USD 100.00 limit."
    )
    assert panel.figures["overdue"].text() == "USD 0.00"

    choose(qtbot, window, "C1001")  # overdue, and nearly at its limit
    assert not panel.hold_banner.isVisible() and panel.credit_warning.isVisible()
    assert panel.credit_warning.text() == (
        f"Credit as of {AS_OF}:\n"
        "• USD 480.25 overdue.\n"
        "• Credit short: only USD 300.00 left of the USD 5,000.00 limit."
    )
    overdue = panel.figures["overdue"]
    assert overdue.text() == "USD 480.25" and overdue.property("short") is True

    choose(qtbot, window, "C1003")  # in good standing: nothing to say
    assert not panel.credit_warning.isVisible() and not panel.hold_banner.isVisible()
    assert panel.figures["overdue"].property("short") is False


# -- prospects --------------------------------------------------------------------------------


def test_a_prospect_typed_in_is_listed_and_gets_an_order(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tasks: TaskManager
) -> None:
    dialog = open_prospect_form(qtbot, window)
    fields = dialog.fields
    type_into(qtbot, fields["contact_name"], "Noah Kim")
    type_into(qtbot, fields["email"], "noah@pineandco")  # no domain ending
    type_into(qtbot, fields["country"], "usa")
    qtbot.keyClick(fields["country"], Qt.Key.Key_Tab)
    assert fields["country"].text() == "US"  # tidied as the rep leaves the field
    qtbot.keyClick(fields["email"], Qt.Key.Key_Return)  # Enter saves
    assert "Company name is needed" in dialog.problems.text()
    assert "“noah@pineandco” does not look like an e-mail address" in dialog.problems.text()
    assert fields["name"].property("refused") and fields["email"].property("refused")
    assert fields["name"].hasFocus()  # the first field to fix
    assert (fields["contact_name"].text(), fields["email"].text()) == ("Noah Kim", "noah@pineandco")

    qtbot.keyClicks(fields["name"], "Pine & Co")
    assert not fields["name"].property("refused")  # typing clears the mark
    type_into(qtbot, fields["email"], ".example")  # the cursor was left at the end
    dialog.ship_elsewhere.setFocus()
    qtbot.keyClick(dialog.ship_elsewhere, Qt.Key.Key_Space)
    qtbot.waitUntil(fields["ship_street"].hasFocus)
    assert dialog.ship_box.isVisible()
    qtbot.keyClicks(fields["ship_street"], "88 Depot Rd")
    qtbot.keyClick(fields["ship_street"], Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Belgrade")  # Tab went on to the city
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(ProspectDialog) is None)  # closed, deleted

    panel = window.customers
    qtbot.waitUntil(lambda: (c := panel.selected()) is not None and c.prospect)
    prospect = panel.selected()
    assert prospect.account_number == "NEW-D001-1" and prospect.name == "Pine & Co"
    item = panel.accounts.currentItem()
    assert item.text().startswith("Pine & Co\nNEW-D001-1")
    assert item.toolTip() == "Prospect written on this laptop: no account yet"  # and tagged
    assert panel.credit_warning.isVisible() and "Prospect written on this laptop" in (
        panel.credit_warning.text()
    )
    assert "saved as NEW-D001-1" in window.statusBar().currentMessage()

    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # New order
    qtbot.waitUntil(lambda: window.order.view is not None)
    qtbot.keyClicks(window.catalog.scan, MUG_BARCODE)
    qtbot.keyClick(window.catalog.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.order.finish.isEnabled())
    assert window.order.customer.text() == "Pine & Co  ·  NEW-D001-1"
    qtbot.mouseClick(window.order.finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: workspace.desk.orders((QUEUED,)) != [])
    qtbot.waitUntil(lambda: tasks.pending == 0)
    with workspace.store.reading() as session:
        payload = OrderPayload.model_validate(json.loads(session.query(OutboxEntry).one().payload))
    assert payload.customer_account == "NEW-D001-1"
    assert payload.prospect is not None
    assert (payload.prospect.name, payload.prospect.email, payload.prospect.country) == (
        "Pine & Co",
        "noah@pineandco.example",
        "US",
    )
    assert payload.prospect.ship_to == "Pine & Co, 88 Depot Rd, Belgrade"


def test_a_scanned_badge_fills_the_form(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    dialog = open_prospect_form(qtbot, window)
    type_into(qtbot, dialog.fields["phone"], "typed first")  # overwritten by the badge's phone
    press(qtbot, dialog, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert dialog.badge.hasFocus()
    scan_lines(qtbot, dialog.badge, BADGE)
    fields = dialog.fields
    qtbot.waitUntil(lambda: fields["name"].text() != "")
    assert {key: field.text() for key, field in fields.items() if field.text()} == {
        "name": "Café Noël, Maison",
        "contact_name": "Zélie François",
        "title": "Buyer",
        "street": "12 rue Saint-Paul",
        "city": "Montreal",
        "region": "QC",
        "postcode": "H2Y 1G6",
        "country": "CA",
        "phone": "+1 514 555 0142",
        "email": "zelie@cafenoel.example",
    }
    assert dialog.badge.toPlainText() == ""  # ready for the next badge
    assert dialog.badge_message.text().startswith("Filled from the badge (vCard 2.1)")
    assert fields["name"].hasFocus()
    qtbot.keyClick(fields["name"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.findChild(ProspectDialog) is None)  # closed, deleted
    qtbot.waitUntil(lambda: (c := window.customers.selected()) is not None and c.prospect)
    assert window.customers.selected().name == "Café Noël, Maison"
    with workspace.store.reading() as session:
        saved = session.get(Customer, "NEW-D001-1")
        assert (saved.contact_name, saved.country, saved.email) == (
            "Zélie François",
            "CA",
            "zelie@cafenoel.example",
        )


def test_garbage_scanned_into_the_badge_box_changes_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = open_prospect_form(qtbot, window)
    type_into(qtbot, dialog.fields["name"], "Harbor Kites")
    dialog.badge.setFocus()
    scan_lines(qtbot, dialog.badge, [MUG_BARCODE])  # a product barcode, not a badge
    qtbot.waitUntil(lambda: "Not read" in dialog.badge_message.text())
    assert dialog.badge_message.text() == (
        f"Not read: not a vCard or MECARD badge (it starts “{MUG_BARCODE}”). Nothing was changed."
    )
    assert dialog.badge_message.property("refused") is True
    scan_lines(qtbot, dialog.badge, BADGE[:4])  # the next scan replaces it, and stops short
    qtbot.waitUntil(lambda: "truncated vCard" in dialog.badge_message.text())
    assert {key: f.text() for key, f in dialog.fields.items() if f.text()} == {
        "name": "Harbor Kites"
    }
    press(qtbot, dialog, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(lambda: window.findChild(ProspectDialog) is None)
    assert window.customers.accounts.count() == 3  # nothing was saved


# -- reorder ----------------------------------------------------------------------------------


def _past_order(
    uuid: str, captured_at: str, number: str, lines: list[tuple[str, int, str]]
) -> Change:
    return Change(
        entity="order",
        key=uuid,
        op="put",
        version=1,
        data={
            "order_uuid": uuid,
            "order_number": number,
            "provisional_ref": "D000-00001",
            "customer_account": "C1001",
            "status": "accepted",
            "reasons": [],
            "captured_at": captured_at,
            "currency": "USD",
            "total": str(sum(Decimal(p) * q for _sku, q, p in lines)),
            "lines": [
                {"sku": s, "quantity": q, "unit_price": p, "discount_percent": "0"}
                for s, q, p in lines
            ],
        },
    )


@pytest.fixture
def history(workspace: Workspace) -> None:
    with workspace.store.transaction() as session:
        apply_changes(
            session,
            [
                _past_order(
                    "22222222-0000-4000-8000-000000000001",
                    "2025-01-20T15:00:00+00:00",
                    "SO-000017",
                    [("MUG-1", 12, "3.00"), ("OLD-3", 6, "1.00"), ("GEN-10001", 4, "1.57")],
                ),
                _past_order(
                    "22222222-0000-4000-8000-000000000002",
                    "2025-02-28T11:00:00+00:00",
                    "SO-000042",
                    [("VASE-2", 2, "18.50")],
                ),
            ],
        )


def test_reorder_lists_past_orders_and_copies_one_at_todays_prices(
    qtbot: QtBot,
    history: None,
    open_window: Callable[[], MainWindow],
    workspace: Workspace,
    tasks: TaskManager,
) -> None:
    window = open_window()
    choose(qtbot, window, "C1001")
    qtbot.mouseClick(window.customers.new_order, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.order.view is not None)  # started, then thought better of
    untouched = window.order.view.uuid
    press(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(ReorderDialog) is not None)
    dialog = window.findChild(ReorderDialog)
    qtbot.waitUntil(lambda: dialog.orders.rowCount() == 2)
    table = dialog.orders
    rows = [[table.item(r, c).text() for c in range(5)] for r in range(2)]
    assert [row[1:] for row in rows] == [
        ["SO-000042", "accepted", "1", "USD 37.00"],  # newest first
        ["SO-000017", "accepted", "3", "USD 48.28"],
    ]
    assert (
        rows[1][0] == f"{datetime.fromisoformat('2025-01-20T15:00:00+00:00').astimezone():%d %b %Y}"
    )
    assert dialog.lines.item(0, 1).text() == "Crème brûlée ramekin, terracotta"

    qtbot.keyClick(table, Qt.Key.Key_Down)  # the older order
    qtbot.waitUntil(lambda: dialog.lines.rowCount() == 3)
    assert [dialog.lines.item(r, 1).text() for r in range(3)] == [
        "Café mug",
        "Discontinued mug: no longer sold",
        "Nordic Planter no. 1",
    ]
    qtbot.keyClick(table, Qt.Key.Key_Return)  # Copy into a new order
    qtbot.waitUntil(lambda: window.findChild(ReorderDialog) is None)

    order = window.order
    qtbot.waitUntil(lambda: order.view is not None and len(order.view.lines) == 2)
    assert [(line.sku, line.quantity) for line in order.view.lines] == [
        ("MUG-1", 12),
        ("GEN-10001", 4),
    ]
    assert order.view.status == DRAFT and order.view.customer_account == "C1001"
    assert order.model.line(0).priced.unit_price.amount == Decimal("3.10")  # today's Tier B
    assert "Not copied:\n• OLD-3 Discontinued mug: no longer sold" in order.message.text()
    assert "MUG-1 Café mug: 3.00 then, 3.10 now (Tier B)" in order.message.text()
    assert window.statusBar().currentMessage() == (
        "Order SO-000017 of 20 Jan 2025 copied: 2 lines at today's prices."
    )
    qtbot.waitUntil(lambda: tasks.pending == 0)
    drafts = [o.uuid for o in workspace.desk.orders((DRAFT,))]
    assert drafts == [order.view.uuid] and untouched not in drafts  # the empty one is gone


def test_reorder_for_an_account_without_history_says_so(qtbot: QtBot, window: MainWindow) -> None:
    choose(qtbot, window, "C1003")
    qtbot.mouseClick(window.customers.reorder, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(ReorderDialog) is not None)
    dialog = window.findChild(ReorderDialog)
    qtbot.waitUntil(lambda: "No past orders" in dialog.hint.text())
    assert dialog.orders.rowCount() == 0 and not dialog.copy_button.isEnabled()
    dialog.reject()
    qtbot.waitUntil(lambda: window.findChild(ReorderDialog) is None)
    assert window.order.view is None
    assert QApplication.activeModalWidget() is None

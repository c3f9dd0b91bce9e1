"""End to end with the real server process (SQLite and PostgreSQL): a prospect written before the
laptop's first sign-in goes to the office as a new account, and the order history a pull brings
is what the rep reorders from."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from repapp.models import Customer, PastOrder
from repapp.server_process import ServerProcess
from repapp.services.prospects import ProspectDetails, Prospects
from repapp.services.reorder import Reorder
from repapp.services.workspace import Workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace.open(tmp_path / "laptop" / "rep.db")
    yield ws
    ws.close()


def test_a_prospect_order_goes_to_approval_and_history_comes_back(
    demo_server: ServerProcess, workspace: Workspace
) -> None:
    # At the booth before ever signing in: the prospect still gets a number.
    prospect = Prospects(workspace.store).create(
        ProspectDetails(
            name="Café Lumière",
            city="Montréal",
            country="Canada",
            contact_name="Élodie Martin",
            email="elodie@lumiere.example",
        )
    )
    assert prospect.account_number == "NEW-LOCAL-1"

    workspace.sign_in(demo_server.url, "rep", "demo")
    workspace.sync()
    with workspace.store.reading() as session:
        history = session.scalars(select(PastOrder).order_by(PastOrder.order_number)).all()
        assert [(o.customer_account, o.status) for o in history] == [
            ("C1001", "accepted"),
            ("C1001", "accepted"),
            ("C1002", "accepted"),
            ("C1004", "accepted"),
        ]
        assert session.get(Customer, "NEW-LOCAL-1").prospect  # the sync left it alone
        assert session.scalar(select(func.count()).select_from(Customer)) == 41

    reorder = Reorder(workspace.desk)
    older = reorder.history("C1001")[-1]
    assert [line.sku for line in older.lines if not line.sold] == ["MUG-09042"]
    copied = reorder.copy("C1001", older.uuid)
    assert copied.skipped == ["MUG-09042: no longer sold"]
    assert len(copied.order.lines) == 2
    assert copied.changed  # last season's prices were 4 % lower
    workspace.desk.discard(copied.order.uuid)

    desk = workspace.desk
    uuid = desk.start_order("NEW-LOCAL-1")
    for hit in workspace.catalog.search("mug", limit=2):
        desk.add_product(uuid, hit.sku)
    desk.finish(uuid)
    summary = workspace.sync()
    assert summary.pushed == 1 and summary.verdicts == {"needs_approval": 1}
    order = desk.view(uuid)
    assert order.status == "needs_approval" and order.prospect
    assert order.reasons == ["new account: Café Lumière (a prospect written offline)"]

    # The pull after the push brings the order back as the prospect's history too.
    assert [(o.uuid, o.status) for o in reorder.history("NEW-LOCAL-1")] == [
        (uuid, "needs_approval")
    ]

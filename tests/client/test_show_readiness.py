"""Ready for the show: catalog, prices for the rep's accounts, pictures on disk, fresh stock."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import update

from repapp.models import Customer, Price, Product
from repapp.services.show_readiness import age_text, read_readiness
from repapp.services.workspace import Workspace
from repapp.sync import state

COUNTED = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)  # the sample store's stock "as of"


def details(workspace: Workspace, now: datetime, **options: timedelta) -> dict[str, str]:
    found = read_readiness(workspace.store, workspace.images, now, **options)
    return {check.name: ("ok: " if check.ok else "NO: ") + check.detail for check in found.checks}


def put_state(workspace: Workspace, key: str, value: str) -> None:
    with workspace.store.transaction() as session:
        state.put(session, key, value)


def test_a_laptop_that_never_synced_is_not_ready(tmp_path: Path) -> None:
    empty = Workspace.open(tmp_path / "new.db")
    try:
        found = read_readiness(empty.store, empty.images, COUNTED)
        assert found.headline() == "Not ready: catalog, prices, stock"
        assert details(empty, COUNTED) == {
            "Catalog": "NO: No catalog on this laptop yet: sync first.",
            "Prices": "NO: No accounts on this laptop yet: sync first.",
            "Pictures": "ok: The catalog has no pictures to download.",
            "Stock": "NO: No stock figures yet: sync first.",
        }
        assert found.last_sync_text() == "Never synced on this laptop"
    finally:
        empty.close()


def test_a_synced_laptop_with_fresh_stock_is_ready(workspace: Workspace) -> None:
    now = COUNTED + timedelta(hours=3)
    put_state(workspace, state.LAST_SYNC, (now - timedelta(minutes=5)).isoformat())
    found = read_readiness(workspace.store, workspace.images, now)
    assert found.ready and found.headline() == "✓ Ready for the show"
    assert details(workspace, now) == {
        "Catalog": "ok: 2 products on this laptop.",  # the discontinued mug is not counted
        "Prices": "ok: Prices for your accounts' price list TIER-B.",
        "Pictures": "ok: The catalog has no pictures to download.",
        "Stock": "ok: Stock counted 3 h ago.",
    }
    assert found.last_sync_text() == "Last synced 5 min ago"


def test_stock_older_than_the_limit_is_not_ready_and_the_limit_is_configurable(
    workspace: Workspace,
) -> None:
    a_day_later = COUNTED + timedelta(hours=25)
    found = read_readiness(workspace.store, workspace.images, a_day_later)
    assert found.headline() == "Not ready: stock"
    assert details(workspace, a_day_later)["Stock"] == (
        "NO: Stock counted 25 h ago: sync for figures you can promise from."
    )
    assert read_readiness(
        workspace.store, workspace.images, a_day_later, stock_max_age=timedelta(hours=48)
    ).ready
    put_state(workspace, state.AS_OF, "not a time")
    assert details(workspace, a_day_later)["Stock"] == "NO: No stock figures yet: sync first."


def test_time_passing_ages_the_stock_without_reading_again(workspace: Workspace) -> None:
    put_state(workspace, state.LAST_SYNC, COUNTED.isoformat())
    morning = read_readiness(workspace.store, workspace.images, COUNTED + timedelta(hours=1))
    assert morning.ready and morning.last_sync_text() == "Last synced 1 h ago"
    workspace.close()  # nothing is read from here on
    next_day = morning.at(COUNTED + timedelta(hours=30))
    assert next_day.headline() == "Not ready: stock"
    assert next_day.missing[0].detail == (
        "Stock counted 30 h ago: sync for figures you can promise from."
    )
    assert next_day.last_sync_text() == "Last synced 30 h ago"
    assert [c.name for c in next_day.checks] == ["Catalog", "Prices", "Pictures", "Stock"]


def test_an_account_price_list_without_prices_is_not_ready(workspace: Workspace) -> None:
    now = COUNTED + timedelta(hours=1)
    with workspace.store.transaction() as session:
        session.execute(
            update(Customer).where(Customer.account_number == "C1003").values(price_list_code="Q")
        )
    assert details(workspace, now)["Prices"] == (
        "NO: No prices yet for Q (used by your accounts): sync."
    )
    with workspace.store.transaction() as session:  # the account moved to another rep
        session.execute(
            update(Customer).where(Customer.account_number == "C1003").values(assigned=False)
        )
    assert details(workspace, now)["Prices"] == "ok: Prices for your accounts' price list TIER-B."
    with workspace.store.transaction() as session:  # back, and the list's prices came too
        session.execute(
            update(Customer).where(Customer.account_number == "C1003").values(assigned=True)
        )
        session.add(Price(list_code="Q", sku="MUG-1", min_qty=1, unit_price=Decimal("3")))
    assert details(workspace, now)["Prices"] == "ok: Prices for all 2 price lists of your accounts."


def test_pictures_not_downloaded_yet_are_not_ready(workspace: Workspace) -> None:
    now = COUNTED + timedelta(hours=1)
    pictures = [f"picture {n}".encode() for n in range(3)]
    shas = [hashlib.sha256(data).hexdigest() for data in pictures]
    with workspace.store.transaction() as session:
        session.execute(update(Product).where(Product.sku == "MUG-1").values(images=" ".join(shas)))
        session.execute(update(Product).where(Product.sku == "VASE-2").values(images=shas[0]))
    assert details(workspace, now)["Pictures"] == (
        "NO: None of the 3 pictures is on this laptop yet: Download pictures (Ctrl+Shift+P)."
    )
    workspace.images.store(shas[0], pictures[0])
    workspace.images.store(shas[1], pictures[1])
    half = workspace.images.path(shas[2]).with_suffix(".part")  # a download that broke off
    half.parent.mkdir(parents=True, exist_ok=True)
    half.write_bytes(pictures[2][:3])
    found = read_readiness(workspace.store, workspace.images, now)
    assert found.headline() == "Not ready: pictures"
    assert details(workspace, now)["Pictures"] == (
        "NO: 1 of 3 pictures still to download: Download pictures (Ctrl+Shift+P)."
    )
    workspace.images.store(shas[2], pictures[2])
    assert details(workspace, now)["Pictures"] == "ok: All 3 pictures on this laptop."
    assert read_readiness(workspace.store, workspace.images, now).ready


def test_ages_read_like_a_person_says_them() -> None:
    now = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
    assert age_text(now - timedelta(seconds=59), now) == "just now"
    assert age_text(now + timedelta(minutes=5), now) == "just now"  # a clock set back
    assert age_text(now - timedelta(minutes=5, seconds=40), now) == "5 min ago"
    assert age_text(now - timedelta(minutes=59), now) == "59 min ago"
    assert age_text(now - timedelta(hours=1), now) == "1 h ago"
    assert age_text(now - timedelta(hours=47), now) == "47 h ago"
    assert age_text(now - timedelta(days=3, hours=2), now) == "3 days ago"

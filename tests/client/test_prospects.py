"""Prospects written on the show floor: numbered on this laptop, orderable, sent with the order,
and never taken away by a sync."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import delete, select

from repapp.core.badges import read_badge
from repapp.models import Customer, OutboxEntry, SyncState
from repapp.services.prospects import (
    NEXT_PROSPECT,
    ProspectDetails,
    ProspectRefused,
    Prospects,
    fields_from_badge,
    problems,
)
from repapp.services.workspace import Workspace
from repapp.sync import state
from repapp.sync.apply import apply_changes
from repapp.sync.protocol import Change, OrderPayload

LUMIERE = ProspectDetails(
    name="  Café   Lumière ",
    street="4 rue Sainte-Catherine",
    city="Montréal",
    region="QC",
    postcode="H2X 1K4",
    country="Canada",
    contact_name="Élodie Martin",
    title="Acheteuse",
    email="elodie@lumiere.example",
    phone="+1 514 555 0123",
)


def test_a_prospect_is_a_customer_with_a_temporary_account_number(workspace: Workspace) -> None:
    created = Prospects(workspace.store).create(LUMIERE)
    assert created.account_number == "NEW-D001-1"
    with workspace.store.reading() as session:
        row = session.get(Customer, "NEW-D001-1")
        assert row is not None
        assert (row.name, row.city, row.country, row.contact_name, row.email) == (
            "Café Lumière",  # spaces tidied
            "Montréal",
            "CA",  # the country as its code
            "Élodie Martin",
            "elodie@lumiere.example",
        )
        assert row.prospect and row.assigned and not row.credit_hold
        assert (row.currency, row.tax_percent, row.credit_limit, row.open_balance) == (
            "USD",
            Decimal(0),
            Decimal(0),
            Decimal(0),
        )
        assert row.ship_to_addresses == []  # goods go to the company's address
        assert row.people == [
            {
                "name": "Élodie Martin",
                "role": "Acheteuse",
                "email": "elodie@lumiere.example",
                "phone": "+1 514 555 0123",
            }
        ]
    assert "NEW-D001-1" in [c.account_number for c in workspace.desk.customers("lumi")]


def test_numbers_never_repeat_and_work_before_the_first_sign_in(workspace: Workspace) -> None:
    prospects = Prospects(workspace.store)
    with workspace.store.transaction() as session:  # a laptop never signed in
        session.execute(delete(SyncState).where(SyncState.key == state.DEVICE_PREFIX))
    first = prospects.create(ProspectDetails(name="Bluebird Paper"))
    second = prospects.create(ProspectDetails(name="Thistle & Co"))
    assert (first.account_number, second.account_number) == ("NEW-LOCAL-1", "NEW-LOCAL-2")
    with workspace.store.transaction() as session:
        session.execute(delete(Customer).where(Customer.account_number == "NEW-LOCAL-2"))
        state.put(session, state.DEVICE_PREFIX, "D007")  # signed in since
    third = prospects.create(ProspectDetails(name="Copper Kettle"))
    assert third.account_number == "NEW-D007-3"  # 2 was used once: never again
    with workspace.store.transaction() as session:  # a restored backup: the counter went back
        state.put(session, NEXT_PROSPECT, 1)
        state.put(session, state.DEVICE_PREFIX, "")
    fourth = prospects.create(ProspectDetails(name="Saffron Home"))
    assert fourth.account_number == "NEW-LOCAL-2"  # 1 is still on the laptop: skipped


def test_the_currency_is_the_one_most_accounts_buy_in(workspace: Workspace) -> None:
    with workspace.store.transaction() as session:
        for n in range(4):
            session.add(
                Customer(
                    account_number=f"K{n}",
                    name=f"Kanata {n}",
                    currency="CAD",
                    credit_limit=Decimal(0),
                    open_balance=Decimal(0),
                )
            )
    assert Prospects(workspace.store).create(LUMIERE).currency == "CAD"  # 4 CAD to 3 USD


def test_a_laptop_without_accounts_writes_prospects_in_dollars(tmp_path) -> None:  # type: ignore[no-untyped-def]
    empty = Workspace.open(tmp_path / "new.db")
    try:
        created = Prospects(empty.store).create(ProspectDetails(name="Magnolia Market"))
        assert (created.account_number, created.currency) == ("NEW-LOCAL-1", "USD")
    finally:
        empty.close()


def test_a_different_ship_to_address_is_kept_as_its_ship_to(workspace: Workspace) -> None:
    details = ProspectDetails(
        name="Juniper Outfitters",
        city="Bozeman",
        country="US",
        ship_elsewhere=True,
        ship_street="88 Depot Rd, Dock 2",
        ship_city="Belgrade",
        ship_region="MT",
        ship_postcode="59714",
    )
    created = Prospects(workspace.store).create(details)
    assert created.ship_to_addresses == [
        {
            "code": "SHIP",
            "name": "Juniper Outfitters",
            "street": "88 Depot Rd, Dock 2",
            "city": "Belgrade",
            "region": "MT",
            "postcode": "59714",
            "country": "US",
            "is_default": True,
        }
    ]


@pytest.mark.parametrize(
    ("details", "field", "words"),
    [
        (ProspectDetails(name="   "), "name", "Company name is needed"),
        (
            ProspectDetails(name="A", email="elodie@lumiere"),
            "email",
            "does not look like an e-mail",
        ),
        (ProspectDetails(name="A", email="a b@c.com x"), "email", "does not look like"),
        (ProspectDetails(name="A", phone="ask at desk"), "phone", "has no digits"),
        (ProspectDetails(name="A", country="Narnia"), "country", "type the two-letter code"),
        (
            ProspectDetails(name="A", postcode="9" * 21),
            "postcode",
            "21 characters long; 20 at most",
        ),
        (ProspectDetails(name="A", ship_elsewhere=True), "ship_street", "needed for a different"),
    ],
)
def test_bad_details_are_refused_field_by_field_and_nothing_is_saved(
    workspace: Workspace, details: ProspectDetails, field: str, words: str
) -> None:
    assert words in problems(details)[field]
    with pytest.raises(ProspectRefused) as refused:
        Prospects(workspace.store).create(details)
    assert words in refused.value.problems[field]
    with workspace.store.reading() as session:
        assert session.scalars(select(Customer).where(Customer.prospect)).all() == []
        assert state.get(session, NEXT_PROSPECT) == ""  # no number used up


def test_ship_to_fields_do_not_count_when_goods_go_to_the_company() -> None:
    assert problems(ProspectDetails(name="A", ship_country="Narnia")) == {}


def test_an_order_for_a_prospect_carries_the_prospect_to_the_office(
    workspace: Workspace,
) -> None:
    details = ProspectDetails(
        name="Café Lumière",
        city="Montréal",
        ship_elsewhere=True,
        ship_street="1 Dock",
        ship_city="Laval",
    )
    account = Prospects(workspace.store).create(details).account_number
    desk = workspace.desk
    uuid = desk.start_order(account)
    desk.add_product(uuid, "MUG-1")
    finished = desk.finish(uuid)
    assert finished.status == "queued" and finished.prospect
    with workspace.store.reading() as session:
        entry = session.scalars(select(OutboxEntry)).one()
    payload = OrderPayload.model_validate(json.loads(entry.payload))
    assert payload.customer_account == account
    assert payload.prospect is not None
    assert (payload.prospect.name, payload.prospect.city, payload.prospect.ship_to) == (
        "Café Lumière",
        "Montréal",
        "Café Lumière, 1 Dock, Laval",
    )
    assert payload.lines[0].unit_price == Decimal("3.35")  # list price: no price list yet


def test_a_sync_never_deletes_a_prospect(workspace: Workspace) -> None:
    prospects = Prospects(workspace.store)
    plain = prospects.create(ProspectDetails(name="Willow Books")).account_number
    ordered = prospects.create(ProspectDetails(name="Maple Crafts")).account_number
    workspace.desk.start_order(ordered)
    with workspace.store.transaction() as session:
        apply_changes(
            session,
            [
                Change(entity="customer", key=key, op="delete", version=n)
                for n, key in enumerate([plain, ordered, "C1003"], start=1)
            ],
        )
    with workspace.store.reading() as session:
        for key in (plain, ordered):
            row = session.get(Customer, key)
            assert row is not None and row.prospect and row.assigned
        assert session.get(Customer, "C1003") is None  # the server's own account does go
    listed = [c.account_number for c in workspace.desk.customers()]
    assert plain in listed and ordered in listed


def test_a_badge_fills_company_from_org_else_from_the_person() -> None:
    with_org = read_badge(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Noah Kim\nORG:Pine & Co\nTITLE:Owner\n"
        "ADR:;;9 Elm St;Asheville;NC;28801;USA\nTEL:828-555-0101\nEND:VCARD"
    )
    assert fields_from_badge(with_org) == {
        "name": "Pine & Co",
        "contact_name": "Noah Kim",
        "title": "Owner",
        "street": "9 Elm St",
        "city": "Asheville",
        "region": "NC",
        "postcode": "28801",
        "country": "US",
        "phone": "828-555-0101",
    }
    alone = read_badge("MECARD:N:Ferreira,Zoë;EMAIL:zoe@example.com;;")
    assert fields_from_badge(alone) == {
        "name": "Zoë Ferreira",
        "contact_name": "Zoë Ferreira",
        "email": "zoe@example.com",
    }

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repapp.core.money import Money
from repapp.core.price_rules import (
    Buyer,
    ContractPrice,
    PriceBreak,
    PricedProduct,
    PriceList,
    PriceRuleError,
    PriceSource,
    Promotion,
    ResolvedPrice,
    SourceKind,
    next_break,
    price_order_line,
    resolve_price,
)
from repapp.core.pricing import order_totals

ON = date(2024, 11, 20)  # the trade show
Kind = Literal["percent", "fixed"]
Scope = Literal["all", "sku", "category", "brand"]


def breaks(*pairs: tuple[int, str]) -> tuple[PriceBreak, ...]:
    return tuple(PriceBreak(q, Decimal(p)) for q, p in pairs)


BASE = PriceList("BASE", "Base", "USD", breaks((1, "3.35"), (24, "3.20"), (48, "3.10")))
MUG = PricedProduct("MUG-1", "Acme", ("12", "3", "1"), BASE)  # category 12 under 3 under 1
TIER_B = PriceList("TIER-B", "Tier B", "USD", breaks((1, "3.25"), (96, "2.95")))


def buyer(
    price_list: PriceList | None = None,
    contract: ContractPrice | None = None,
    currency: str = "USD",
    group: str = "",
) -> Buyer:
    return Buyer("C1006", currency, group, price_list, contract)


def promo(**changes: Any) -> Promotion:
    show = Promotion(
        code="SHOW24",
        name="Show special",
        starts_on=date(2024, 11, 18),
        ends_on=date(2024, 11, 25),
        kind="percent",
        value=Decimal("10"),
        scope="all",
        scope_value="",
        customer_group="",
        priority=0,
        currency="USD",
    )
    return dataclasses.replace(show, **changes)


def contract(**changes: Any) -> ContractPrice:
    k17 = ContractPrice("K-17", Decimal("2.80"), "USD", date(2024, 1, 1), date(2024, 12, 31))
    return dataclasses.replace(k17, **changes)


def resolve(
    quantity: int = 1,
    who: Buyer | None = None,
    promotions: tuple[Promotion, ...] = (),
    on: date = ON,
    product: PricedProduct = MUG,
) -> ResolvedPrice:
    return resolve_price(product, who or buyer(), quantity, on, promotions)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


# -- step 1: contract ------------------------------------------------------------------------


def test_contract_wins_outright_over_breaks_and_promotions() -> None:
    special = promo(kind="fixed", value=Decimal("1.00"), priority=9)
    result = resolve(100, buyer(TIER_B, contract()), (special,))
    assert result.unit_price == usd("2.80")
    assert result.regular == usd("2.95")  # Tier B break 96+, for "was 2.95"
    assert result.source == PriceSource(SourceKind.CONTRACT, "Contract K-17 until 31 Dec", "K-17")


def test_contract_wins_even_above_the_regular_price() -> None:
    result = resolve(48, buyer(contract=contract(unit_price=Decimal("3.30"))))
    assert (result.unit_price, result.regular) == (usd("3.30"), usd("3.10"))
    assert result.source.kind is SourceKind.CONTRACT


def test_open_ended_contract_label_and_window_edges_are_inclusive() -> None:
    open_ended = contract(starts_on=None, ends_on=None)
    assert resolve(who=buyer(contract=open_ended)).source.label == "Contract K-17"
    edges = contract(starts_on=ON, ends_on=ON)
    assert resolve(who=buyer(contract=edges)).source.kind is SourceKind.CONTRACT


@pytest.mark.parametrize(
    "stale",
    [
        contract(ends_on=ON - timedelta(days=1)),  # expired yesterday
        contract(starts_on=ON + timedelta(days=1)),  # starts tomorrow
        contract(currency="EUR"),  # not in the buyer's currency
    ],
)
def test_contract_not_valid_falls_through(stale: ContractPrice) -> None:
    result = resolve(who=buyer(contract=stale), promotions=(promo(),))
    assert result.source.kind is SourceKind.PROMOTION
    assert result.unit_price == usd("3.02")  # 3.35 - 10 % = 3.015 -> 3.02 (half-up)


# -- step 2: regular price -------------------------------------------------------------------


def test_base_list_price_and_volume_breaks() -> None:
    assert resolve(1).source == PriceSource(SourceKind.BASE, "List price", "BASE")
    assert resolve(23).unit_price == usd("3.35")
    assert resolve(24).source == PriceSource(SourceKind.BREAK, "Break 24+ @ 3.20", "BASE")
    at_48 = resolve(48)
    assert (at_48.unit_price, at_48.regular) == (usd("3.10"), usd("3.10"))
    assert at_48.source.label == "Break 48+ @ 3.10"
    assert (at_48.sku, at_48.quantity) == ("MUG-1", 48)


def test_customer_list_is_used_when_cheaper_and_never_charges_more_than_base() -> None:
    tier = resolve(1, buyer(TIER_B))
    assert tier.unit_price == usd("3.25")
    assert tier.source == PriceSource(SourceKind.CUSTOMER_LIST, "Tier B", "TIER-B")
    # at 48 the base break (3.10) beats Tier B's list price (3.25)
    assert resolve(48, buyer(TIER_B)).source == PriceSource(
        SourceKind.BREAK, "Break 48+ @ 3.10", "BASE"
    )
    tier_break = resolve(96, buyer(TIER_B)).source
    assert tier_break == PriceSource(SourceKind.BREAK, "Break 96+ @ 2.95 (Tier B)", "TIER-B")
    dear = PriceList("DEAR", "Dear", "USD", breaks((1, "9.99")))
    assert resolve(1, buyer(dear)).source.kind is SourceKind.BASE


@pytest.mark.parametrize(
    ("customer", "base", "kind", "reference"),
    [
        (((1, "3.00"), (12, "3.00")), ((1, "3.00"), (12, "3.00")), SourceKind.BREAK, "TIER-B"),
        (((1, "3.00"),), ((1, "3.00"), (12, "3.00")), SourceKind.CUSTOMER_LIST, "TIER-B"),
        (((1, "3.50"),), ((1, "3.00"), (12, "3.00")), SourceKind.BREAK, "BASE"),
        (((1, "3.50"),), ((1, "3.00"),), SourceKind.BASE, "BASE"),
    ],
)
def test_equal_prices_go_to_the_more_specific_source(
    customer: tuple[tuple[int, str], ...],
    base: tuple[tuple[int, str], ...],
    kind: SourceKind,
    reference: str,
) -> None:
    product = PricedProduct("X", "Acme", (), PriceList("BASE", "Base", "USD", breaks(*base)))
    tier = PriceList("TIER-B", "Tier B", "USD", breaks(*customer))
    source = resolve(12, buyer(tier), product=product).source
    assert (source.kind, source.reference) == (kind, reference)


def test_break_boundaries_and_equal_breaks_in_one_list() -> None:
    pairs = PriceList("BASE", "Base", "USD", breaks((0, "3.35"), (2, "3.30"), (24, "3.10")))
    product = dataclasses.replace(MUG, base=pairs)
    assert resolve(1, product=product).source.kind is SourceKind.BASE  # min_qty 0 = list price
    assert resolve(2, product=product).source.label == "Break 2+ @ 3.30"
    flat = PriceList("BASE", "Base", "USD", breaks((1, "3.35"), (48, "3.1"), (24, "3.10")))
    # the same price from two breaks: the one reached first explains it
    assert resolve(50, product=dataclasses.replace(MUG, base=flat)).source.label == (
        "Break 24+ @ 3.10"
    )


def test_lists_in_another_currency_are_ignored() -> None:
    euro_tier = PriceList("TIER-B-EUR", "Tier B", "EUR", breaks((1, "0.01")))
    assert resolve(1, buyer(euro_tier)).unit_price == usd("3.35")
    euro_buyer = buyer(euro_tier, currency="EUR")
    result = resolve(48, euro_buyer)  # the USD base list and its breaks do not count
    assert result.unit_price == Money.of("0.01", "EUR")
    assert result.source.kind is SourceKind.CUSTOMER_LIST


def test_no_price_in_the_buyers_currency_is_an_error_naming_sku_and_currency() -> None:
    with pytest.raises(PriceRuleError, match=r"MUG-1: no price in EUR"):
        resolve(1, buyer(currency="EUR"))
    cases_only = PricedProduct("CASE-6", "Acme", (), PriceList("B", "B", "USD", breaks((6, "2"))))
    with pytest.raises(PriceRuleError, match=r"CASE-6: no price in USD for quantity 5"):
        resolve(5, product=cases_only)
    # a valid contract does not excuse a missing regular price: `regular` is always computed
    with pytest.raises(PriceRuleError, match="EUR"):
        resolve(1, buyer(contract=contract(currency="EUR"), currency="EUR"))


@pytest.mark.parametrize("quantity", [0, -3])
def test_quantity_below_one_is_an_error(quantity: int) -> None:
    with pytest.raises(PriceRuleError, match=f"MUG-1: quantity must be at least 1, not {quantity}"):
        resolve(quantity)
    with pytest.raises(PriceRuleError, match="MUG-1: quantity"):
        next_break(MUG, buyer(), quantity)


def test_negative_prices_are_errors() -> None:
    bad_list = PriceList("BAD", "Bad", "EUR", breaks((1, "-1.00")))
    with pytest.raises(PriceRuleError, match=r"MUG-1: price list BAD has a negative unit price"):
        resolve(1, buyer(bad_list))  # even in a list that would not be used
    with pytest.raises(PriceRuleError, match=r"MUG-1: contract K-17 has a negative unit price"):
        resolve(1, buyer(contract=contract(unit_price=Decimal("-0.01"))))
    with pytest.raises(PriceRuleError, match=r"MUG-1: promotion SHOW24: fixed unit price"):
        resolve(promotions=(promo(kind="fixed", value=Decimal("-1")),))


@pytest.mark.parametrize("value", ["0", "-5", "100.01"])
def test_impossible_percent_is_an_error_when_the_promotion_applies(value: str) -> None:
    bad = promo(value=Decimal(value))
    with pytest.raises(PriceRuleError, match="MUG-1: promotion SHOW24: percent off"):
        resolve(promotions=(bad,))
    elsewhere = dataclasses.replace(bad, scope="sku", scope_value="X")
    assert resolve(promotions=(elsewhere,)).source.kind is SourceKind.BASE


# -- step 3: promotions ----------------------------------------------------------------------


def test_percent_promotion_rounds_half_up_and_labels() -> None:
    result = resolve(promotions=(promo(),))
    assert (result.unit_price, result.regular) == (usd("3.02"), usd("3.35"))
    assert result.source == PriceSource(
        SourceKind.PROMOTION, "Show special -10% until 25 Nov", "SHOW24"
    )
    fraction = resolve(promotions=(promo(value=Decimal("12.50")),))
    assert fraction.source.label == "Show special -12.5% until 25 Nov"
    assert fraction.unit_price == usd("2.93")  # 3.35 x 0.875 = 2.93125
    whole = promo(value=Decimal("1E+1"), ends_on=date(2024, 12, 5))
    assert resolve(promotions=(whole,)).source.label == "Show special -10% until 05 Dec"
    assert resolve(promotions=(promo(value=Decimal(100)),)).unit_price == usd("0.00")
    cheap = dataclasses.replace(MUG, base=PriceList("BASE", "Base", "USD", breaks((1, "2.25"))))
    assert resolve(product=cheap, promotions=(promo(),)).unit_price == usd("2.03")  # not 2.02


def test_percent_applies_to_the_regular_price_at_this_quantity() -> None:
    assert resolve(48, promotions=(promo(),)).unit_price == usd("2.79")  # 3.10 x 0.9


def test_fixed_promotion_label_and_price() -> None:
    fixed = promo(kind="fixed", value=Decimal("2.99"), name="Clearance")
    result = resolve(promotions=(fixed,))
    assert result.unit_price == usd("2.99")
    assert result.source == PriceSource(
        SourceKind.PROMOTION, "Clearance 2.99 until 25 Nov", "SHOW24"
    )
    whole = dataclasses.replace(fixed, value=Decimal("3"))
    assert resolve(promotions=(whole,)).source.label == "Clearance 3.00 until 25 Nov"
    precise = dataclasses.replace(fixed, value=Decimal("2.9950"))
    assert resolve(promotions=(precise,)).source.label == "Clearance 2.995 until 25 Nov"
    assert resolve(promotions=(precise,)).unit_price.amount == Decimal("2.995")  # not rounded


@pytest.mark.parametrize(
    "day", [date(2024, 11, 18), date(2024, 11, 25)], ids=["first day", "last day"]
)
def test_promotion_window_is_inclusive(day: date) -> None:
    assert resolve(promotions=(promo(),), on=day).source.kind is SourceKind.PROMOTION


@pytest.mark.parametrize(
    "day", [date(2024, 11, 17), date(2024, 11, 26)], ids=["day before", "day after"]
)
def test_promotion_outside_its_window_does_not_apply(day: date) -> None:
    result = resolve(promotions=(promo(),), on=day)
    assert result.source.kind is SourceKind.BASE
    assert result.unit_price == usd("3.35")


@pytest.mark.parametrize(
    ("scope", "scope_value", "group", "applies"),
    [
        ("sku", "MUG-1", "", True),
        ("sku", "MUG-2", "", False),
        ("sku", "mug-1", "", False),  # SKUs are exact
        ("category", "12", "", True),  # the product's own category
        ("category", "1", "", True),  # an ancestor
        ("category", "99", "", False),
        ("brand", "ACME", "", True),  # brands compare case-insensitively
        ("brand", "Other", "", False),
        ("all", "", "RETAIL", True),  # the buyer's group
        ("all", "", "CHAINS", False),  # another group
        ("unknown", "MUG-1", "", False),
    ],
)
def test_promotion_scope_and_customer_group(
    scope: str, scope_value: str, group: str, applies: bool
) -> None:
    special = promo(scope=scope, scope_value=scope_value, customer_group=group)
    result = resolve(who=buyer(group="RETAIL"), promotions=(special,))
    assert (result.source.kind is SourceKind.PROMOTION) is applies


def test_fixed_promotion_only_in_its_currency_percent_in_any() -> None:
    euro = PriceList("EUR", "Euro list", "EUR", breaks((1, "3.00")))
    euro_buyer = buyer(euro, currency="EUR")
    fixed_usd = promo(kind="fixed", value=Decimal("1.00"))
    assert resolve(who=euro_buyer, promotions=(fixed_usd,)).source.kind is SourceKind.CUSTOMER_LIST
    fixed_eur = dataclasses.replace(fixed_usd, currency="EUR")
    assert resolve(who=euro_buyer, promotions=(fixed_eur,)).unit_price == Money.of("1", "EUR")
    percent_usd = promo(currency="USD")
    assert resolve(who=euro_buyer, promotions=(percent_usd,)).unit_price == Money.of("2.7", "EUR")


def test_promotion_that_would_raise_or_keep_the_price_is_ignored() -> None:
    dearer = promo(kind="fixed", value=Decimal("3.50"))
    result = resolve(promotions=(dearer,))
    assert result.unit_price == usd("3.35")
    assert result.source == PriceSource(SourceKind.BASE, "List price", "BASE")
    same = promo(kind="fixed", value=Decimal("3.35"))
    assert resolve(promotions=(same,)).source.kind is SourceKind.BASE
    # the 48+ break is already cheaper than the 3.20 special
    assert resolve(48, promotions=(promo(kind="fixed", value=Decimal("3.20")),)).source.kind is (
        SourceKind.BREAK
    )


def test_highest_priority_wins_even_if_dearer() -> None:
    cheap = promo(code="CHEAP", kind="fixed", value=Decimal("1.00"), priority=1)
    house = promo(code="HOUSE", kind="fixed", value=Decimal("3.00"), priority=2)
    assert resolve(promotions=(cheap, house)).source.reference == "HOUSE"
    # ... and if the top one does not beat the regular price, the regular price stands
    blocked = dataclasses.replace(house, value=Decimal("3.40"))
    assert resolve(promotions=(cheap, blocked)).source.kind is SourceKind.BASE


def test_priority_ties_go_to_the_lowest_price_then_the_code() -> None:
    ten = promo(code="B-TEN", value=Decimal("10"))
    twenty = promo(code="Z-TWENTY", value=Decimal("20"))
    assert resolve(promotions=(ten, twenty)).source.reference == "Z-TWENTY"
    assert resolve(promotions=(twenty, ten)).source.reference == "Z-TWENTY"
    fixed = promo(code="A-FIXED", kind="fixed", value=Decimal("2.68"))  # = 3.35 - 20 %
    assert resolve(promotions=(twenty, fixed)).source.reference == "A-FIXED"
    assert resolve(promotions=(fixed, twenty)).source.reference == "A-FIXED"


# -- next break and order lines ----------------------------------------------------------------


def test_next_break_tells_the_rep_what_the_next_quantity_saves() -> None:
    assert next_break(MUG, buyer(), 1) == PriceBreak(24, Decimal("3.20"))
    assert next_break(MUG, buyer(), 24) == PriceBreak(48, Decimal("3.10"))
    assert next_break(MUG, buyer(), 48) is None
    # Tier B: 3.25 until the base break at 24 (3.20), then 48 (3.10), then Tier B's own 96
    assert next_break(MUG, buyer(TIER_B), 50) == PriceBreak(96, Decimal("2.95"))
    cheap_tier = PriceList("T", "T", "USD", breaks((1, "3.15")))
    assert next_break(MUG, buyer(cheap_tier), 1) == PriceBreak(48, Decimal("3.10"))
    with pytest.raises(PriceRuleError, match="MUG-1: no price in EUR"):
        next_break(MUG, buyer(currency="EUR"), 1)


def test_price_order_line_resolves_then_prices_the_line() -> None:
    resolved, line = price_order_line(MUG, buyer(), 48, ON, (promo(),), "5")
    assert resolved.unit_price == usd("2.79")
    assert line.unit_price == usd("2.79")
    assert (line.sku, line.quantity) == ("MUG-1", 48)
    assert line.gross == usd("133.92")  # 48 x 2.79
    assert line.net == usd("127.22")  # 133.92 x 0.95 = 127.224


def test_floats_are_refused_everywhere() -> None:
    float_break = PriceList("F", "F", "USD", (PriceBreak(1, 3.1),))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        resolve(who=buyer(float_break))
    with pytest.raises(TypeError):
        resolve(who=buyer(contract=contract(unit_price=2.8)))
    with pytest.raises(TypeError):  # even a promotion that does not apply
        resolve(promotions=(promo(value=10.0, scope="sku", scope_value="OTHER"),))
    with pytest.raises(TypeError):
        price_order_line(MUG, buyer(), 1, ON, (), 5.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        resolve(2.0)  # type: ignore[arg-type]


# -- properties --------------------------------------------------------------------------------

# a few common prices, so equal prices (and so the tie-break rules) come up often
money = st.sampled_from([Decimal("2.50"), Decimal("3.35")]) | st.decimals(
    min_value=0, max_value=1000, places=2
)
min_qtys = st.integers(min_value=1, max_value=200)
break_lists = st.lists(st.builds(PriceBreak, min_qtys, money), max_size=5)
days = st.dates(min_value=date(2024, 11, 1), max_value=date(2024, 11, 30))


@st.composite
def products(draw: st.DrawFn, prices: st.SearchStrategy[Decimal] = money) -> PricedProduct:
    list_price = PriceBreak(1, draw(prices))
    volume = draw(st.lists(st.builds(PriceBreak, min_qtys, prices), max_size=5))
    base = PriceList("BASE", "Base", "USD", (list_price, *volume))
    return PricedProduct(draw(st.sampled_from(["A", "B"])), "Acme", ("1", "2"), base)


@st.composite
def buyers(draw: st.DrawFn) -> Buyer:
    price_list = draw(
        st.none() | st.builds(PriceList, st.just("T"), st.just("Tier"), st.just("USD"), break_lists)
    )
    deal = draw(
        st.none()
        | st.builds(
            ContractPrice, st.just("K-1"), money, st.sampled_from(["USD", "EUR"]), days, days
        )
    )
    return Buyer("C1", "USD", draw(st.sampled_from(["", "RETAIL"])), price_list, deal)


@st.composite
def promotion_lists(draw: st.DrawFn) -> list[Promotion]:
    kind: st.SearchStrategy[Kind] = st.sampled_from(["percent", "fixed"])
    scopes: st.SearchStrategy[tuple[Scope, str]] = st.sampled_from(
        [("all", ""), ("sku", "A"), ("category", "2"), ("brand", "acme")]
    )
    found = []
    for index in range(draw(st.integers(0, 4))):
        start = draw(days)
        chosen = draw(kind)
        value = draw(
            st.sampled_from([Decimal(10), Decimal("12.5")])
            | st.decimals(min_value=Decimal("0.5"), max_value=100, places=1)
            if chosen == "percent"
            else money
        )
        scope, scope_value = draw(scopes)
        found.append(
            Promotion(
                code=f"P{index}",
                name=f"Promo {index}",
                starts_on=start,
                ends_on=start + timedelta(days=draw(st.integers(0, 10))),
                kind=chosen,
                value=value,
                scope=scope,
                scope_value=scope_value,
                customer_group=draw(st.sampled_from(["", "RETAIL", "CHAINS"])),
                priority=draw(st.integers(0, 2)),
                currency=draw(st.sampled_from(["USD", "EUR"])),
            )
        )
    return found


def exact_net(unit: Decimal, quantity: int, percent: Decimal) -> Decimal:
    return (unit * quantity * (100 - percent) / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


@settings(deadline=None)
@given(
    st.lists(
        st.tuples(
            products(),
            st.integers(1, 500),
            st.decimals(min_value=0, max_value=100, places=2),
        ),
        min_size=1,
        max_size=10,
    ),
    buyers(),
    promotion_lists(),
    days,
)
def test_totals_equal_the_sum_of_the_lines(
    rows: list[tuple[PricedProduct, int, Decimal]],
    who: Buyer,
    promotions: list[Promotion],
    on: date,
) -> None:
    priced = [price_order_line(p, who, q, on, promotions, d) for p, q, d in rows]
    lines = [line for _, line in priced]
    totals = order_totals(lines, "USD")
    assert totals.net.amount == sum((line.net.amount for line in lines), Decimal(0))
    assert totals.gross.amount == sum((line.gross.amount for line in lines), Decimal(0))
    assert totals.gross - totals.discount == totals.net
    for (resolved, line), (_, quantity, percent) in zip(priced, rows, strict=True):
        assert line.unit_price == resolved.unit_price
        assert line.net.amount == exact_net(resolved.unit_price.amount, quantity, percent)


@settings(deadline=None)
@given(products(), buyers(), promotion_lists(), days, st.integers(1, 250), st.integers(1, 250))
def test_unit_price_never_rises_with_quantity(
    product: PricedProduct,
    who: Buyer,
    promotions: list[Promotion],
    on: date,
    q1: int,
    q2: int,
) -> None:
    small, large = sorted((q1, q2))
    at_small = resolve_price(product, who, small, on, promotions)
    at_large = resolve_price(product, who, large, on, promotions)
    assert at_large.unit_price.amount <= at_small.unit_price.amount
    assert at_large.regular.amount <= at_small.regular.amount
    assert at_small.unit_price.amount <= at_small.regular.amount or (
        at_small.source.kind is SourceKind.CONTRACT
    )
    step = next_break(product, who, small)
    if step is not None:  # the promised price really is the regular price at that quantity
        assert step.min_qty > small
        promised = resolve_price(product, who, step.min_qty, on, ())
        assert promised.regular.amount == step.unit_price < at_small.regular.amount
        assert resolve_price(product, who, step.min_qty - 1, on, ()).regular == at_small.regular


@settings(deadline=None)
@given(products(), buyers(), promotion_lists(), days, st.integers(1, 250), st.randoms())
def test_same_inputs_same_output_whatever_the_order(
    product: PricedProduct,
    who: Buyer,
    promotions: list[Promotion],
    on: date,
    quantity: int,
    rng: Any,
) -> None:
    # Every promotion is on and for everyone, and has a twin that differs only by code and name;
    # every break has a twin one unit later at the same price: ties come up in every example.
    promotions = [
        dataclasses.replace(p, customer_group="", currency="USD", starts_on=on, ends_on=on)
        for p in promotions
    ]
    promotions += [dataclasses.replace(p, code=f"{p.code}-TWIN", name="Twin") for p in promotions]
    twins = [PriceBreak(b.min_qty + 1, b.unit_price) for b in product.base.breaks]
    product = dataclasses.replace(
        product, base=dataclasses.replace(product.base, breaks=(*product.base.breaks, *twins))
    )
    first = resolve_price(product, who, quantity, on, promotions)
    assert resolve_price(product, who, quantity, on, list(promotions)) == first
    shuffled, shuffled_breaks = list(promotions), list(product.base.breaks)
    rng.shuffle(shuffled)
    rng.shuffle(shuffled_breaks)
    for promotion_order, break_order in [
        (promotions[::-1], product.base.breaks[::-1]),
        (shuffled, tuple(shuffled_breaks)),
    ]:
        reordered = dataclasses.replace(
            product, base=dataclasses.replace(product.base, breaks=break_order)
        )
        again = resolve_price(reordered, who, quantity, on, promotion_order)
        assert again == first
        assert again.source.label == first.source.label  # and so the label
        assert str(again.unit_price) == str(first.unit_price)
        assert next_break(reordered, who, quantity) == next_break(product, who, quantity)


cents_to_tenths_of_cents = st.sampled_from([2, 3, 4]).flatmap(
    lambda places: st.decimals(min_value=0, max_value=1000, places=places)
)


@settings(deadline=None)
@given(
    st.lists(
        st.tuples(products(cents_to_tenths_of_cents), st.integers(1, 1000)), min_size=1, max_size=10
    ),
    cents_to_tenths_of_cents,
    days,
)
def test_money_never_loses_a_cent_to_floating_point(
    rows: list[tuple[PricedProduct, int]], special: Decimal, on: date
) -> None:
    fixed = promo(kind="fixed", value=special)
    percent = promo(code="PCT", value=Decimal("33.3"), priority=1, scope="sku", scope_value="A")
    priced = [price_order_line(p, buyer(), q, on, (fixed, percent)) for p, q in rows]
    inputs = {str(special)} | {str(b.unit_price) for p, _ in rows for b in p.base.breaks}
    for (resolved, line), (_, quantity) in zip(priced, rows, strict=True):
        unit = resolved.unit_price.amount
        assert type(unit) is Decimal and type(line.net.amount) is Decimal
        if resolved.source.reference == "PCT":  # a percent special is rounded to the cent
            assert unit == (resolved.regular.amount * Decimal("0.667")).quantize(
                Decimal("0.01"), ROUND_HALF_UP
            )
        else:  # otherwise the unit price is exactly one of the prices given, digit for digit
            assert str(unit) in inputs
        assert line.net.amount == exact_net(unit, quantity, Decimal(0))
    totals = order_totals([line for _, line in priced], "USD")
    exact = sum((exact_net(r.unit_price.amount, r.quantity, Decimal(0)) for r, _ in priced))
    assert type(totals.net.amount) is Decimal
    assert totals.net.amount == exact


FLOAT_SLOTS = ["base", "customer list", "contract", "promotion", "discount", "quantity"]


@given(st.floats(min_value=0, max_value=1000), st.sampled_from(FLOAT_SLOTS))
def test_a_float_anywhere_is_a_type_error(number: float, slot: str) -> None:
    float_list = PriceList("F", "F", "USD", (PriceBreak(1, number),))  # type: ignore[arg-type]
    product = dataclasses.replace(MUG, base=float_list) if slot == "base" else MUG
    who = buyer(
        float_list if slot == "customer list" else TIER_B,
        contract(unit_price=number) if slot == "contract" else None,
    )
    promotions = (promo(value=number),) if slot == "promotion" else (promo(),)
    quantity: Any = number if slot == "quantity" else 1
    discount: Any = number if slot == "discount" else 0
    with pytest.raises(TypeError):
        price_order_line(product, who, quantity, ON, promotions, discount)

"""What is wrong with an account's credit, in words a rep can read out to a buyer.

The figures are the office's as of the last sync; the server decides again when the order
arrives (an order for a held or over-limit account goes to approval), so these are warnings,
never refusals.
"""

from __future__ import annotations

from decimal import Decimal

from repapp.core.money import Money

SHORT_SHARE = Decimal("0.10")  # under a tenth of the limit left: credit is short


def credit_warnings(
    credit_limit: Decimal,
    open_balance: Decimal,
    overdue: Decimal,
    on_hold: bool,
    currency: str,
) -> list[str]:
    """One sentence per problem, most serious first; empty when the account is in good standing.

    An account with no credit line and nothing owing (prepaid) has nothing to warn about.
    """

    def money(amount: Decimal) -> str:
        return str(Money(amount, currency))

    warnings = []
    if on_hold:
        warnings.append("On credit hold: orders go to the office for approval.")
    if overdue > 0:
        warnings.append(f"{money(overdue)} overdue.")
    available = credit_limit - open_balance
    if available < 0:
        warnings.append(
            f"Credit exhausted: the balance of {money(open_balance)} is {money(-available)} "
            f"over the {money(credit_limit)} limit."
        )
    elif available == 0 and credit_limit > 0:
        warnings.append(
            f"Credit exhausted: the balance of {money(open_balance)} uses the whole "
            f"{money(credit_limit)} limit."
        )
    elif credit_limit > 0 and available < credit_limit * SHORT_SHARE:
        warnings.append(
            f"Credit short: only {money(available)} left of the {money(credit_limit)} limit."
        )
    return warnings

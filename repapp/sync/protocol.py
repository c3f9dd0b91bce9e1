"""Wire schemas of the sync protocol, version 1, shared by the client and the server.

See SYNC.md: cursors are server sequence numbers, orders travel whole with a client UUID, a
per-device sequence number and a payload hash, and business outcomes come back as verdicts.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field

PROTOCOL_VERSION = 1
MIN_PROTOCOL_VERSION = 1
MAX_PUSH_ENTRIES = 100
MAX_PULL_LIMIT = 5000


class MetaAction(StrEnum):
    OK = "ok"
    UPGRADE_RECOMMENDED = "upgrade_recommended"
    UPGRADE_REQUIRED = "upgrade_required"
    RESYNC_REQUIRED = "resync_required"


class MetaResponse(BaseModel):
    server_version: str
    protocol_min: int
    protocol_max: int
    action: MetaAction
    message: str = ""


class LoginRequest(BaseModel):
    username: str
    password: str
    device_name: str = ""
    # The laptop's device id from an earlier sign-in: kept, so its push sequence carries on.
    device_id: str | None = None


class LoginResponse(BaseModel):
    token: str
    user: str
    full_name: str
    role: str
    device_id: str
    device_prefix: str
    # The largest line discount this rep may give without asking; None: no limit known.
    max_discount_percent: Decimal | None = None


class PullRequest(BaseModel):
    cursor: int = Field(0, ge=0)
    limit: int = Field(1000, ge=1, le=MAX_PULL_LIMIT)


ENTITIES = (
    "category",
    "product",
    "stock",
    "price_list",
    "price",
    "promotion",
    "customer",
    "contract",
    "order",
)


class Change(BaseModel):
    # A str, not a Literal of ENTITIES: a client ignores kinds of rows newer servers may add.
    entity: str
    key: str
    op: Literal["put", "delete"]
    version: int
    data: dict[str, Any] | None = None


# A pull reply also carries its `next_cursor` and `has_more` in these headers (the body is the same
# `PullResponse`), so a client can ask for the next page before it has parsed this one. Optional: a
# client without them parses the body first.
NEXT_CURSOR_HEADER = "X-RepApp-Next-Cursor"
HAS_MORE_HEADER = "X-RepApp-Has-More"


class PullResponse(BaseModel):
    changes: list[Change]
    next_cursor: int
    has_more: bool
    as_of: str  # server time of this page: stock figures are "as of" this moment
    action: MetaAction = MetaAction.OK


# Fields added after protocol version 1 first shipped have defaults, and a payload's hash covers
# only the fields it carries (`payload_json`), so orders queued by an older app keep their hash.


class OrderLinePayload(BaseModel):
    sku: str
    quantity: int = Field(gt=0)
    unit_price: Decimal
    discount_percent: Decimal = Decimal(0)
    line_total: Decimal
    ship_date: str | None = None  # ISO date: this line ships apart from the order's window


class ProspectPayload(BaseModel):
    """A new account written on the show floor; the office links it or opens an account."""

    name: str = Field(min_length=1)
    street: str = ""
    city: str = ""
    region: str = ""
    postcode: str = ""
    country: str = ""
    contact_name: str = ""
    email: str = ""
    phone: str = ""
    ship_to: str = ""  # a different delivery address, as typed


class OrderPayload(BaseModel):
    order_uuid: str
    provisional_ref: str
    customer_account: str  # a prospect's temporary account number when `prospect` is set
    currency: str
    captured_at: str
    po_number: str = ""
    notes: str = ""
    lines: list[OrderLinePayload] = Field(min_length=1)
    total: Decimal  # net of discounts, plus tax
    ship_from: str | None = None  # ISO dates: the window the buyer wants the goods in
    ship_until: str | None = None
    tax_percent: Decimal = Decimal(0)
    tax: Decimal = Decimal(0)
    signature_png: str | None = None  # base64 PNG of the buyer's signature
    signed_by: str = ""
    prospect: ProspectPayload | None = None
    revises: str | None = None  # the order UUID this one replaces (a rejected order, fixed)


class PushEntry(BaseModel):
    seq: int = Field(ge=1)
    order_uuid: str
    kind: Literal["order"] = "order"
    payload: OrderPayload
    payload_hash: str


class PushRequest(BaseModel):
    device_id: str
    entries: list[PushEntry] = Field(max_length=MAX_PUSH_ENTRIES)


class VerdictStatus(StrEnum):
    ACCEPTED = "accepted"
    NEEDS_APPROVAL = "needs_approval"
    REJECTED = "rejected"
    MISMATCH = "mismatch"


class Verdict(BaseModel):
    seq: int
    order_uuid: str
    status: VerdictStatus
    order_number: str | None = None
    reasons: list[str] = []


class PushResponse(BaseModel):
    verdicts: list[Verdict]
    watermark: int


def payload_json(payload: OrderPayload) -> dict[str, Any]:
    """The payload as sent: only the fields it was given (so a server reading it back hashes the
    same fields), decimals as strings."""
    return payload.model_dump(mode="json", exclude_unset=True)


def payload_hash(payload: OrderPayload) -> str:
    """SHA-256 of the payload's canonical JSON (sorted keys, decimals as strings)."""
    canonical = json.dumps(payload_json(payload), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()

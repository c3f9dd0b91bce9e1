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


class OrderLinePayload(BaseModel):
    sku: str
    quantity: int = Field(gt=0)
    unit_price: Decimal
    discount_percent: Decimal = Decimal(0)
    line_total: Decimal


class OrderPayload(BaseModel):
    order_uuid: str
    provisional_ref: str
    customer_account: str
    currency: str
    captured_at: str
    po_number: str = ""
    notes: str = ""
    lines: list[OrderLinePayload] = Field(min_length=1)
    total: Decimal


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


def payload_hash(payload: OrderPayload) -> str:
    """SHA-256 of the payload's canonical JSON (sorted keys, decimals as strings)."""
    canonical = json.dumps(payload.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()

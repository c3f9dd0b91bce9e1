"""Stock routes for the back office: receipts that add stock and fill backorders."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from server.api.deps import FactoryDep, OfficeDep
from server.db import transaction
from server.services.receipts import ReceiptError, receive_stock

router = APIRouter(prefix="/stock", tags=["stock"])


class ReceiptRequest(BaseModel):
    sku: str = Field(min_length=1, max_length=40)
    warehouse: str = Field(min_length=1, max_length=16)  # the warehouse's code
    quantity: int = Field(ge=1)
    reference: str = Field(default="", max_length=60)  # delivery note, PO, ...


class ReceiptResponse(BaseModel):
    receipt_id: int
    sku: str
    warehouse: str
    quantity: int
    filled: dict[str, int]  # order number -> units allocated to its backordered lines
    available: int  # left to sell in this warehouse


@router.post("/receipts", status_code=status.HTTP_201_CREATED)
def receipts(body: ReceiptRequest, factory: FactoryDep, _auth: OfficeDep) -> ReceiptResponse:
    try:
        with transaction(factory) as session:
            result = receive_stock(session, body.sku, body.warehouse, body.quantity, body.reference)
    except ReceiptError as error:
        raise HTTPException(422, str(error)) from error
    return ReceiptResponse(
        receipt_id=result.receipt_id,
        sku=result.sku,
        warehouse=result.warehouse,
        quantity=result.quantity,
        filled=result.filled,
        available=result.available,
    )

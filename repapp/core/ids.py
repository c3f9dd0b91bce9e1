"""Identifiers a client may make up on its own: order UUIDs and provisional references.

Order numbers and invoice numbers are the server's; a client never invents them.
"""

from __future__ import annotations

import uuid


def new_order_uuid() -> str:
    return str(uuid.uuid4())


def provisional_reference(device_prefix: str, seq: int) -> str:
    """Device prefix + per-device sequence, printed on the confirmation before the server answers."""
    return f"{device_prefix}-{seq:05d}"

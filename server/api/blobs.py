"""Pictures and other content-addressed files, fetched apart from the rows that name them.

A blob's name is the SHA-256 of its bytes, so it never changes: clients cache it forever, and a
download that broke off is simply asked for again.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException, Response, status

from server.api.deps import FactoryDep, SignedInDep
from server.db import transaction
from server.models import Blob

router = APIRouter(prefix="/sync", tags=["sync"])
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@router.get("/blobs/{sha256}")
def blob(sha256: str, factory: FactoryDep, _auth: SignedInDep) -> Response:
    if not _SHA256.match(sha256):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "a blob is named by its SHA-256 in hex")
    with transaction(factory) as session:
        found = session.get(Blob, sha256)
        if found is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no blob {sha256}")
        return Response(
            content=found.data,
            media_type=found.content_type,
            headers={
                "ETag": f'"{sha256}"',
                "Cache-Control": "private, max-age=31536000, immutable",
            },
        )

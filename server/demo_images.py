"""Small product pictures for the demo: a colour swatch per product, as real PNG files.

Written with zlib alone, so the server needs no imaging library. Each picture is a soft vertical
gradient from the product's colour, 96 x 96 pixels.
"""

from __future__ import annotations

import hashlib
import struct
import zlib

SIZE = 96


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def swatch_png(red: int, green: int, blue: int) -> bytes:
    rows = []
    for y in range(SIZE):
        light = 1 - 0.45 * y / SIZE
        pixel = bytes(
            min(255, int(c * light + 255 * (1 - light) * 0.35)) for c in (red, green, blue)
        )
        rows.append(b"\x00" + pixel * SIZE)  # filter type 0 per row
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

#!/usr/bin/env python3
"""Draws the two Teams app icons (color 192x192, outline 32x32) with the standard library only.

The color icon is a filled accent square with a white shield; the outline icon is a white shield on a
transparent background, as Teams requires. Run again to regenerate infra/teams-app/*.png.
"""
import struct
import zlib
from pathlib import Path

ACCENT = (0x1F, 0x4E, 0x79, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def inside_shield(x: float, y: float) -> bool:
    """A shield in the unit square: straight shoulders, then sides curving to a point at the bottom."""
    if y < 0.15 or y > 0.9:
        return False
    if y <= 0.55:
        half_width = 0.32
    else:
        half_width = 0.32 * (1 - ((y - 0.55) / 0.35) ** 1.5)
    return abs(x - 0.5) <= half_width


def inside_tick(x: float, y: float) -> bool:
    """A check mark inside the shield, drawn as two thick segments."""
    def near(ax, ay, bx, by, width):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        px, py = ax + t * dx, ay + t * dy
        return (x - px) ** 2 + (y - py) ** 2 <= width ** 2

    return near(0.36, 0.50, 0.46, 0.62, 0.045) or near(0.46, 0.62, 0.66, 0.38, 0.045)


def png(size: int, pixel) -> bytes:
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel((i + 0.5) / size, (j + 0.5) / size)) for i in range(size))
        for j in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def color(x: float, y: float):
    if inside_shield(x, y):
        return ACCENT if inside_tick(x, y) else WHITE
    return ACCENT


def outline(x: float, y: float):
    if inside_shield(x, y) and not inside_tick(x, y):
        return WHITE
    return CLEAR


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "teams-app"
    (target / "color.png").write_bytes(png(192, color))
    (target / "outline.png").write_bytes(png(32, outline))
    print(f"wrote {target / 'color.png'} (192x192) and {target / 'outline.png'} (32x32)")

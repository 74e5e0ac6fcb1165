#!/usr/bin/env python3
"""Draws the app's install icons (assets/web/icons/icon-{192,512}.png): the funnel of the
favicon, blue on the nav's slate, inside the maskable safe zone (the middle 80%). Standard
library only; run once when the icon changes: python3 scripts/icons.py"""
import struct
import zlib
from pathlib import Path

BG = (0x1E, 0x29, 0x3B)
FG = (0x3B, 0x82, 0xF6)


def inside(x, y):
    """The funnel in a unit square: a trapezoid on top, a spout below (as in icon.svg)."""
    if 0.25 <= y <= 0.52:
        half = 0.34 - (y - 0.25) / 0.27 * (0.34 - 0.10)
        return abs(x - 0.5) <= half
    return 0.52 <= y <= 0.78 and abs(x - 0.5) <= 0.10


def png(size):
    rows = []
    ss = 4  # 4x4 supersampling for smooth edges
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            hits = sum(inside((px + (i + .5) / ss) / size, (py + (j + .5) / ss) / size)
                       for i in range(ss) for j in range(ss))
            a = hits / (ss * ss)
            row += bytes(round(b + (f - b) * a) for b, f in zip(BG, FG))
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))

    ihdr = struct.pack('>IIBBBBB', size, size, 8, 2, 0, 0, 0)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr)
            + chunk(b'IDAT', zlib.compress(b''.join(rows), 9)) + chunk(b'IEND', b''))


out = Path(__file__).resolve().parent.parent / 'assets' / 'web' / 'icons'
for n in (192, 512):
    (out / f'icon-{n}.png').write_bytes(png(n))
    print(out / f'icon-{n}.png')

#!/usr/bin/python3
"""pack_cmap.py FONT - rewrites the cmap of a TrueType font (in place) as
one format 4 subtable with as few segments as the font's blocks allow.

Why: for every embedded face in every PDF, libharu 2.3 looks up all 65,536
code points in the cmap, and its lookup walks the segments one by one. The
cmap fontTools writes splits at every gap and every break in the glyph order
(48 segments for copydesk's cut of DejaVu Sans), so most lookups walk all of
them. Here, code points closer than GAP to each other share one segment whose
glyphs are listed in glyphIdArray (0, the missing glyph, in the gaps): five
segments in all, for a few KB more of cmap. What maps where does not change:
the script reads the packed font back and compares.

Run by tools/cut_fonts.sh; needs fontTools (Debian's fonttools).
"""
import os
import struct
import sys

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables.DefaultTable import DefaultTable

GAP = 640  # a gap this long or longer starts a new segment


def segments(codes):
    """[start, end] runs of codes, split at gaps of GAP or more."""
    runs = []
    for c in codes:
        if runs and c - runs[-1][1] < GAP:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return runs


def format4(cmap, gid):
    codes = sorted(c for c in cmap if c < 0xFFFF)
    runs = segments(codes)
    runs.append([0xFFFF, 0xFFFF])
    n = len(runs)
    ends, starts, deltas, offsets, glyphs = [], [], [], [], []
    for i, (s, e) in enumerate(runs):
        ends.append(e)
        starts.append(s)
        if s == e:
            # one code: a delta, no glyphIdArray entry (0xFFFF maps to 0)
            g = gid(cmap[s]) if s in cmap else 0
            deltas.append((g - s) % 65536)
            offsets.append(0)
        else:
            deltas.append(0)
            # bytes from this idRangeOffset word to the segment's first glyph
            offsets.append(2 * (n - i) + 2 * len(glyphs))
            glyphs.extend(gid(cmap[c]) if c in cmap else 0 for c in range(s, e + 1))
    power = 1
    while power * 2 <= n:
        power *= 2
    search = 2 * power
    selector = power.bit_length() - 1
    body = struct.pack(">HHHH", 2 * n, search, selector, 2 * n - search)
    body += struct.pack(">%dH" % n, *ends) + b"\0\0"
    body += struct.pack(">%dH" % n, *starts)
    body += struct.pack(">%dH" % n, *deltas)
    body += struct.pack(">%dH" % n, *offsets)
    body += struct.pack(">%dH" % len(glyphs), *glyphs)
    length = 6 + len(body)
    if length > 65535:
        sys.exit("pack_cmap.py: the cmap would not fit format 4; lower GAP")
    return struct.pack(">HHH", 4, length, 0) + body, n


def main():
    path = sys.argv[1]
    font = TTFont(path, recalcTimestamp=False)   # the same bytes on every run
    cmap = font.getBestCmap()
    order = {name: i for i, name in enumerate(font.getGlyphOrder())}
    sub, n = format4(cmap, lambda name: order[name])
    # version 0, two encoding records (Unicode BMP, Windows BMP) sharing it
    head = struct.pack(">HH", 0, 2)
    head += struct.pack(">HHL", 0, 3, 4 + 2 * 8)
    head += struct.pack(">HHL", 3, 1, 4 + 2 * 8)
    table = DefaultTable("cmap")
    table.data = head + sub
    font["cmap"] = table
    font.save(path + ".packed")
    # the packed font must map every code point as the original did
    check = TTFont(path + ".packed").getBestCmap()
    check = {c: g for c, g in check.items() if g != ".notdef"}
    if check != cmap:
        os.remove(path + ".packed")
        sys.exit("pack_cmap.py: %s: the packed cmap differs from the original" % path)
    os.replace(path + ".packed", path)
    print("%s: %d cmap segments, %d code points" % (path, n, len(cmap)))


if __name__ == "__main__":
    main()

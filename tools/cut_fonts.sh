#!/bin/sh
# cut_fonts.sh - makes fonts/DejaVuSans.ttf and fonts/DejaVuSans-Bold.ttf,
# the fonts copydesk reports embed, from Debian's DejaVu (fonts-dejavu-core)
# with pyftsubset (fonttools). The results are committed: run this only to
# change the set of characters, then commit the fonts it writes.
#
# The cut keeps Latin with its extensions (Vietnamese too), IPA and
# combining marks, Greek, Cyrillic, general punctuation, super- and
# subscripts, currency, letterlike symbols, number forms, arrows, math
# operators, box drawing, shapes, symbols, dingbats, the Latin ligatures and
# U+FFFD, and drops hinting and the OpenType layout tables (libharu uses
# neither). Then tools/pack_cmap.py rewrites the cmap with few segments.
# Why: libharu 2.3 reads the whole font for every PDF and looks all 65,536
# code points up in its cmap one segment at a time; the cut and the packed
# cmap make a report about half as slow to write and a third of the size.
set -eu
cd "$(dirname "$0")/.."
src=${DEJAVU_DIR:-/usr/share/fonts/truetype/dejavu}
unicodes=U+0000-007F,U+00A0-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+2000-22FF,U+2500-27BF,U+FB00-FB06,U+FFFD
command -v pyftsubset > /dev/null || { echo "cut_fonts.sh: needs pyftsubset (apt-get install fonttools)" >&2; exit 1; }
for face in DejaVuSans DejaVuSans-Bold; do
	[ -f "$src/$face.ttf" ] || { echo "cut_fonts.sh: $src/$face.ttf missing (apt-get install fonts-dejavu-core)" >&2; exit 1; }
	pyftsubset "$src/$face.ttf" --unicodes="$unicodes" --layout-features= --no-hinting \
		--drop-tables+=GSUB,GPOS,GDEF,kern,FFTM --output-file="fonts/$face.ttf.tmp"
	/usr/bin/python3 tools/pack_cmap.py "fonts/$face.ttf.tmp"
	mv "fonts/$face.ttf.tmp" "fonts/$face.ttf"
	echo "fonts/$face.ttf: $(wc -c < "fonts/$face.ttf") bytes"
done

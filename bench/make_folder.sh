#!/bin/sh
# make_folder.sh N DIR - writes N articles into DIR (in sub-folders of 100)
# by varying the samples (and ../shared/seeds when present): each article
# takes one source, drops a different paragraph, swaps two others and gets
# a number in its first line, so no two are the same. Article 2 is planted
# as a near-duplicate of article 1 (a few words changed). Deterministic.
set -eu
n=$1
dir=$2
mkdir -p "$dir"
src=$(ls samples/*.txt ../shared/seeds/*.txt 2>/dev/null || true)
nsrc=$(echo "$src" | wc -w)
i=1
while [ "$i" -le "$n" ]; do
	k=$(( (i - 1) % nsrc + 1 ))
	f=$(echo "$src" | tr ' ' '\n' | sed -n "${k}p")
	sub=$(printf '%s/%03d' "$dir" $(( (i - 1) / 100 )))
	mkdir -p "$sub"
	out=$(printf '%s/article-%05d.txt' "$sub" "$i")
	if [ "$i" = 2 ]; then
		prev=$(printf '%s/article-%05d.txt' "$sub" 1)
		sed -e 's/ the / a /3' -e 's/ and / or /2' -e '1s/$/ (updated)/' "$prev" > "$out"
	else
		awk -v seed="$i" '
			BEGIN { RS = ""; ORS = "\n\n" }
			{ p[NR] = $0 }
			END {
				drop = NR > 4 ? 2 + seed % (NR - 2) : 0
				a = NR > 5 ? 2 + (seed * 7) % (NR - 3) : 0
				b = a ? a + 1 : 0
				for (j = 1; j <= NR; j++) {
					if (j == drop) continue
					k = j == a ? b : j == b ? a : j
					if (j == 1) print p[k] " (" seed ")"; else print p[k]
				}
			}' "$f" > "$out"
	fi
	i=$((i + 1))
done

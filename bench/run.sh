#!/bin/sh
# bench/run.sh COPYDESK - speed and memory of the analyzer (make bench).
# Builds a ~20 MB corpus from samples/ (and ../shared/seeds when present),
# then times `copydesk analyze --format json` against `wc -w` and GNU style
# on the same file, single thread. Prints MB/s, the ratio and peak memory.
# Figures only: nothing here passes or fails.
set -eu
bin=${1:-build/copydesk}
out=bench/out
mkdir -p "$out"
corpus=$out/corpus.txt
if [ ! -s "$corpus" ]; then
	: > "$corpus.tmp"
	src=$(ls samples/*.txt ../shared/seeds/*.txt 2>/dev/null || true)
	while [ "$(wc -c < "$corpus.tmp")" -lt 20000000 ]; do
		# Each article up to a "More like this" list of other stories:
		# after such a line copydesk counts every later line as residue,
		# which would turn the rest of the corpus into boilerplate.
		for f in $src; do sed '/^ *More like this/,$d' "$f"; printf '\n\n'; done >> "$corpus.tmp"
	done
	mv "$corpus.tmp" "$corpus"
fi
bytes=$(wc -c < "$corpus")
mb=$(echo "$bytes" | awk '{printf "%.1f", $1 / 1048576}')
echo "corpus: $corpus, $mb MiB, $(wc -w < "$corpus") words"

# best of three wall times, in seconds
best() {
	b=""
	for i in 1 2 3; do
		s=$(date +%s.%N)
		"$@" > /dev/null 2>&1 || true
		e=$(date +%s.%N)
		t=$(echo "$s $e" | awk '{printf "%.3f", $2 - $1}')
		if [ -z "$b" ] || [ "$(echo "$t $b" | awk '{print ($1 < $2)}')" = 1 ]; then b=$t; fi
	done
	echo "$b"
}
peak() {
	/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1
}

t_cd=$(best "$bin" analyze --format json "$corpus")
t_wc=$(best wc -w "$corpus")
printf '%-34s %8s s  %8s MB/s\n' "copydesk analyze --format json" "$t_cd" "$(echo "$bytes $t_cd" | awk '{printf "%.1f", $1/1048576/$2}')"
printf '%-34s %8s s  %8s MB/s\n' "wc -w" "$t_wc" "$(echo "$bytes $t_wc" | awk '{printf "%.1f", $1/1048576/$2}')"
echo "ratio copydesk / wc -w: $(echo "$t_cd $t_wc" | awk '{printf "%.2f", $1/$2}') (target <= 3)"
if command -v style > /dev/null; then
	t_st=$(best style "$corpus")
	printf '%-34s %8s s  %8s MB/s\n' "GNU style" "$t_st" "$(echo "$bytes $t_st" | awk '{printf "%.1f", $1/1048576/$2}')"
fi
if [ -x /usr/bin/time ]; then
	echo "peak memory, copydesk analyze: $(peak "$bin" analyze --format json "$corpus") KiB"
	echo "peak memory, wc -w: $(peak wc -w "$corpus") KiB"
fi

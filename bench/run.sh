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

# best_of N CMD...: the best of N wall times, in seconds
best_of() {
	n=$1
	shift
	b=""
	i=0
	while [ $i -lt "$n" ]; do
		s=$(date +%s.%N)
		"$@" > /dev/null 2>&1 || true
		e=$(date +%s.%N)
		t=$(echo "$s $e" | awk '{printf "%.4f", $2 - $1}')
		if [ -z "$b" ] || [ "$(echo "$t $b" | awk '{print ($1 < $2)}')" = 1 ]; then b=$t; fi
		i=$((i + 1))
	done
	echo "$b"
}
best() { best_of 3 "$@"; }
peak() {
	/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1
}

t_cd=$(best "$bin" analyze --format json "$corpus")
t_wc=$(best wc -w "$corpus")
printf '%-34s %8s s  %8s MB/s\n' "copydesk analyze --format json" "$t_cd" "$(echo "$bytes $t_cd" | awk '{printf "%.1f", $1/1048576/$2}')"
printf '%-34s %8s s  %8s MB/s\n' "wc -w" "$t_wc" "$(echo "$bytes $t_wc" | awk '{printf "%.1f", $1/1048576/$2}')"
echo "ratio copydesk / wc -w: $(echo "$t_cd $t_wc" | awk '{printf "%.2f", $1/$2}') (target <= 3)"
# The floor: splitting and numbering the words, then counting the n-grams
# of 2..8 words, and nothing else (bench/floor.c), best of three.
floor=$(dirname "$bin")/bench-floor
if [ -x "$floor" ]; then
	fl=""
	for i in 1 2 3; do
		r=$("$floor" "$corpus")
		if [ -z "$fl" ] || [ "$(echo "$r $fl" | awk '{print ($4 < $11)}')" = 1 ]; then fl=$r; fi
	done
	echo "$fl $t_wc" | awk '{printf "floor (bench/floor.c): read %.3f s + words %.3f s + n-grams of 2..8 words %.3f s = %.3f s, %.2fx wc -w\n", $1, $2, $3, $4, $4 / $8}'
fi
if command -v style > /dev/null; then
	t_st=$(best style "$corpus")
	printf '%-34s %8s s  %8s MB/s\n' "GNU style" "$t_st" "$(echo "$bytes $t_st" | awk '{printf "%.1f", $1/1048576/$2}')"
fi
if [ -x /usr/bin/time ]; then
	echo "peak memory, copydesk analyze: $(peak "$bin" analyze --format json "$corpus") KiB"
	echo "peak memory, wc -w: $(peak wc -w "$corpus") KiB"
fi

# ---- the same, article by article ----------------------------------------------
# The corpus above is one 19 MiB article made of copies (every n-gram
# repeats): the worst case for the repetition stage. Real batches are many
# short articles: 10,000 of them here (bench/make_folder.sh), with one and
# two worker threads, against wc -w on the same files.
[ -d "$out/folder10000" ] || sh bench/make_folder.sh 10000 "$out/folder10000"
find "$out/folder10000" -name '*.txt' | sort > "$out/list10000"
fbytes=$(xargs cat < "$out/list10000" | wc -c)
s=$(date +%s.%N)
xargs wc -w < "$out/list10000" > /dev/null
e=$(date +%s.%N)
t_fw=$(echo "$s $e" | awk '{printf "%.3f", $2 - $1}')
for j in 1 2; do
	s=$(date +%s.%N)
	"$bin" analyze -j $j --format json "$out/folder10000" > /dev/null 2>&1 || true
	e=$(date +%s.%N)
	t_fa=$(echo "$s $e" | awk '{printf "%.3f", $2 - $1}')
	printf '10,000 articles (%s MiB), -j %d: copydesk analyze %s s (%.2f ms per article, %.1f MB/s), wc -w %s s, ratio %.1f\n' \
		"$(echo "$fbytes" | awk '{printf "%.1f", $1 / 1048576}')" $j "$t_fa" \
		"$(echo "$t_fa" | awk '{print $1 * 1000 / 10000}')" "$(echo "$fbytes $t_fa" | awk '{print $1 / 1048576 / $2}')" \
		"$t_fw" "$(echo "$t_fa $t_fw" | awk '{print $1 / $2}')"
done

# ---- one article's PDF report ------------------------------------------------
# Milliseconds per report for a ~1,000-word article (the analysis included),
# on one core (taskset): over 100 reports in one run with -j 1 (summary.pdf
# and tables included), and as one process for one article (best of 10:
# start-up, config, fonts); and the PDF's size.
one=$out/one
rm -rf "$one"
mkdir -p "$one/in"
src1=$(ls ../shared/seeds/001_*.txt 2>/dev/null || ls samples/generated-style.txt)
i=0
while [ $i -lt 100 ]; do cp $src1 "$one/in/a$i.txt"; i=$((i + 1)); done
pin=""
command -v taskset > /dev/null && pin="taskset -c 0"
words1=$("$bin" analyze --format json "$one/in/a0.txt" 2>/dev/null | grep -o '"all_words":[0-9]*' | cut -d: -f2)
# default; font_bold = none (one face); compress_fonts = no (plain font programs)
for bold in default none plain; do
	ini=$one/$bold.ini
	case $bold in
	none) printf '[report]\nfont_bold = none\n' > "$ini" ;;
	plain) printf '[report]\ncompress_fonts = no\n' > "$ini" ;;
	*) : > "$ini" ;;
	esac
	rm -rf "$one/out-$bold"
	t=$(best $pin "$bin" report -q -j 1 -c "$ini" -o "$one/out-$bold" "$one/in")
	size=$(wc -c < "$one/out-$bold/a0.pdf")
	t1=$(best_of 10 $pin "$bin" report -q -c "$ini" -o "$one/single-$bold" "$one/in/a0.txt")
	printf 'report of a %s-word article, %-8s %6.1f ms each over 100, %6.1f ms as one process, %d KB\n' \
		"$words1" "$bold:" "$(echo "$t" | awk '{print $1 * 1000 / 100}')" "$(echo "$t1" | awk '{print $1 * 1000}')" \
		$((size / 1024))
done

# ---- folders ------------------------------------------------------------------
# 1,000 articles with their reports, one and two threads; then peak memory
# for 100, 1,000 and 10,000 articles (tables and summary only).
for n in 100 1000 10000; do
	[ -d "$out/folder$n" ] || sh bench/make_folder.sh $n "$out/folder$n"
done
for j in 1 2; do
	rm -rf "$out/batch"
	s=$(date +%s.%N)
	/usr/bin/time -f '%M' -o "$out/mem" "$bin" report -q -j $j -o "$out/batch" "$out/folder1000" > /dev/null 2>&1
	e=$(date +%s.%N)
	t=$(echo "$s $e" | awk '{printf "%.1f", $2 - $1}')
	printf '1,000 articles with reports, -j %d: %6s s, %6.1f articles/s, peak %d MB\n' $j "$t" \
		"$(echo "$t" | awk '{print 1000 / $1}')" $(( $(cat "$out/mem") / 1024 ))
done
# 30,000: the 10,000 three times over, in three folders (memory should not
# grow with the number of files: the list of files, the records and the
# signatures wait in temporary files).
if [ ! -d "$out/folder30000" ]; then
	mkdir -p "$out/folder30000.tmp"
	for k in a b c; do cp -r "$out/folder10000" "$out/folder30000.tmp/$k"; done
	mv "$out/folder30000.tmp" "$out/folder30000"
fi
for n in 100 1000 10000 30000; do
	rm -rf "$out/batch"
	s=$(date +%s.%N)
	/usr/bin/time -f '%M' -o "$out/mem" "$bin" report -q -j 2 --no-article-pdfs -o "$out/batch" "$out/folder$n" > /dev/null 2>&1
	e=$(date +%s.%N)
	printf '%6d articles, tables and summary only, -j 2: %6.1f s, peak %.1f MB\n' $n \
		"$(echo "$s $e" | awk '{print $2 - $1}')" "$(awk '{print $1 / 1024}' "$out/mem")"
done
rm -rf "$out/batch" "$one"

#!/bin/sh
# cli_report.sh - copydesk report from the outside: outputs, the same bytes
# with one or two threads, exit codes for bad output folders and fonts,
# SIGTERM in the middle of a batch. Ends with "N passed, N failed".
set -u
bin=${BUILD:-build}/copydesk
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# A small folder: the samples twice over, in two sub-folders.
mkdir -p "$tmp/in/a" "$tmp/in/b"
cp samples/*.txt "$tmp/in/a/"
cp samples/*.txt "$tmp/in/b/"
cp tests/data/conventions.txt "$tmp/in/b/conventions.md"
n_in=$(find "$tmp/in" -type f | wc -l)

"$bin" report -q -j 1 -o "$tmp/o1" "$tmp/in" > /dev/null 2> "$tmp/r1.err"; rc=$?
[ $rc = 0 ] && ok || bad "report -j 1: exit $rc: $(cat "$tmp/r1.err")"
"$bin" report -q -j 2 -o "$tmp/o2" "$tmp/in" > /dev/null 2> "$tmp/r2.err"; rc=$?
[ $rc = 0 ] && ok || bad "report -j 2: exit $rc: $(cat "$tmp/r2.err")"
[ "$(find "$tmp/o1" -name '*.pdf' ! -name summary.pdf | wc -l)" = "$n_in" ] && ok || bad "one PDF per article"
[ -f "$tmp/o1/summary.pdf" ] && ok || bad "summary.pdf written"
[ -f "$tmp/o1/a/clean-news.pdf" ] && [ -f "$tmp/o1/b/conventions.pdf" ] && ok || bad "PDFs mirror the folders"
[ "$(wc -l < "$tmp/o1/results.jsonl")" = "$n_in" ] && ok || bad "one JSON line per article"
[ "$(wc -l < "$tmp/o1/summary.csv")" = "$((n_in + 1))" ] && ok || bad "one CSV row per article + header"
# Page 1 accounts for the whole score: generated-style loses 25 + 15 + 15
# in the panel, and 4.2 + 2.6 + 2.3 = 9.1 on the line "3 smaller
# deductions" (100 - 64.1 = 35.9, printed 36).
if command -v pdftotext > /dev/null; then
	p1=$(pdftotext -q -f 1 -l 1 "$tmp/o1/a/generated-style.pdf" - 2>/dev/null)
	echo "$p1" | grep -q "3 smaller deductions" && echo "$p1" | grep -q "9\.1" && ok ||
		bad "page 1 lacks the smaller deductions line"
	echo "$p1" | grep -q "610 in all" && ok || bad "page 1: the words tile lacks the words in all"
	# The analysis' warnings head page 1: conventions.md is a short text,
	# generated-style has none.
	pdftotext -q -f 1 -l 1 "$tmp/o1/b/conventions.pdf" - 2>/dev/null |
		grep -q "^Note: short text (" && ok || bad "page 1 lacks the short-text warning"
	echo "$p1" | grep -q "^Note:" && bad "page 1 of generated-style shows a warning" || ok
	# The evidence lists the passive sentences: "was praised" is one of them.
	pdftotext -q "$tmp/o1/a/generated-style.pdf" - 2>/dev/null |
		grep -A40 "^Passive voice" | grep -q "agreement was praised by" && ok ||
		bad "the evidence lacks the passive sentences"
fi
diff -r "$tmp/o1" "$tmp/o2" > /dev/null && ok || bad "-j 1 and -j 2 differ"
ls -a "$tmp/o1" | grep -q '\.tmp' && bad "temporary files left" || ok

# Only the tables.
"$bin" report -q --no-article-pdfs -o "$tmp/o3" "$tmp/in" > /dev/null 2>&1
[ "$(find "$tmp/o3" -name '*.pdf' ! -name 'summary.pdf' | wc -l)" = 0 ] && ok || bad "--no-article-pdfs wrote article PDFs"
cmp -s "$tmp/o1/summary.csv" "$tmp/o3/summary.csv" && ok || bad "--no-article-pdfs changed summary.csv"

# What a batch keeps until its summary (the list of files, the records,
# the signatures) goes to temporary files in TMPDIR, 64 KiB at a time, or
# stays in memory when TMPDIR is not usable: 700 articles fill several
# buffers of each, and both ways give the same bytes.
mkdir -p "$tmp/many"
i=0
while [ $i -lt 700 ]; do
	d=$tmp/many/f$((i % 7))
	mkdir -p "$d"
	{ echo "Harbour notice $i"; echo; sed -n "$((i % 5 + 1)),\$p" samples/clean-news.txt; } > "$d/n$i.txt"
	i=$((i + 1))
done
"$bin" report -q -j 2 --no-article-pdfs -o "$tmp/m1" "$tmp/many" > "$tmp/m1.out" 2> "$tmp/m1.err"; rc=$?
[ $rc = 0 ] && ok || bad "700 articles: exit $rc: $(head -c 300 "$tmp/m1.err")"
TMPDIR=/nonexistent/copydesk "$bin" report -q -j 2 --no-article-pdfs -o "$tmp/m2" "$tmp/many" > "$tmp/m2.out" 2> "$tmp/m2.err"; rc=$?
[ $rc = 0 ] && [ ! -s "$tmp/m2.err" ] && ok || bad "700 articles, no TMPDIR: exit $rc: $(head -c 300 "$tmp/m2.err")"
[ "$(wc -l < "$tmp/m1/results.jsonl")" = 700 ] && ok || bad "700 articles: results.jsonl lines"
diff -r "$tmp/m1" "$tmp/m2" > /dev/null && ok || bad "700 articles: outputs differ with TMPDIR unusable"
sed "s#$tmp/m[12]##g" "$tmp/m1.out" > "$tmp/m1.cut"
sed "s#$tmp/m[12]##g" "$tmp/m2.out" > "$tmp/m2.cut"
cmp -s "$tmp/m1.cut" "$tmp/m2.cut" && ok || bad "700 articles: stdout differs with TMPDIR unusable"
grep -q '^700 articles, ' "$tmp/m1.out" && ok || bad "700 articles: totals line: $(head -n 1 "$tmp/m1.out")"

# Shards: together they are the whole run.
"$bin" report -q --no-article-pdfs --shard 1/2 -o "$tmp/s1" "$tmp/in" > /dev/null 2>&1
"$bin" report -q --no-article-pdfs --shard 2/2 -o "$tmp/s2" "$tmp/in" > /dev/null 2>&1
total=$(( $(wc -l < "$tmp/s1/results.jsonl") + $(wc -l < "$tmp/s2/results.jsonl") ))
[ "$total" = "$n_in" ] && ok || bad "shards hold $total articles, want $n_in"
"$bin" merge -o "$tmp/merged" "$tmp/s2" "$tmp/s1" > /dev/null 2>&1; rc=$?
[ $rc = 0 ] && ok || bad "merge: exit $rc"
cmp -s "$tmp/o3/summary.csv" "$tmp/merged/summary.csv" && ok || bad "merged summary.csv differs from one run"
cmp -s "$tmp/o3/results.jsonl" "$tmp/merged/results.jsonl" && ok || bad "merged results.jsonl differs from one run"
"$bin" merge -o "$tmp/merged2" "$tmp/s1" "$tmp/s1" > /dev/null 2>&1; rc=$?
[ $rc = 3 ] && ok || bad "merge of a shard twice: exit $rc"
"$bin" merge -o "$tmp/merged3" "$tmp/in" > /dev/null 2>&1; rc=$?
[ $rc = 3 ] && ok || bad "merge of a folder that is no output: exit $rc"
"$bin" report --shard 3/2 x > /dev/null 2>&1; rc=$?
[ $rc = 2 ] && ok || bad "--shard 3/2: exit $rc"

# A planted near-duplicate is found, and only it.
mkdir -p "$tmp/plant"
cp samples/*.txt "$tmp/plant/"
sed -e 's/ the / a /3' -e 's/ said / added /2' samples/clean-news.txt > "$tmp/plant/copy.txt"
"$bin" report -q --no-article-pdfs -o "$tmp/po" "$tmp/plant" > "$tmp/pout" 2>&1
grep -q "near-duplicates ([0-9]*%): $tmp/plant/clean-news.txt and $tmp/plant/copy.txt" "$tmp/pout" \
	&& ok || bad "planted near-duplicate not found: $(cat "$tmp/pout")"
[ "$(grep -c near-duplicates "$tmp/pout")" = 1 ] && ok || bad "more than the planted pair"
pdftotext -q "$tmp/po/summary.pdf" - 2>/dev/null | grep -q "Near-duplicate articles" && ok || bad "summary.pdf lacks the pair"

# One article: its PDF only.
"$bin" report -q -o "$tmp/one" samples/clean-news.txt > /dev/null 2>&1; rc=$?
[ $rc = 0 ] && [ -f "$tmp/one/clean-news.pdf" ] && ok || bad "single report: exit $rc"
[ -f "$tmp/one/results.jsonl" ] && bad "single report wrote tables" || ok

# Output folder cannot be written: exit 4, one line, nothing left.
mkdir -p "$tmp/ro"
chmod a-w "$tmp/ro"
if [ "$(id -u)" != 0 ]; then
	"$bin" report -q -o "$tmp/ro" samples/clean-news.txt > /dev/null 2> "$tmp/err"; rc=$?
	[ $rc = 4 ] && ok || bad "unwritable folder: exit $rc"
fi
: > "$tmp/file"
"$bin" report -q -o "$tmp/file/sub" samples/clean-news.txt > /dev/null 2> "$tmp/err"; rc=$?
[ $rc = 4 ] && ok || bad "output under a file: exit $rc"
grep -q "file/sub: cannot create the output folder: Not a directory" "$tmp/err" && ok || bad "output error names the folder: $(cat "$tmp/err")"

# A missing font: exit 4, the message names the font.
printf '[report]\nfont_regular = /nonexistent/Font.ttf\n' > "$tmp/font.ini"
"$bin" report -q -c "$tmp/font.ini" -o "$tmp/nofont" samples/clean-news.txt > /dev/null 2> "$tmp/err"; rc=$?
[ $rc = 4 ] && ok || bad "missing font: exit $rc"
grep -q "Font.ttf" "$tmp/err" && ok || bad "font message: $(cat "$tmp/err")"
[ -z "$(find "$tmp/nofont" -type f 2>/dev/null)" ] && ok || bad "missing font left files"

# A binary file among good ones: exit 3, the rest done.
printf 'x\000y' > "$tmp/in/a/zz-binary.txt"
"$bin" report -q --no-article-pdfs -o "$tmp/o4" "$tmp/in" > /dev/null 2> "$tmp/err"; rc=$?
[ $rc = 3 ] && ok || bad "binary file in batch: exit $rc"
[ "$(wc -l < "$tmp/o4/results.jsonl")" = "$n_in" ] && ok || bad "batch with a bad file lost articles"
rm -f "$tmp/in/a/zz-binary.txt"

# SIGTERM in the middle of a large batch: exit 143, no temporary files,
# finished reports kept, no half-written tables.
mkdir -p "$tmp/big"
i=0
while [ $i -lt 300 ]; do cp samples/generated-style.txt "$tmp/big/g$i.txt"; i=$((i + 1)); done
"$bin" report -q -j 2 -o "$tmp/o5" "$tmp/big" > /dev/null 2>&1 &
pid=$!
sleep 0.5
kill -TERM $pid
wait $pid; rc=$?
[ $rc = 143 ] && ok || bad "SIGTERM: exit $rc"
ls -a "$tmp/o5" | grep -q 'tmp' && bad "SIGTERM left temporary files: $(ls -a "$tmp/o5" | grep tmp)" || ok
[ -f "$tmp/o5/results.jsonl" ] && bad "SIGTERM left a results table" || ok
n_pdf=$(find "$tmp/o5" -name '*.pdf' | wc -l)
[ "$n_pdf" -gt 0 ] && [ "$n_pdf" -lt 300 ] && ok || bad "SIGTERM: $n_pdf reports kept"

echo "$pass passed, $fail failed"
[ $fail = 0 ]

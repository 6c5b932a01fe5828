#!/bin/sh
# cli_review.sh - copydesk review from the outside: incremental runs, the
# changes since the last review, the gate and --baseline, a review killed
# with SIGKILL, two reviews at once. Ends with "N passed, N failed".
set -u
bin=$(pwd)/${BUILD:-build}/copydesk
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
cp -r samples "$tmp/feed"
cd "$tmp" || exit 1
# Thresholds that only the generated-style sample crosses (78 filler
# phrases per 1,000 words there, none in the clean sample).
printf '[thresholds]\nmin_quality = 0\nmax_grade = 30\nmax_filler_per_1000 = 30\n[review]\nhistory = h.db\n' > copydesk.ini

"$bin" review -q -o out feed > r1.txt 2>&1; rc=$?
[ $rc = 1 ] && ok || bad "first review: exit $rc (want 1: a threshold crossed)"
grep -q "3 analyzed" r1.txt && ok || bad "first review: $(head -1 r1.txt)"
grep -q "FAIL feed/generated-style.txt" r1.txt && ok || bad "first review names the failing article"
grep -q "FAIL feed/clean-news.txt" r1.txt && bad "clean sample failed" || ok

cp out/results.jsonl r1.jsonl
pdf_before=$(ls -l --time-style=+%s.%N out/clean-news.pdf)
sleep 0.01
"$bin" review -q -o out feed > r2.txt 2>&1; rc=$?
[ $rc = 1 ] && ok || bad "second review: exit $rc"
grep -q "0 analyzed, 3 unchanged and reused" r2.txt && ok || bad "second review analyzed again: $(head -1 r2.txt)"
grep -q "no changes" r2.txt && ok || bad "second review: no 'no changes'"
cmp -s r1.jsonl out/results.jsonl && ok || bad "reused results differ from the first review's"
[ "$pdf_before" = "$(ls -l --time-style=+%s.%N out/clean-news.pdf)" ] && ok || bad "an unchanged article's report was written again"

printf '\nMoreover, it is indeed crucial to note that the plan plays a pivotal role.\n' >> feed/clean-news.txt
"$bin" review -q -o out feed > r3.txt 2>&1
grep -q "1 analyzed, 2 unchanged" r3.txt && ok || bad "third review: $(head -1 r3.txt)"
grep -q "changed .*feed/clean-news.txt: .*quality" r3.txt && ok || bad "changed article with its delta: $(cat r3.txt)"
grep -q "1 changed" r3.txt && ok || bad "third review counts: $(grep since r3.txt)"

"$bin" review -q --full -o out feed > r4.txt 2>&1
grep -q "3 analyzed" r4.txt && ok || bad "--full analyzed $(head -1 r4.txt)"

# The baseline: the unchanged failing article passes; a new one fails.
"$bin" review -q --baseline -o out feed > r5.txt 2>&1; rc=$?
[ $rc = 0 ] && ok || bad "--baseline with an unchanged failing article: exit $rc"
cp feed/generated-style.txt feed/generated-copy.txt
"$bin" review -q --baseline -o out feed > r6.txt 2>&1; rc=$?
[ $rc = 1 ] && ok || bad "--baseline with a new failing article: exit $rc"
grep -q "FAIL feed/generated-copy.txt" r6.txt && ok || bad "--baseline names the new article"
grep -q "FAIL feed/generated-style.txt" r6.txt && bad "--baseline failed the unchanged article" || ok
grep -q "new .*feed/generated-copy.txt" r6.txt && ok || bad "new article listed"
rm feed/generated-copy.txt
"$bin" review -q -o out feed > r7.txt 2>&1
grep -q "removed .*feed/generated-copy.txt" r7.txt && ok || bad "removed article listed"

# Killed with SIGKILL in the middle: the history stays as it was, and the
# next review completes against the last complete one.
mkdir -p big
i=0
while [ $i -lt 100 ]; do cp feed/clean-news.txt "big/a$i.txt"; i=$((i + 1)); done
"$bin" review -q --no-article-pdfs -j 1 --history big.db -o bigout big > /dev/null 2>&1
i=0
while [ $i -lt 100 ]; do echo "Residents were not told." >> "big/a$i.txt"; i=$((i + 1)); done
"$bin" review -q -j 1 --history big.db -o bigout big > /dev/null 2>&1 &
pid=$!
sleep 0.4
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
"$bin" review -q --no-article-pdfs --history big.db -o bigout big > k.txt 2>&1; rc=$?
[ $rc = 0 ] && ok || bad "review after SIGKILL: exit $rc ($(cat k.txt))"
grep -q "100 analyzed" k.txt && ok || bad "after SIGKILL: $(head -1 k.txt)"
grep -q "100 changed" k.txt && ok || bad "after SIGKILL the last review is the complete one: $(grep since k.txt)"

# Two reviews at once: the second waits, then fails clearly (exit 4).
"$bin" review -q -j 1 --history big.db -o bigout2 big > /dev/null 2>&1 &
pid=$!
sleep 0.3
"$bin" review -q --wait 0.2 --history big.db -o bigout3 big > c.txt 2>&1; rc=$?
[ $rc = 4 ] && ok || bad "concurrent review: exit $rc"
grep -q "locked by another review" c.txt && ok || bad "concurrent review message: $(cat c.txt)"
wait $pid; rc=$?
[ $rc = 0 ] && ok || bad "the first of two concurrent reviews: exit $rc"

echo "not a database" > bad.db
"$bin" review -q --history bad.db -o o feed > b.txt 2>&1; rc=$?
[ $rc = 4 ] && ok || bad "bad history file: exit $rc"
grep -q "bad.db: not a copydesk history" b.txt && ok || bad "bad history message: $(cat b.txt)"

# A review keeps the last review's articles, and each article's digest, in
# temporary files in TMPDIR (in memory when TMPDIR is not usable): 2,000
# articles fill their 64 KiB buffers, and both ways give the same review.
mkdir -p many0
i=0
while [ $i -lt 2000 ]; do
	printf 'Harbour notice %d\n\nThe council met on Monday about ferry route %d. Residents asked for later buses.\n' \
		$i $i > "many0/n$i.txt"
	i=$((i + 1))
done
for mode in file mem; do
	cp -r many0 "many-$mode"
	t=${TMPDIR:-/tmp}
	[ $mode = mem ] && t=/nonexistent/copydesk
	TMPDIR=${t:-/tmp} "$bin" review -q --no-article-pdfs --history "m-$mode.db" -o "mo-$mode" "many-$mode" \
		> "m1-$mode.txt" 2>&1
	for k in 3 700 1500; do echo "Moreover, it is indeed crucial." >> "many-$mode/n$k.txt"; done
	rm "many-$mode/n9.txt" "many-$mode/n1999.txt"
	echo "A new notice about the ferry." > "many-$mode/new.txt"
	TMPDIR=${t:-/tmp} "$bin" review -q --no-article-pdfs --history "m-$mode.db" -o "mo-$mode" "many-$mode" \
		> "m2-$mode.txt" 2>&1
	echo "rc $?" >> "m2-$mode.txt"
done
grep -q "4 analyzed, 1995 unchanged and reused" m2-file.txt && grep -q "^rc 1" m2-file.txt && ok ||
	bad "2,000 articles, second review: $(head -n 3 m2-file.txt)"
grep -q "1 new, 3 changed, 2 removed, 1995 unchanged; 3 regressions" m2-file.txt && ok || bad "2,000 articles: counts: $(grep since m2-file.txt)"
sed 's/many-mem/many-file/g; s/mo-mem/mo-file/g' m2-mem.txt | cmp -s - m2-file.txt && ok ||
	bad "2,000 articles: the review differs with TMPDIR unusable: $(diff m2-file.txt m2-mem.txt | head -n 4)"
sed 's/many-mem/many-file/g' mo-mem/summary.csv | cmp -s - mo-file/summary.csv && ok ||
	bad "2,000 articles: summary.csv differs with TMPDIR unusable"

echo "$pass passed, $fail failed"
[ $fail = 0 ]

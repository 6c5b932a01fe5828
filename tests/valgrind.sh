#!/bin/sh
# valgrind.sh COPYDESK - memcheck over the command line on every sample and
# format (make valgrind). Fails on any leak or memory error.
set -u
bin=${1:-build/copydesk}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! command -v valgrind > /dev/null; then
	echo "valgrind is not installed"
	exit 1
fi
vg="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible"
pass=0
fail=0
run() {
	SOURCE_DATE_EPOCH=1700000000 $vg "$@" > /dev/null 2> "$tmp/vg.log"
	rc=$?
	# exit 1 is a review crossing a threshold, not a valgrind error
	if [ $rc = 99 ] || grep -q "definitely lost\|Invalid read\|Invalid write" "$tmp/vg.log"; then
		fail=$((fail + 1))
		echo "valgrind: $*" >&2
		cat "$tmp/vg.log" >&2
	else
		pass=$((pass + 1))
	fi
}
for f in samples/*.txt tests/data/conventions.txt; do
	for fmt in text json csv; do
		run "$bin" analyze --format "$fmt" "$f"
	done
	run "$bin" report -q -o "$tmp/out" "$f"
done
run "$bin" report -q -j 2 -o "$tmp/batch" samples
# a review twice: the second reuses the history (SQLite) and reports no change
run "$bin" review -q --no-article-pdfs -o "$tmp/review" --history "$tmp/h.db" samples
run "$bin" review -q --no-article-pdfs -o "$tmp/review" --history "$tmp/h.db" samples
run "$bin" analyze -c copydesk.ini.sample --format json samples
run "$bin" syllables hello world
run "$bin" phrases
echo "$pass passed, $fail failed"
[ $fail = 0 ]

#!/bin/sh
# run.sh TEST_BIN... - runs every unit test binary, then tests/cli/*.sh, and
# sums their "N passed, N failed" lines into one closing line.
set -u
passed=0
failed=0
for t in "$@" tests/cli_*.sh; do
	[ -e "$t" ] || continue
	case $t in *.sh) out=$(BUILD=${BUILD:-build} SANFLAGS="${SANFLAGS:-}" sh "$t" 2>&1) ;; *) out=$("$t" 2>&1) ;; esac
	rc=$?
	last=$(printf '%s\n' "$out" | tail -n 1)
	p=$(printf '%s\n' "$last" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p')
	f=$(printf '%s\n' "$last" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		printf '%s\n' "$out"
		echo "$t: no result line (exit $rc)"
		p=0
		f=1
	elif [ "$f" != 0 ] || [ "$rc" != 0 ]; then
		printf '%s\n' "$out"
		[ "$f" = 0 ] && f=1
	fi
	printf '%-40s %s\n' "$(basename "$t")" "$last"
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

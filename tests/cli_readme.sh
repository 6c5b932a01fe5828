#!/bin/sh
# cli_readme.sh - the library example in README.md compiles, links against
# build/libcopydesk.a and runs. Ends with "N passed, N failed".
set -u
b=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
awk '/^```c$/{on=1; next} /^```$/{on=0} on' README.md > "$tmp/example.c"
if [ -s "$tmp/example.c" ] && ${CC:-cc} -std=c11 -Wall -Wextra -Werror -Iinclude $SANFLAGS -o "$tmp/example" "$tmp/example.c" \
	"$b/libcopydesk.a" -lstemmer /usr/lib/x86_64-linux-gnu/libutf8proc.a -lm -lpthread 2> "$tmp/err"; then
	pass=$((pass + 1))
	out=$("$tmp/example")
	if echo "$out" | grep -q '^7 words, grade'; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "example printed: $out" >&2; fi
else
	fail=$((fail + 1))
	cat "$tmp/err" >&2
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]

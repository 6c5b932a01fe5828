#!/bin/sh
# cli_analyze.sh - copydesk analyze from the outside: the counts of a short
# article that uses every text convention (counted by hand, see below),
# exit codes and messages for bad input. Ends with "N passed, N failed".
set -u
bin=${BUILD:-build}/copydesk
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# tests/data/conventions.txt, by hand: a heading; "Published on" and the
# two lines from "More like this" on are boilerplate (3); four paragraphs;
# three list items (- - 1.); a table of two rows and a separator; sentences
# 3 + 3 + 1 + 3 list items + 1 = 11; words 12+13+3 + 11+11+8 + 3 + 6+3+4 + 8
# = 82 (3.5, Dr., U.S., e.g., 7-2, the URL and the address one word each);
# spacing errors: "schools,libraries" and "roads.Some" (2).
json=$("$bin" analyze --format json tests/data/conventions.txt 2>/dev/null)
check_json() {
	if printf '%s' "$json" | grep -q "\"$1\":$2[,}]"; then ok; else bad "conventions: $1 is not $2: $(printf '%s' "$json" | grep -o "\"$1\":[0-9.]*" | head -1)"; fi
}
check_json words 82
check_json sentences 11
check_json paragraphs 4
check_json headings 1
check_json list_items 3
check_json table_rows 2
check_json boilerplate_lines 3
check_json spacing_errors 2

# Exit codes and messages (cli.h; README "Exit codes").
"$bin" analyze "$tmp/missing.txt" > /dev/null 2> "$tmp/err"; rc=$?
[ $rc = 3 ] && ok || bad "missing file: exit $rc"
grep -q "missing.txt: No such file" "$tmp/err" && ok || bad "missing file message: $(cat "$tmp/err")"

printf 'abc\000def' > "$tmp/bin.txt"
"$bin" analyze "$tmp/bin.txt" tests/data/conventions.txt > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc = 3 ] && ok || bad "binary file: exit $rc"
grep -q "bin.txt: binary file" "$tmp/err" && ok || bad "binary message: $(cat "$tmp/err")"
grep -q "conventions.txt" "$tmp/out" && ok || bad "the other file was not analyzed"

: > "$tmp/empty.txt"
"$bin" analyze --format json "$tmp/empty.txt" > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc = 0 ] && ok || bad "empty file: exit $rc"
grep -q '"words":0,' "$tmp/out" && ok || bad "empty file: words not 0"
grep -q "warning" "$tmp/err" && ok || bad "empty file: no warning"
grep -qi "nan" "$tmp/out" && bad "empty file: NaN in JSON" || ok

mkdir -p "$tmp/dir/sub" "$tmp/dir/.hidden"
cp tests/data/conventions.txt "$tmp/dir/b.txt"
cp tests/data/conventions.txt "$tmp/dir/sub/a.md"
cp tests/data/conventions.txt "$tmp/dir/.hidden/c.txt"
cp tests/data/conventions.txt "$tmp/dir/notes.csv"
n=$("$bin" analyze --format json "$tmp/dir" 2>/dev/null | wc -l)
[ "$n" = 2 ] && ok || bad "folder walk found $n articles, want 2"
first=$("$bin" analyze --format json "$tmp/dir" 2>/dev/null | head -1 | grep -o '"path":"[^"]*"')
[ "$first" = "\"path\":\"$tmp/dir/b.txt\"" ] && ok || bad "folder order: $first"

"$bin" analyze --bogus x > /dev/null 2>&1; rc=$?
[ $rc = 2 ] && ok || bad "unknown option: exit $rc"
"$bin" analyze > /dev/null 2>&1; rc=$?
[ $rc = 2 ] && ok || bad "no file: exit $rc"
"$bin" frobnicate > /dev/null 2>&1; rc=$?
[ $rc = 2 ] && ok || bad "unknown command: exit $rc"
"$bin" --help | grep -q "analyze" && ok || bad "--help"
"$bin" --version | grep -q "utf8proc" && ok || bad "--version"

printf '[analysis]\nlong_sentence = 12abc\n' > "$tmp/bad.ini"
"$bin" analyze -c "$tmp/bad.ini" tests/data/conventions.txt > /dev/null 2> "$tmp/err"; rc=$?
[ $rc = 2 ] && ok || bad "bad ini: exit $rc"
grep -q "bad.ini:2: key 'analysis:long_sentence'" "$tmp/err" && ok || bad "bad ini message: $(cat "$tmp/err")"
[ "$(wc -l < "$tmp/err")" = 1 ] && ok || bad "bad ini: more than one line"

"$bin" analyze --format csv tests/data/conventions.txt > "$tmp/out"
[ "$(wc -l < "$tmp/out")" = 2 ] && ok || bad "csv: want header + 1 row"
head -1 "$tmp/out" | grep -q '^path,title,quality' && ok || bad "csv header"

printf 'hello\nbeautiful\n' | "$bin" syllables > "$tmp/out"
[ "$(cat "$tmp/out")" = "$(printf 'hello\t2\nbeautiful\t3')" ] && ok || bad "syllables stdin: $(cat "$tmp/out")"

echo "$pass passed, $fail failed"
[ $fail = 0 ]

#!/bin/sh
# cli_completion.sh - docs/contrib/copydesk.bash-completion loads in bash,
# registers for copydesk and completes commands, each command's options
# (the ones its --help prints), option values and paths.
# Ends with "N passed, N failed".
set -u
b=${BUILD:-build}
comp=docs/contrib/copydesk.bash-completion
pass=0
fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
if ! command -v bash > /dev/null 2>&1; then
	echo "bash missing: completion not checked" >&2
	echo "0 passed, 0 failed"
	exit 0
fi
bin=$(cd "$b" && pwd)

# complete WORD... : the words bash would offer for the last word (sorted, one line).
complete_words() {
	bash -c '
		PATH=$1:$PATH; shift
		source "$0" || exit 9
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_copydesk
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " " | sed "s/ $//"' "$comp" "$bin" "$@"
}
expect() {
	want=$1
	shift
	got=$(complete_words "$@")
	[ "$got" = "$want" ] && ok || no "completing '$*': got '$got', want '$want'"
}

if bash -c 'source "$0" && complete -p copydesk' "$comp" | grep -q -- '-F _copydesk copydesk'; then ok; else no "the file does not register _copydesk for copydesk"; fi
expect "review" copydesk rev
expect "report review" copydesk re
expect "syllables" copydesk sy
expect "--help --version" copydesk --
cmds=$("$b/copydesk" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ { on = 0 }')
expect "$(printf '%s\n' $cmds --help --version | sort | tr '\n' ' ' | sed 's/ $//')" copydesk ""
# Each command: "-" offers exactly the options of its --help.
for c in $cmds; do
	want=$("$b/copydesk" "$c" --help | awk '/^options:/ { on = 1; next } on' | grep -oE -- '(^| )--?[a-zA-Z][a-zA-Z-]*' |
		tr -d ' ' | sort | tr '\n' ' ' | sed 's/ $//')
	expect "$want" copydesk "$c" -
done
expect "--shard" copydesk review --sh
expect "--no-article-pdfs" copydesk report --no
expect "json" copydesk analyze --format j
expect "csv json text" copydesk analyze -f ""
expect "json" copydesk analyze --format = j
expect "ai" copydesk phrases --category a
expect "" copydesk review --jobs ""
expect "samples" copydesk analyze samp
expect "samples/clean-news.txt" copydesk report -q samples/clean
expect "" copydesk syllables beau

echo "$pass passed, $fail failed"
[ $fail = 0 ]

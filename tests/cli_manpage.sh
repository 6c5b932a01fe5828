#!/bin/sh
# cli_manpage.sh - docs/copydesk.1 says what the program does: for every
# subcommand, the options its --help prints are the options of the man
# page's OPTIONS subsection and of its SYNOPSIS line, both ways; the global
# options (copydesk --help, --version) are in the man page; every key of
# copydesk.ini.sample is in CONFIGURATION under its section with the
# sample's default; the page renders without groff warnings.
# Ends with "N passed, N failed".
set -u
b=${BUILD:-build}
bin=$b/copydesk
man=docs/copydesk.1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# The man page as plain source: \- becomes -, font escapes go.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(<=/<=/g' "$man" > "$tmp/man"

# Options in a text: "-x" and "--long-name" words (after a start, space, quote,
# bracket or comma), one a line, sorted, unique.
opts_in() {
	grep -oE '(^|[] ["(,])--?[a-zA-Z][a-zA-Z-]*' | sed 's/^[] ["(,]//' | sort -u
}

# The OPTIONS subsection of one command: from ".SS cmd" to the next .SS/.SH.
man_options() {
	awk -v c="$1" '/^\.SH / { sec = $2 } sec == "OPTIONS" && /^\.SS / { on = ($2 == c); next }
		/^\.S[HS] / && !(sec == "OPTIONS") { on = 0 } on' "$tmp/man" |
		awk '/^\.TP/ { getline; print }' | opts_in
}

# The SYNOPSIS block of one command: ".SY copydesk" + ".B cmd" to ".YS".
man_synopsis() {
	awk -v c="$1" '/^\.SY/ { sy = 1; n = 0; on = 0; next } /^\.YS/ { sy = 0; on = 0; next }
		sy && n++ == 0 { on = ($0 == ".B " c); next } on' "$tmp/man" | opts_in
}

cmds=$("$bin" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ { on = 0 }')
[ -n "$cmds" ] && ok || no "copydesk --help lists no commands"
seen_all=""
for c in $cmds; do
	if "$bin" "$c" --help > "$tmp/help.$c" 2>&1; then ok; else no "copydesk $c --help failed"; continue; fi
	awk '/^options:/ { on = 1; next } on' "$tmp/help.$c" | opts_in > "$tmp/h"
	man_options "$c" > "$tmp/m"
	man_synopsis "$c" | grep -v -x -e -h -e --help > "$tmp/s"
	grep -v -x -e -h -e --help "$tmp/h" > "$tmp/h-noh"
	cat "$tmp/h" >> "$tmp/all-help"
	[ -s "$tmp/h" ] && ok || no "$c: --help shows no options"
	# help -> man OPTIONS, man OPTIONS -> help.
	for o in $(comm -23 "$tmp/h" "$tmp/m"); do no "$c: $o is in --help, not in the man page's OPTIONS/$c"; done
	for o in $(comm -13 "$tmp/h" "$tmp/m"); do no "$c: $o is in the man page's OPTIONS/$c, not in --help"; done
	cmp -s "$tmp/h" "$tmp/m" && ok
	# help -> man SYNOPSIS and back (-h/--help aside: "copydesk COMMAND -h").
	grep -q -x "\.B $c" "$tmp/man" && ok || no "$c: no SYNOPSIS line"
	# Each option line of --help ("-o, --output DIR") is in SYNOPSIS by one of its names.
	awk '/^options:/ { on = 1; next } on' "$tmp/help.$c" | grep -v -e '--help' | while IFS= read -r l; do
		names=$(printf '%s\n' "$l" | cut -c1-28 | opts_in)
		found=""
		for o in $names; do grep -q -x -- "$o" "$tmp/s" && found=$o; done
		[ -n "$found" ] && echo ok || echo "no $(echo $names) is in --help, not in the man page's SYNOPSIS"
	done > "$tmp/syn"
	while IFS= read -r r; do
		case $r in ok) ok ;; *) no "$c: ${r#no }" ;; esac
	done < "$tmp/syn"
	for o in $(comm -13 "$tmp/h-noh" "$tmp/s"); do no "$c: $o is in the man page's SYNOPSIS, not in --help"; done
	# The help's argument names are the man page's (-f FORMAT, --shard K/N).
	for arg in $(awk '/^options:/ { on = 1; next } on' "$tmp/help.$c" |
		grep -oE -- '--[a-z-]+ [A-Z][A-Z_/]*' | sed 's/ /=/'); do
		o=${arg%%=*}
		a=${arg#*=}
		if grep -E -- "$o[\" ]*$a" "$tmp/man" | grep -q .; then ok; else no "$c: $o $a not in the man page"; fi
	done
	seen_all="$seen_all $c"
done

# Every command the man page documents exists.
for c in $(awk '/^\.SH / { sec = $2 } sec == "OPTIONS" && /^\.SS / { print $2 }' "$tmp/man"); do
	case " $seen_all " in *" $c "*) ok ;; *) no "the man page documents '$c', which copydesk --help does not list" ;; esac
done

# Global options: --help and --version work and are in SYNOPSIS.
if "$bin" --help > /dev/null 2>&1; then ok; else no "copydesk --help failed"; fi
if "$bin" --version | grep -q '^copydesk [0-9]'; then ok; else no "copydesk --version printed no version"; fi
for o in --help --version; do
	awk '/^\.SH SYNOPSIS/ { on = 1; next } /^\.SH / { on = 0 } on' "$tmp/man" | opts_in | grep -q -x -- "$o" &&
		ok || no "$o not in the man page's SYNOPSIS"
done
# Any other option the man page's SYNOPSIS or OPTIONS shows is one some --help prints.
sort -u "$tmp/all-help" > "$tmp/all-help.s"
{ awk '/^\.SH / { on = ($2 == "SYNOPSIS") } on' "$tmp/man"
  awk '/^\.SH / { on = ($2 == "OPTIONS") } on && prev ~ /^\.TP/ { print } { prev = $0 }' "$tmp/man"; } |
	opts_in | grep -v -x -e --version -e -V > "$tmp/man-all"
for o in $(comm -23 "$tmp/man-all" "$tmp/all-help.s"); do no "the man page shows $o, which no --help prints"; done
[ -s "$tmp/man-all" ] && ok

# Every key of copydesk.ini.sample, with its default, under its section.
n=0
section=""
while IFS= read -r line; do
	case $line in
	\[*\]) section=$(echo "$line" | tr -d '[]') ;;
	[a-z]*=*)
		key=$(echo "$line" | sed 's/ *=.*//')
		val=$(echo "$line" | sed 's/^[^=]*= *//')
		n=$((n + 1))
		# The subsection ".SS [section]", then ".B key = value" (or "key =" when empty).
		got=$(awk -v s="[$section]" '/^\.S[SH] / { on = ($2 == s); next } on' "$tmp/man" |
			grep -E "^\.B $key =" | head -n 1 | sed 's/^\.B //')
		want="$key = $val"
		[ -z "$val" ] && want="$key ="
		if [ "$got" = "$want" ]; then ok; else no "copydesk.ini.sample [$section] $key: man page has '${got:-nothing}', not '$want'"; fi
		;;
	esac
done < copydesk.ini.sample
[ "$n" -ge 40 ] && ok || no "read only $n keys from copydesk.ini.sample"
# And the man page lists no key the sample lacks.
for k in $(awk '/^\.SH CONFIGURATION/ { on = 1; next } /^\.SH / { on = 0 } on && /^\.B [a-z_]+ =/ { print $2 }' "$tmp/man"); do
	grep -q "^$k =" copydesk.ini.sample && ok || no "the man page's key $k is not in copydesk.ini.sample"
done

# Every exit code in cli.h is under EXIT STATUS.
for code in $(grep -oE 'CD_EXIT_[A-Z]+ = [0-9]+' src/cli/cli.h | awk '{ print $3 }'); do
	awk '/^\.SH EXIT STATUS/ { on = 1; next } /^\.SH / { on = 0 } on' "$tmp/man" | grep -q -E "^\.BR? .*\b$code\b" &&
		ok || no "exit code $code is not under EXIT STATUS"
done

# Sections the page must have.
for s in NAME SYNOPSIS DESCRIPTION OPTIONS CONFIGURATION "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
	grep -q -x "\.SH $s" "$man" && ok || no "no $s section"
done

# It renders, without warnings, and man(1) reads it.
if command -v groff > /dev/null 2>&1; then
	groff -man -Tutf8 -ww -z "$man" > "$tmp/warn" 2>&1
	[ ! -s "$tmp/warn" ] && ok || { no "groff warnings:"; cat "$tmp/warn" >&2; }
	if MANWIDTH=80 man -l "$man" 2> /dev/null | grep -q 'SOURCE_DATE_EPOCH'; then ok; else no "man -l $man does not render"; fi
else
	echo "groff missing: rendering not checked" >&2
fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]

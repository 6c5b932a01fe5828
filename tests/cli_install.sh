#!/bin/sh
# cli_install.sh - `make install PREFIX=/usr/local DESTDIR=tmp` installs the
# whole layout; the INSTALLED binary, run from a folder outside the source
# tree, writes a report (it finds its fonts at ../share/copydesk/fonts); a
# copy of the binary with no fonts beside it cannot (the control); a small C
# program builds with `pkg-config --cflags --libs copydesk` and counts the
# words the installed binary counts; `make uninstall` leaves no file behind.
#
# DESTDIR and pkg-config: the installed copydesk.pc says prefix=/usr/local
# (where the files will live), not DESTDIR. Here PKG_CONFIG_SYSROOT_DIR=DESTDIR
# makes pkg-config put DESTDIR in front of the -I and -L paths; pkgconf's
# --define-prefix (prefix guessed from where the .pc file is) is checked to
# give the same flags.
# Ends with "N passed, N failed".
set -u
b=${BUILD:-build}
san=${SANFLAGS:-}
src=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

dest=$tmp/dest
prefix=/usr/local
p=$dest$prefix
if ${MAKE:-make} --no-print-directory -C "$src" BUILD="$b" PREFIX=$prefix DESTDIR="$dest" install > "$tmp/install.log" 2>&1; then
	ok
else
	no "make install failed"
	cat "$tmp/install.log" >&2
	echo "$pass passed, $fail failed"
	exit 1
fi

for f in bin/copydesk lib/libcopydesk.a lib/pkgconfig/copydesk.pc include/copydesk.h \
	share/man/man1/copydesk.1.gz share/copydesk/fonts/DejaVuSans.ttf share/copydesk/fonts/DejaVuSans-Bold.ttf share/copydesk/fonts/LICENSE \
	share/bash-completion/completions/copydesk share/doc/copydesk/copydesk.ini.sample \
	share/doc/copydesk/README.md share/doc/copydesk/CMU-NOTICE share/doc/copydesk/scheduling.md; do
	[ -f "$p/$f" ] && ok || no "not installed: $prefix/$f"
done
[ -x "$p/bin/copydesk" ] && ok || no "$prefix/bin/copydesk is not executable"
grep -q -x "prefix=$prefix" "$p/lib/pkgconfig/copydesk.pc" && ok || no "copydesk.pc: prefix is not $prefix"
grep -q '@' "$p/lib/pkgconfig/copydesk.pc" && no "copydesk.pc: a placeholder left: $(grep '@' "$p/lib/pkgconfig/copydesk.pc")" || ok
# The installed man page renders.
if command -v man > /dev/null 2>&1; then
	MANWIDTH=80 man -l "$p/share/man/man1/copydesk.1.gz" 2> /dev/null | grep -q 'EXIT STATUS' && ok || no "the installed man page does not render"
fi

# Run the installed binary from a folder that knows nothing of the source tree.
work=$tmp/work
mkdir -p "$work"
cp "$src/samples/clean-news.txt" "$work/article.txt"
title=$(head -n 1 "$work/article.txt" | cut -d' ' -f1)
sys_fonts=""
for d in /usr/local/share/copydesk/fonts /usr/share/copydesk/fonts; do
	[ -f "$d/DejaVuSans.ttf" ] && sys_fonts=$d
done
(cd "$work" && "$p/bin/copydesk" report -q -o out article.txt > report.log 2>&1)
rc=$?
[ $rc = 0 ] && ok || { no "installed copydesk report: exit $rc"; cat "$work/report.log" >&2; }
if [ -s "$work/out/article.pdf" ]; then
	ok
	pdftotext "$work/out/article.pdf" - 2> /dev/null | grep -q "$title" && ok || no "the report does not show '$title'"
else
	no "no out/article.pdf"
fi
"$p/bin/copydesk" --version | grep -q '^copydesk ' && ok || no "installed copydesk --version"

# Control: the same binary away from the install layout finds no fonts
# (unless a system folder holds them, where it rightly looks too).
mkdir -p "$tmp/lonely/bin"
cp "$p/bin/copydesk" "$tmp/lonely/bin/"
(cd "$work" && "$tmp/lonely/bin/copydesk" report -q -o out2 article.txt > lonely.log 2>&1)
rc=$?
if [ -n "$sys_fonts" ]; then
	echo "fonts installed in $sys_fonts: the no-fonts control is skipped" >&2
elif [ $rc = 4 ] && grep -q 'font' "$work/lonely.log"; then
	ok
else
	no "a copy without fonts beside it: exit $rc, want 4 and a font message"
	cat "$work/lonely.log" >&2
fi

# pkg-config: a 10-line program against the installed library.
if command -v pkg-config > /dev/null 2>&1; then
	export PKG_CONFIG_PATH="$p/lib/pkgconfig"
	flags=$(PKG_CONFIG_SYSROOT_DIR="$dest" pkg-config --cflags --libs copydesk)
	case $flags in *"-I$p/include"*"-L$p/lib"*"-lcopydesk"*) ok ;; *) no "pkg-config flags: $flags" ;; esac
	defprefix=$(pkg-config --define-prefix --cflags --libs copydesk 2> /dev/null) &&
		{ [ "$defprefix" = "$flags" ] && ok || no "--define-prefix gives '$defprefix', sysroot gives '$flags'"; }
	ver=$("$p/bin/copydesk" --version | sed -n '1s/^copydesk //p')
	[ "$(pkg-config --modversion copydesk)" = "$ver" ] && ok || no "pkg-config --modversion is not $ver"
	cat > "$work/words.c" <<'PROG'
#include <stdio.h>
#include <copydesk.h>
int main(int argc, char **argv)
{
	static char buf[1 << 20];
	FILE *f = argc > 1 ? fopen(argv[1], "rb") : NULL;
	size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
	cd_article *a;
	if (!f || fclose(f) != 0 || cd_analyze(&a, buf, n, NULL) != CD_OK)
		return 1;
	printf("%zu\n", cd_article_result(a)->counts.words);
	cd_article_free(a);
	return 0;
}
PROG
	# shellcheck disable=SC2086
	if (cd "$work" && ${CC:-cc} -std=c11 -Wall -Wextra -Werror $san -o words words.c $flags) 2> "$tmp/cc.log"; then
		ok
		got=$("$work/words" "$work/article.txt")
		want=$(cd "$work" && "$p/bin/copydesk" analyze --format json article.txt | grep -o '"words":[0-9]*' | head -n 1 | cut -d: -f2)
		[ -n "$want" ] && [ "$got" = "$want" ] && ok || no "the program counts '$got' words, copydesk analyze '$want'"
	else
		no "the program does not build with pkg-config's flags ($flags)"
		cat "$tmp/cc.log" >&2
	fi
else
	no "pkg-config missing (make deps installs pkgconf)"
fi

# Uninstall leaves no file and none of copydesk's own folders.
if ${MAKE:-make} --no-print-directory -C "$src" BUILD="$b" PREFIX=$prefix DESTDIR="$dest" uninstall > "$tmp/uninstall.log" 2>&1; then
	ok
else
	no "make uninstall failed"
	cat "$tmp/uninstall.log" >&2
fi
left=$(find "$dest" ! -type d)
[ -z "$left" ] && ok || no "left after uninstall: $left"
for d in share/copydesk share/doc/copydesk; do
	[ ! -e "$p/$d" ] && ok || no "left after uninstall: $prefix/$d"
done

echo "$pass passed, $fail failed"
[ $fail = 0 ]

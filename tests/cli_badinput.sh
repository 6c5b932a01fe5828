#!/bin/sh
# cli_badinput.sh - bad inputs and faults from the outside: for each case the
# documented exit status, one line on stderr naming the file and the
# problem, no partial output (no report or temporary file left behind), and
# in batch runs the other files still processed. The cases and messages are
# the README's "Bad input" table; the policy is README "Input policy"
# (src/cli/files.c and src/analyzer/text.c).
# A case that cannot be set up here (chmod as root with no unprivileged
# user to switch to, no private mount namespace for a full file system) is
# reported as SKIP with the reason and counted neither way.
# Ends with "N passed, N failed".
set -u
bin=$PWD/${BUILD:-build}/copydesk
top=$PWD
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
skip() { echo "SKIP: $*" >&2; }
tmp=$(mktemp -d)
trap 'cd /; chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
# Readable by an unprivileged user too (the chmod cases below run as one).
chmod 755 "$tmp"
cd "$tmp" || exit 1
export SOURCE_DATE_EPOCH=1700000000
cp "$top/samples/clean-news.txt" good.txt
cp "$top/samples/tricky-tokens.txt" other.txt

# run NAME CMD...: stdout in NAME.out, stderr in NAME.err, the status in rc.
run() { n=$1; shift; "$@" > "$n.out" 2> "$n.err"; rc=$?; }
# code NAME WANT: the exit status.
code() { [ "$rc" = "$2" ] && ok || bad "$1: exit $rc, want $2; stderr: $(head -c 600 "$1.err")"; }
# says NAME LINE: stderr holds exactly this line.
says() { grep -q -F -x -- "$2" "$1.err" && ok || bad "$1: stderr lacks '$2'; it says: $(head -c 600 "$1.err")"; }
# lines NAME N: stderr has N lines (one per problem, nothing more).
lines() { l=$(wc -l < "$1.err"); [ "$l" = "$2" ] && ok || bad "$1: $l lines on stderr, want $2: $(head -c 600 "$1.err")"; }
# rows NAME N: N CSV rows after the header on stdout (the files processed).
rows() { r=$(($(wc -l < "$1.out") - 1)); [ "$r" = "$2" ] && ok || bad "$1: $r CSV rows, want $2"; }
# nothing_in DIR: no file at all under DIR (or no DIR).
nothing_in() { [ -z "$(find "$1" -type f 2>/dev/null)" ] && ok || bad "files left in $1: $(find "$1" -type f | head -n 5)"; }
# no_temps DIR: no hidden (temporary) file under DIR.
no_temps() { [ -z "$(find "$1" -name '.*' -type f 2>/dev/null)" ] && ok || bad "temporary files left in $1: $(find "$1" -name '.*' -type f | head -n 5)"; }
# pdfs_valid DIR: every PDF under DIR is whole (pdfinfo reads it); echoes nothing.
pdfs_valid() {
	nb=0
	for f in $(find "$1" -name '*.pdf'); do pdfinfo "$f" > /dev/null 2>&1 || { nb=$((nb + 1)); echo "broken PDF: $f" >&2; }; done
	[ $nb = 0 ] && ok || bad "$1: $nb PDFs pdfinfo cannot read"
}

# An unprivileged user for the chmod cases: root reads and writes whatever
# the permission bits say. as_user CMD... runs CMD as that user.
unpriv=""
if [ "$(id -u)" != 0 ]; then
	unpriv=self
elif command -v setpriv > /dev/null 2>&1 &&
	setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" --version > /dev/null 2>&1; then
	unpriv=nobody
fi
as_user() {
	if [ "$unpriv" = nobody ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi
}

# ---- invalid UTF-8: repaired, one U+FFFD per bad byte, one warning ----------
# a stray 0xFF, an overlong "/" (C0 AF), a surrogate (ED A0 80), a cut sequence (E2 82)
printf 'The caf\303\251 opened. A \377 byte, an overlong \300\257 slash, a surrogate \355\240\200 here, and a cut \342\202' > inv.txt
run inv "$bin" analyze --format json inv.txt
code inv 0
says inv "copydesk: inv.txt: warning: 8 invalid UTF-8 bytes replaced by U+FFFD"
grep -q "$(printf '\357\277\275')" inv.out && ok || bad "inv: no U+FFFD in the JSON"
grep -q 'café' inv.out && ok || bad "inv: the valid é was not kept"
run invtext "$bin" analyze inv.txt
grep -q 'warning      8 invalid UTF-8 bytes replaced by U+FFFD' invtext.out && ok || bad "inv: the text table lacks the warning"
run invrep "$bin" report -q -o invrep.o inv.txt
code invrep 0
pdfs_valid invrep.o

# ---- NUL bytes: binary, refused (UTF-16 holds NULs too) -----------------------
printf 'text\000more text' > nul.txt
printf '\377\376H\000i\000' > utf16.txt
run nul "$bin" analyze --format csv nul.txt utf16.txt good.txt
code nul 3
says nul "copydesk: nul.txt: binary file (NUL bytes), not text; skipped"
says nul "copydesk: utf16.txt: binary file (NUL bytes), not text; skipped"
lines nul 2
rows nul 1
mkdir nulbatch && cp nul.txt good.txt other.txt nulbatch/
run nulrep "$bin" report -q -o nulrep.o nulbatch
code nulrep 3
says nulrep "copydesk: nulbatch/nul.txt: binary file (NUL bytes), not text; skipped"
[ -f nulrep.o/good.pdf ] && [ -f nulrep.o/other.pdf ] && [ ! -f nulrep.o/nul.pdf ] && ok || bad "nulrep: the other files' reports"
[ "$(wc -l < nulrep.o/results.jsonl)" = 2 ] && ok || bad "nulrep: results.jsonl should hold the 2 good articles"
no_temps nulrep.o

# ---- empty file: zeros and a warning, never NaN ---------------------------------
: > empty.txt
run empty "$bin" analyze --format json empty.txt
code empty 0
says empty "copydesk: empty.txt: warning: no prose: readability figures are zero"
grep -q -E ':-?(nan|inf|NaN|Inf|Infinity)[],}]' empty.out && bad "empty: NaN or inf in the JSON" || ok
run emptyrep "$bin" report -q -o emptyrep.o empty.txt
code emptyrep 0
pdfs_valid emptyrep.o

# ---- a folder where a file is expected ----------------------------------------
mkdir conf.ini
run dirconf "$bin" analyze -c conf.ini good.txt
code dirconf 2
says dirconf "copydesk: conf.ini: is a directory, not a file"
lines dirconf 1
printf '[report]\nfont_regular = %s\n' "$tmp" > dirfont.ini
run dirfont "$bin" report -q -c dirfont.ini -o dirfont.o good.txt
code dirfont 4
says dirfont "copydesk: font $tmp ([report] font_regular): not a regular file; no report written"
[ ! -e dirfont.o ] && ok || bad "dirfont: the output folder was made"
# A folder named like an article, inside a folder: walked, not read.
mkdir -p dirbatch/folder.txt && cp good.txt dirbatch/folder.txt/inner.txt && cp other.txt dirbatch/
run dirbatch "$bin" analyze --format csv dirbatch
code dirbatch 0
rows dirbatch 2

# ---- a missing file -----------------------------------------------------------
run missing "$bin" analyze --format csv missing.txt good.txt
code missing 3
says missing "copydesk: missing.txt: No such file or directory"
lines missing 1
rows missing 1
run missingrep "$bin" report -q -o missingrep.o missing.txt good.txt
code missingrep 3
says missingrep "copydesk: missing.txt: No such file or directory"
[ -f missingrep.o/good.pdf ] && [ "$(wc -l < missingrep.o/results.jsonl)" = 1 ] && ok || bad "missingrep: good.txt not reported"

# ---- symbolic link loops in a folder ------------------------------------------
mkdir -p loop/sub
cp good.txt loop/
cp other.txt loop/sub/
ln -s b loop/a
ln -s a loop/b
ln -s . loop/sub/self
run loop "$bin" analyze --format csv loop
code loop 3
says loop "copydesk: loop/a: symbolic link loop (too many levels of symbolic links); skipped"
says loop "copydesk: loop/b: symbolic link loop (too many levels of symbolic links); skipped"
says loop "copydesk: loop/sub/self: symbolic link loop (it leads back to a folder being walked); skipped"
lines loop 3
rows loop 2
# A self-loop alone loses nothing: every file is read once, exit 0.
mkdir -p selfloop && cp good.txt selfloop/ && ln -s . selfloop/again
run selfloop "$bin" analyze --format csv selfloop
code selfloop 0
says selfloop "copydesk: selfloop/again: symbolic link loop (it leads back to a folder being walked); skipped"
rows selfloop 1
# Two ways to one folder: read once, by the first path in order.
mkdir -p twice/real && cp good.txt twice/real/ && ln -s real twice/link
run twice "$bin" analyze --format csv twice
code twice 0
says twice "copydesk: twice/real: folder already walked by another path; skipped"
rows twice 1
run looprep "$bin" report -q -o looprep.o loop
code looprep 3
[ "$(find looprep.o -name '*.pdf' ! -name summary.pdf | wc -l)" = 2 ] && ok || bad "looprep: want 2 reports"

# ---- an unreadable file (chmod 000) -------------------------------------------
cp good.txt unreadable.txt
chmod 000 unreadable.txt
if [ -z "$unpriv" ]; then
	skip "unreadable file: running as root with no unprivileged user to switch to (setpriv); root reads a chmod 000 file"
else
	run unreadable as_user "$bin" analyze --format csv unreadable.txt good.txt
	code unreadable 3
	says unreadable "copydesk: unreadable.txt: Permission denied"
	lines unreadable 1
	rows unreadable 1
fi
chmod 644 unreadable.txt

# ---- configuration files --------------------------------------------------------
# A UTF-8 byte order mark: accepted, and its settings hold (max_bytes = 1k
# refuses good.txt, about 3 kB).
printf '\357\273\277[analysis]\nmax_bytes = 1k\n' > bom.ini
run bom "$bin" analyze -c bom.ini --format csv good.txt
code bom 3
says bom "copydesk: good.txt: file too large ($(wc -c < good.txt | tr -d ' ') bytes; the limit is 1024, [analysis] max_bytes)"
printf '\357\273\277# a BOM, then a comment\n[analysis]\nngram_min = 3\n' > bom2.ini
run bom2 "$bin" analyze -c bom2.ini --format csv good.txt
code bom2 0
lines bom2 0

printf '[analysis]\nngram_mni = 3\n' > unknown.ini
run unknown "$bin" analyze -c unknown.ini good.txt
code unknown 2
says unknown "copydesk: unknown.ini:2: key 'analysis:ngram_mni': unknown key (did you mean 'ngram_min'?)"
lines unknown 1
[ ! -s unknown.out ] && ok || bad "unknown key: output written"

printf '[analysis]\nlong_sentence = twenty\n' > number.ini
run number "$bin" analyze -c number.ini good.txt
code number 2
says number "copydesk: number.ini:2: key 'analysis:long_sentence': 'twenty' is not a whole number (expected 1 to 1000)"
lines number 1

printf '[analysis]\nngram_min = 99\n' > range.ini
run range "$bin" analyze -c range.ini good.txt
code range 2
says range "copydesk: range.ini:2: key 'analysis:ngram_min': 99 is out of range (expected 2 to 16)"
lines range 1

{ printf '[analysis]\nngram_min = 3\n[report]\ntitle = '; head -c 1100 /dev/zero | tr '\000' x; printf '\n'; } > longline.ini
run longline "$bin" analyze -c longline.ini good.txt
code longline 2
says longline "copydesk: longline.ini:4: key 'report:title': line is 1108 bytes long; iniparser reads at most 1022"
lines longline 1

run noconf "$bin" analyze -c nothere.ini good.txt
code noconf 2
says noconf "copydesk: nothere.ini: cannot open: No such file or directory"
lines noconf 1
# A bad config stops report before anything is written.
run confrep "$bin" report -q -c unknown.ini -o confrep.o good.txt
code confrep 2
[ ! -e confrep.o ] && ok || bad "confrep: output folder made despite a bad config"

# ---- a missing font ----------------------------------------------------------------
printf '[report]\nfont_regular = /nonexistent/Font.ttf\n' > font.ini
run font "$bin" report -q -c font.ini -o font.o good.txt other.txt
code font 4
says font "copydesk: font /nonexistent/Font.ttf ([report] font_regular): No such file or directory; no report written"
lines font 1
[ ! -e font.o ] && ok || bad "font: output folder made"

# ---- an output folder that cannot be written ----------------------------------------
: > afile
run outdir "$bin" report -q -o afile/sub good.txt other.txt
code outdir 4
says outdir "copydesk: afile/sub: cannot create the output folder: Not a directory"
lines outdir 1
[ ! -s outdir.out ] && ok || bad "outdir: a summary was printed: $(cat outdir.out)"
run outfile "$bin" report -q -o afile good.txt
code outfile 4
says outfile "copydesk: afile: cannot create the output folder: a file of that name is in the way"
[ ! -s afile ] && ok || bad "outfile: afile was written"
if [ -n "$unpriv" ]; then
	mkdir ro && chmod 555 ro
	run rodir as_user "$bin" report -q -o ro good.txt
	code rodir 4
	says rodir "copydesk: ro: cannot write in the output folder: Permission denied"
	nothing_in ro
else
	skip "read-only output folder: running as root with no unprivileged user (setpriv); afile/sub covers it"
fi

# ---- a full disk ----------------------------------------------------------------------
for f in json csv text; do
	"$bin" analyze --format $f good.txt other.txt > /dev/full 2> "full$f.err"; rc=$?
	code "full$f" 4
	says "full$f" "copydesk: standard output: write error: No space left on device"
	lines "full$f" 1
done
# A report whose file is /dev/full (libharu's output is written in place).
mkdir fullpdf && ln -s /dev/full fullpdf/good.pdf
run fullpdf "$bin" report -q -o fullpdf good.txt
code fullpdf 4
says fullpdf "copydesk: fullpdf/good.pdf: No space left on device"
no_temps fullpdf
# Every write failing (a file size limit of 0 fails writes like a full disk,
# with EFBIG): exit 4, one line per output, nothing left. stderr goes
# through a pipe, which the limit does not cover.
mkdir fsz
cp good.txt other.txt fsz/
{ (trap '' XFSZ; ulimit -f 0; exec "$bin" report -q -j 1 -o fsz.o fsz); echo $? > fsz.rc; } 2>&1 > /dev/null | cat > fsz.err
rc=$(cat fsz.rc)
code fsz 4
says fsz "copydesk: fsz.o/good.pdf: File too large"
says fsz "copydesk: fsz.o: cannot write the result tables: File too large"
says fsz "copydesk: fsz.o/summary.pdf: File too large"
# (The cross-article analysis and the summary's records keep what they
# spill to TMPDIR in a 64 KiB buffer: two articles never reach the file.)
lines fsz 4
nothing_in fsz.o
# A real full file system: a 1 MB tmpfs in a private mount namespace (it
# goes away with the namespace), twenty articles of 210 kB reports.
mkdir -p disk/in disk/mnt
if unshare -m sh -c "mount -t tmpfs -o size=1m tmpfs disk/mnt" 2> /dev/null; then
	i=0
	while [ $i -lt 20 ]; do cp "$top/samples/generated-style.txt" disk/in/g$i.txt; i=$((i + 1)); done
	cat > disk/run.sh <<EOF
mount -t tmpfs -o size=1m tmpfs disk/mnt || exit 1
"$bin" report -q -j 2 -o disk/mnt/out disk/in > /dev/null 2> disk.err
echo "rc \$?"
echo "pdfs \$(find disk/mnt/out -name '*.pdf' | wc -l)"
echo "temps \$(find disk/mnt/out -name '.*' -type f | wc -l)"
broken=0
for f in disk/mnt/out/*.pdf; do [ -f "\$f" ] || continue; pdfinfo "\$f" > /dev/null 2>&1 || broken=\$((broken + 1)); done
echo "broken \$broken"
if [ -f disk/mnt/out/results.jsonl ]; then echo "jsonl \$(wc -l < disk/mnt/out/results.jsonl)"; else echo "jsonl none"; fi
EOF
	unshare -m sh disk/run.sh > disk.res 2>&1
	rc=$(sed -n 's/^rc //p' disk.res)
	code disk 4
	grep -q -x 'copydesk: disk/mnt/out/g[0-9]*.pdf: No space left on device' disk.err && ok || bad "disk: no ENOSPC line: $(head -c 400 disk.err)"
	grep -q -x 'temps 0' disk.res && ok || bad "disk: temporary files left: $(cat disk.res)"
	grep -q -x 'broken 0' disk.res && ok || bad "disk: broken PDFs kept: $(cat disk.res)"
	n=$(sed -n 's/^pdfs //p' disk.res)
	[ "${n:-0}" -ge 1 ] && [ "${n:-0}" -lt 20 ] && ok || bad "disk: $n reports kept"
	grep -q -x -e 'jsonl none' -e 'jsonl 20' disk.res && ok || bad "disk: a partial results.jsonl: $(cat disk.res)"
	# The cross-article analysis keeps its signatures in a temporary file
	# in TMPDIR (0.5 KB an article, written 64 KiB at a time): with TMPDIR
	# full, the batch goes on without it (one line, exit 4), and the tables
	# and the summary are still written (the records the summary reads go
	# to memory when TMPDIR cannot take them). 150 articles: 77 KB.
	mkdir -p disk/many
	i=0
	while [ $i -lt 150 ]; do cp good.txt disk/many/g$i.txt; i=$((i + 1)); done
	cat > disk/tmp.sh <<EOF
mount -t tmpfs -o size=64k tmpfs disk/mnt || exit 1
dd if=/dev/zero of=disk/mnt/fill bs=4k count=64 2> /dev/null
TMPDIR=disk/mnt "$bin" report -q -j 2 --no-article-pdfs -o disk/tout disk/many > /dev/null 2> tmpfull.err
echo "rc \$?"
EOF
	unshare -m sh disk/tmp.sh > tmpfull.res 2>&1
	rc=$(sed -n 's/^rc //p' tmpfull.res)
	code tmpfull 4
	says tmpfull "copydesk: cross-article analysis: cannot use its temporary file in disk/mnt: No space left on device; the summary leaves it out"
	lines tmpfull 1
	[ -f disk/tout/summary.pdf ] && [ "$(wc -l < disk/tout/results.jsonl)" = 150 ] && ok ||
		bad "tmpfull: summary or tables missing: $(ls disk/tout 2>&1)"
else
	skip "full file system: cannot mount a tmpfs in a private mount namespace here (unshare -m needs CAP_SYS_ADMIN); /dev/full and the file size limit cover it"
fi

# ---- SIGINT and SIGTERM in the middle of a batch of 300 ---------------------------------
mkdir big
i=0
while [ $i -lt 300 ]; do cp "$top/samples/generated-style.txt" big/g$i.txt; i=$((i + 1)); done
for sig in INT TERM; do
	o=sig$sig.o
	"$bin" report -q -j 2 -o $o big > sig$sig.out 2> sig$sig.err &
	pid=$!
	# Once the first report is in place (the handlers are installed by then).
	t=0
	while [ -z "$(find $o -name '*.pdf' 2> /dev/null | head -n 1)" ] && [ $t -lt 600 ]; do sleep 0.1; t=$((t + 1)); done
	kill -$sig $pid
	wait $pid; rc=$?
	if [ $sig = INT ]; then code sig$sig 130; else code sig$sig 143; fi
	says sig$sig "copydesk: interrupted by SIG$sig: the reports finished so far are kept in $o; results.jsonl, summary.csv and summary.pdf not written"
	lines sig$sig 1
	no_temps $o
	n=$(find $o -name '*.pdf' | wc -l)
	[ "$n" -gt 0 ] && [ "$n" -lt 300 ] && ok || bad "sig$sig: $n reports kept"
	pdfs_valid $o
	[ ! -e $o/results.jsonl ] && [ ! -e $o/summary.csv ] && [ ! -e $o/summary.pdf ] && ok || bad "sig$sig: tables or summary written"
	[ ! -s sig$sig.out ] && ok || bad "sig$sig: a summary was printed: $(cat sig$sig.out)"
done

# ---- an article over [analysis] max_bytes -------------------------------------------------
mkdir size
cp good.txt size/
head -c 5000 /dev/zero | tr '\000' a > size/huge.txt
printf '[analysis]\nmax_bytes = 4k\n' > size.ini
run size "$bin" analyze -c size.ini --format csv size
code size 3
says size "copydesk: size/huge.txt: file too large (5000 bytes; the limit is 4096, [analysis] max_bytes)"
lines size 1
rows size 1
run sizerep "$bin" report -q -c size.ini -o sizerep.o size
code sizerep 3
says sizerep "copydesk: size/huge.txt: file too large (5000 bytes; the limit is 4096, [analysis] max_bytes)"
[ -f sizerep.o/good.pdf ] && [ ! -f sizerep.o/huge.pdf ] && [ "$(wc -l < sizerep.o/results.jsonl)" = 1 ] && ok || bad "sizerep: good.txt not reported alone"

# ---- a path longer than PATH_MAX --------------------------------------------------------------
pm=$(getconf PATH_MAX / 2> /dev/null || echo 4096)
long=$(awk 'BEGIN { s = "p"; for (i = 0; i < 199; i++) s = s "p"; for (i = 0; i < 25; i++) printf "%s/", s; }')
run longpath "$bin" analyze --format csv "${long}x.txt" good.txt
code longpath 3
grep -q -x "copydesk: p*\.\.\.\[5030 bytes\]\.\.\.p*/x\.txt: path too long (5030 bytes; the system's limit, PATH_MAX, is $pm)" longpath.err && ok || bad "longpath: message: $(cat longpath.err)"
lines longpath 1
rows longpath 1
run longout "$bin" report -q -o "${long}out" good.txt
code longout 4
grep -q -x "copydesk: p*\.\.\.\[5028 bytes\]\.\.\.p*/out: cannot create the output folder: path too long (5028 bytes; the system's limit, PATH_MAX, is $pm)" longout.err && ok || bad "longout: message: $(cat longout.err)"
run longconf "$bin" analyze -c "${long}x.ini" good.txt
code longconf 2
grep -q -x "copydesk: p*\.\.\.\[5030 bytes\]\.\.\.p*/x\.ini: the path is longer than 511 bytes" longconf.err && ok || bad "longconf: message: $(cat longconf.err)"
# A folder whose walk goes past PATH_MAX: that entry is reported, the rest read.
# Twenty levels of 250-byte names, made short (a/a/...) and renamed from the
# deepest up, so that no command here needs a path over PATH_MAX.
mkdir -p far && cp good.txt far/
short=far/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a
mkdir -p $short && cp other.txt $short/far.txt
name=$(printf '%0250d' 0)
d=$short
while [ "$d" != far ]; do mv "$d" "$(dirname "$d")/$name"; d=$(dirname "$d"); done
run far "$bin" analyze --format csv far
code far 3
grep -q -E "^copydesk: far/0+\.\.\.\[[0-9]+ bytes\]\.\.\.0+: File name too long; skipped$" far.err && ok || bad "far: message: $(cat far.err)"
lines far 1
rows far 1

# ---- 200 levels of folders ------------------------------------------------------------------------
(mkdir deep && cd deep && i=1 && while [ $i -le 200 ]; do mkdir d$i && cd d$i || exit 1; i=$((i + 1)); done && cp "$tmp/good.txt" deepest.txt)
deepest=$(find deep -name deepest.txt)
run deep "$bin" analyze --format csv deep
code deep 0
lines deep 0
grep -q "^$deepest," deep.out && ok || bad "deep: the deepest file is not in the CSV"
run deeprep "$bin" report -q -o deep.o deep
code deeprep 0
[ -f "deep.o/$(echo "${deepest#deep/}" | sed 's/\.txt$/.pdf/')" ] && ok || bad "deeprep: no report at the mirrored path"
pdfs_valid deep.o

# ---- a folder with no article ------------------------------------------------------------------
# An empty folder (or one with no file of a wanted extension) named on the
# command line is an input problem, exit 3; the other inputs are processed.
mkdir -p none && echo "not an article" > none/notes.csv
run none "$bin" analyze --format csv none "$tmp/good.txt"
code none 3
says none "copydesk: none: no articles in this folder (files ending .txt .md .markdown .text)"
lines none 1
rows none 1
# a folder named twice (or inside another named folder) is walked once and is no error
mkdir -p named2/sub && cp "$tmp/good.txt" named2/sub/a.txt
run named2 "$bin" analyze --format csv named2 named2/ named2/sub
code named2 0
rows named2 1
run nonerep "$bin" report -q -o none.o none
code nonerep 3
says nonerep "copydesk: none: no articles in this folder (files ending .txt .md .markdown .text)"

echo "$pass passed, $fail failed"
[ $fail = 0 ]

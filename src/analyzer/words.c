/*
 * words.c - the tokenizer and word folding (see words.h and DESIGN.md,
 * "Text conventions").
 *
 * Joining rules, checked at a non-word character between word characters:
 *   '  ’  ʼ     between letters: one word (Israel's, don't)
 *   -  ‐  ‑    between letters or digits: one hyphenated word
 *   –          (en dash) between digits: one word, a range (2023–24, 5–2)
 *   .          digit.digit (3.5); single letters (U.S., e.g., a.m.,
 *              F.B.I., a.k.a.); a domain whose last label is a known
 *              top-level domain (example.com, news.example.co.uk); a file
 *              name with a known extension (report.pdf, Node.js); a dotted
 *              e-mail name (jane.q.public@example.com); anything else
 *              splits and, with no space after it, is a spacing error
 *   ,          digit,ddd (1,000)
 *   :          digit:digit (10:30)
 *   &          between capitals (AT&T)
 *   @          an e-mail address
 * http://, https:// and www. start a URL that runs to the next space.
 * The target of a Markdown link, "[text](https://...)" or "[text](/a/b)",
 * is one token marked as such: readers see the text, so segment.c makes
 * no word of it.
 * A period after an abbreviation (data/abbreviations.txt), an initialism
 * or a single capital (J. Smith) belongs to the word.
 */
#include "analyzer/words.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/chars.h"
#include "util/text.h"
#include "abbreviations.inc"

/* ---- abbreviations ---------------------------------------------------- */

typedef struct {
	char word[12];
	unsigned char cls;
} abbr_entry;

static abbr_entry abbr_table[256];
static size_t abbr_count;
static pthread_once_t abbr_once = PTHREAD_ONCE_INIT;

static int abbr_cmp(const void *x, const void *y)
{
	return strcmp(((const abbr_entry *)x)->word, ((const abbr_entry *)y)->word);
}

static void abbr_load(void)
{
	const char *p = cdi_data_abbreviations;
	while (*p && abbr_count < sizeof abbr_table / sizeof abbr_table[0]) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (len > 2 && p[0] != '#') {
			const char *sp = memchr(p, ' ', len);
			if (sp && (size_t)(sp - p) < sizeof abbr_table[0].word) {
				abbr_entry *e = &abbr_table[abbr_count++];
				memcpy(e->word, p, (size_t)(sp - p));
				e->word[sp - p] = '\0';
				e->cls = (unsigned char)sp[1];
			}
		}
		p += len + (eol != NULL);
	}
	qsort(abbr_table, abbr_count, sizeof abbr_table[0], abbr_cmp);
}

/* The class of the ASCII word s[0, len) when it is a known abbreviation. */
static int abbr_class(const char *s, size_t len)
{
	abbr_entry key;
	if (len == 0 || len >= sizeof key.word)
		return CDI_ABBR_NONE;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80)
			return CDI_ABBR_NONE;
		key.word[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	key.word[len] = '\0';
	pthread_once(&abbr_once, abbr_load);
	const abbr_entry *e = bsearch(&key, abbr_table, abbr_count, sizeof key, abbr_cmp);
	return e ? e->cls : CDI_ABBR_NONE;
}

int cdi_abbr_class(const char *s, size_t len)
{
	return abbr_class(s, len);
}

/* ---- top-level domains ------------------------------------------------ */

/* The generic and common country domains seen in news text; "in", "it",
 * "me", "us" are left out: "the region.in addition" is a glued sentence far
 * more often than a domain. */
static const char *const tlds[] = {
	"ae", "ai", "au", "biz", "ca", "ch", "cn", "co", "com", "de", "edu", "es", "eu",
	"fr", "gov", "il", "info", "int", "io", "jp", "mil", "net", "news", "nl", "nz",
	"org", "ru", "tv", "uk", "za"
};

/* File-name extensions seen in news text ("report.pdf", "Node.js"); none
 * is an English word, so "the plan.js" stays one name while "the
 * plan.the" is a spacing error. */
static const char *const file_exts[] = {
	"apk", "bak", "bmp", "bz2", "cfg", "conf", "cpp", "crt", "csv", "db", "dmg", "docx",
	"epub", "exe", "flac", "gif", "gz", "heic", "htm", "html", "ico", "ini", "iso",
	"jpeg", "jpg", "js", "json", "md", "mkv", "mov", "mp3", "mp4", "odt",
	"ogg", "pdf", "pem", "php", "plist", "png", "ppt", "pptx", "py", "rar", "rpm", "rtf", "sh",
	"sql", "sqlite", "svg", "tgz", "tiff", "toml", "ts", "tsx", "ttf", "txt", "wav",
	"webp", "woff", "xls", "xlsx", "xml", "xz", "yaml", "yml"
};

static int in_list(const char *const *list, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
			return 1;
	return 0;
}

static int is_tld(const char *s, size_t len)
{
	return in_list(tlds, sizeof tlds / sizeof tlds[0], s, len);
}

/* 1 when no word character follows at t[k]. */
static int ends_word(const char *t, size_t k, size_t end)
{
	int32_t cp = 0;
	if (k < end)
		cdi_decode(t, end, k, &cp);
	return k >= end || !cdi_is_word(cp);
}

/* 1 when t[from, to) is all ASCII. */
static int ascii_run(const char *t, size_t from, size_t to)
{
	for (size_t q = from; q < to; q++)
		if ((unsigned char)t[q] >= 0x80)
			return 0;
	return 1;
}

#define FILE_NAME_MAX 64

/* At t[i] just after a '.', the end of a file name whose last dotted part
 * is an extension and ends the word there (".pdf" in "report.pdf,",
 * "atlas.config.yaml", "docker-compose.override.yml"), else 0; the name
 * before it (t[ws, i - 1)) must be ASCII, the parts after it lower case. */
static size_t file_ext_end(const char *t, size_t ws, size_t i, size_t end)
{
	/* A file name is short: a longer run of dotted parts is not read as
	 * one (and each period of it does not cost a scan of the rest). */
	if (i - ws > FILE_NAME_MAX || !ascii_run(t, ws, i - 1))
		return 0;
	/* the furthest part that is an extension: "filename.txt.bak" is
	 * "filename.txt", then ".bak" */
	size_t k = i, part = i, found = 0;
	for (;;) {
		if (k - i > FILE_NAME_MAX)
			return found;
		while (k < end && ((t[k] >= 'a' && t[k] <= 'z') || (t[k] >= '0' && t[k] <= '9') ||
		                   (k > part && (t[k] == '-' || t[k] == '_'))))
			k++;
		if (in_list(file_exts, sizeof file_exts / sizeof file_exts[0], t + part, k - part) &&
		    ends_word(t, k, end))
			found = k;
		if (k > part && k + 1 < end && t[k] == '.' &&
		    ((t[k + 1] >= 'a' && t[k + 1] <= 'z') || (t[k + 1] >= '0' && t[k + 1] <= '9'))) {
			part = ++k;
			continue;
		}
		return found;
	}
}

/* At t[i] just after a '.', the '@' of an e-mail address whose local part
 * goes on with more dots ("jane.q.public@example.com"), else 0. The scan
 * stops after EMAIL_LOCAL_MAX bytes (RFC 5321's limit for a local part):
 * it runs at every period, and must not make "ab.ab.ab..." quadratic. */
#define EMAIL_LOCAL_MAX 64
static size_t email_at(const char *t, size_t i, size_t end)
{
	size_t k = i;
	while (k < end && k - i < EMAIL_LOCAL_MAX &&
	       (((t[k] | 0x20) >= 'a' && (t[k] | 0x20) <= 'z') || (t[k] >= '0' && t[k] <= '9') ||
	        t[k] == '.' || t[k] == '_' || t[k] == '-' || t[k] == '+'))
		k++;
	if (k == i || k + 1 >= end || t[k] != '@' || t[k - 1] == '.')
		return 0;
	unsigned char c = (unsigned char)t[k + 1];
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') ? k : 0;
}

/* ---- sentence openers ---------------------------------------------------- */

static const char *const openers[] = {
	"a", "after", "all", "also", "although", "an", "and", "as", "at", "because",
	"before", "both", "but", "by", "during", "each", "for", "from", "he", "he's",
	"her", "here's", "his", "however", "i", "i'm", "i've", "if", "in", "it",
	"it's", "its", "let's", "many", "meanwhile", "more", "most", "my", "no",
	"now", "on", "one", "our", "she", "she's", "since", "so", "some", "such",
	"that", "that's", "the", "their", "then", "there", "there's", "these", "they",
	"they're", "this", "those", "though", "thus", "to", "under", "we", "we're",
	"we've", "what", "what's", "when", "where", "while", "with", "yet", "you",
	"you're"
};

int cdi_is_sentence_opener(const char *folded)
{
	size_t lo = 0, hi = sizeof openers / sizeof openers[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(folded, openers[mid]);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* ---- the tokenizer ------------------------------------------------------ */

static size_t word_run(const char *t, size_t i, size_t end)
{
	while (i < end) {
		unsigned char c = (unsigned char)t[i];
		if (c < 0x80) {
			if ((unsigned)((c | 32) - 'a') < 26u || (unsigned)(c - '0') < 10u) {
				i++;
				continue;
			}
			break;
		}
		int32_t cp;
		size_t n = cdi_decode(t, end, i, &cp);
		if (!cdi_is_word(cp))
			break;
		i += n;
	}
	return i;
}

static int is_url_start(const char *t, size_t i, size_t end)
{
	if (t[i] != 'h' && t[i] != 'w' && t[i] != 'W')
		return 0;
	size_t left = end - i;
	return (left > 8 && strncmp(t + i, "https://", 8) == 0) ||
	       (left > 7 && strncmp(t + i, "http://", 7) == 0) ||
	       (left > 4 && (strncmp(t + i, "www.", 4) == 0 || strncmp(t + i, "WWW.", 4) == 0));
}

/* The end of a URL starting at i: up to white space, less trailing
 * punctuation and an unmatched closing bracket. */
static size_t url_end(const char *t, size_t i, size_t end)
{
	size_t j = i;
	int parens = 0;
	while (j < end) {
		int32_t cp;
		size_t n = cdi_decode(t, end, j, &cp);
		if (cdi_is_space(cp) || cp == '\n' || cp == '<' || cp == '>' || cp == '"' ||
		    cp == 0x201C || cp == 0x201D)
			break;
		if (cp == '(')
			parens++;
		if (cp == ')' && --parens < 0)
			break;
		j += n;
	}
	while (j > i && strchr(".,;:!?'", t[j - 1]) != NULL)
		j--;
	return j;
}

/* At t[i] == '.', the end of a domain name when the labels from the word
 * start ws lead to a top-level domain (example.com, bbc.co.uk), else 0. */
#define DOMAIN_LABELS 8   /* more than news.example.co.uk has */

static size_t domain_end(const char *t, size_t ws, size_t i, size_t end)
{
	size_t last = 0, labels = 0;
	size_t j = i;
	/* At most DOMAIN_LABELS labels: the walk runs at every period. */
	while (j < end && t[j] == '.' && labels++ < DOMAIN_LABELS) {
		size_t k = j + 1;
		while (k < end && ((t[k] >= 'a' && t[k] <= 'z') || (t[k] >= '0' && t[k] <= '9') ||
		                   (t[k] == '-')))
			k++;
		if (k == j + 1)
			break;
		if (is_tld(t + j + 1, k - j - 1))
			last = k;
		j = k;
	}
	if (!last)
		return 0;
	/* The label after the last TLD must end the word, and the part before
	 * the first dot be ASCII. */
	if (!ends_word(t, last, end) || !ascii_run(t, ws, i))
		return 0;
	/* A path after the domain belongs to it. */
	if (last < end && t[last] == '/')
		return url_end(t, last, end);
	return last;
}

/* Whether the word t[ws, j) is made of single letters joined by periods
 * so far (U.S, e.g, a.m). */
static int is_initialism(const char *t, size_t ws, size_t j)
{
	size_t run = 0, dots = 0;
	for (size_t k = ws; k < j; k++) {
		unsigned char c = (unsigned char)t[k];
		if (c == '.') {
			if (run != 1)
				return 0;
			run = 0;
			dots++;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			run++;
		} else {
			return 0;
		}
	}
	return dots > 0 && run == 1;
}

/* ph.d and similar dotted abbreviations from the list. */
static int is_dotted_abbr(const char *t, size_t ws, size_t j)
{
	return memchr(t + ws, '.', j - ws) != NULL && abbr_class(t + ws, j - ws) != CDI_ABBR_NONE;
}

static int is_glue_mark(char c)
{
	return c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?';
}

/* 1 when the text before t[i] (back to start) ends in ", ": a place
 * after its city ("Newton, Mass."). */
static int after_comma(const char *t, size_t start, size_t i)
{
	while (i > start && (t[i - 1] == ' ' || t[i - 1] == '\t'))
		i--;
	return i > start && t[i - 1] == ',';
}

static int has_digit(const char *t, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++)
		if (t[k] >= '0' && t[k] <= '9')
			return 1;
	return 0;
}

static int is_alnum_ascii(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* 1 when t[from, to), between a word and a mark, closes the word: a %, a
 * closing parenthesis, or a quote after a letter, digit or end mark ("9.3%",
 * "(see above)", "\"no\"", "\u201cno\u201d"); not an opening quote
 * (".exe") or code ("<?xml", "(*.s)"). */
static int closes_word(const char *t, size_t from, size_t to)
{
	if (to - from == 1 && (t[from] == '%' || t[from] == ')'))
		return 1;
	int quote = (to - from == 1 && t[from] == '"') ||
	            (to - from == 3 && memcmp(t + from, "\xe2\x80", 2) == 0 &&
	             (t[from + 2] == '\x9d' || t[from + 2] == '\x99'));
	if (!quote || from == 0)
		return 0;
	char b = t[from - 1];
	return is_alnum_ascii(b) || b == '.' || b == '!' || b == '?';
}

static int next_is_number(const char *t, size_t i, size_t end)
{
	while (i < end && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n'))
		i++;
	return i < end && t[i] >= '0' && t[i] <= '9';
}

/* 1 when the tokens before a "St." make it a street's: an ordinal right
 * before it ("W. 14th St."; not "No. 4 St. John's"), or a house number, a
 * compass point perhaps, then one name ("210 W. Commerce St.", "14 Main
 * St."); not a place named for a saint ("Mount St. Helens", "Port St.
 * Lucie"). */
static int street_number_before(const char *t, const cdi_toks *out)
{
	static const char *const places[] = { "cape", "fort", "ft", "lake", "mount", "mt", "port" };
	size_t n = out->n;
	if (n >= 1 && (out->v[n - 1].flags & CD_WORD_NUMBER)) {
		const cdi_tok *o = &out->v[n - 1];
		static const char *const suffixes[] = { "st", "nd", "rd", "th" };
		if (o->end - o->start < 3 || t[o->end - 3] < '0' || t[o->end - 3] > '9')
			return 0;
		for (size_t k = 0; k < 4; k++)
			if (cdi_ascii_ieq(t + o->end - 2, suffixes[k], 2))
				return 1;
		return 0;
	}
	if (n < 2)
		return 0;
	const cdi_tok *name = &out->v[n - 1];
	if (!(name->flags & CD_WORD_CAPITALIZED) || (name->flags & CD_WORD_NUMBER))
		return 0;
	size_t nl = name->end - name->start;
	if (name->end > name->start && t[name->end - 1] == '.')
		nl--;
	for (size_t k = 0; k < sizeof places / sizeof places[0]; k++)
		if (strlen(places[k]) == nl && cdi_ascii_ieq(t + name->start, places[k], nl))
			return 0;
	const cdi_tok *p = &out->v[n - 2];
	if (p->flags & CD_WORD_NUMBER)
		return 1;
	/* a compass point between: "210 W. Commerce", "9 NE Oak" */
	size_t pl = p->end - p->start - (t[p->end - 1] == '.');
	int compass = pl >= 1 && pl <= 2;
	for (size_t k = p->start; compass && k < p->start + pl; k++)
		compass = t[k] == 'N' || t[k] == 'S' || t[k] == 'E' || t[k] == 'W';
	return compass && n >= 3 && (out->v[n - 3].flags & CD_WORD_NUMBER);
}

static void measure(const char *t, cdi_tok *tok)
{
	size_t letters = 0, upper = 0, lower = 0;
	int first = 1;
	for (size_t i = tok->start; i < tok->end;) {
		int32_t cp = (unsigned char)t[i];
		if (cp < 0x80) {
			i++;
			if ((unsigned)(cp - 'a') < 26u) {
				letters++;
				lower++;
				first = 0;
				continue;
			}
		} else {
			i += cdi_decode(t, tok->end, i, &cp);
		}
		if (!cdi_is_word(cp))
			continue;
		letters++;
		if (cdi_is_upper(cp))
			upper++;
		else if (cdi_is_lower(cp))
			lower++;
		if (first) {
			first = 0;
			if (cdi_is_digit(cp))
				tok->flags |= CD_WORD_NUMBER;
			else if (cdi_is_upper(cp))
				tok->flags |= CD_WORD_CAPITALIZED;
		}
	}
	if (upper >= 2 && lower == 0 && !(tok->flags & CD_WORD_NUMBER))
		tok->flags |= CD_WORD_ALLCAPS;
	tok->letters = (uint16_t)(letters > UINT16_MAX ? UINT16_MAX : letters);
}

int cdi_tokenize(const char *t, size_t start, size_t end, cdi_toks *out)
{
	size_t i = start;
	size_t prev_end = (size_t)-1;      /* end of the previous word */
	while (i < end) {
		int32_t cp;
		size_t n = cdi_decode(t, end, i, &cp);
		cdi_tok tok = { i, i, 0, 0, CDI_ABBR_NONE, 0 };
		size_t te;
		if (cp == '(' && i > start && (te = cdi_md_target_end(t, i - 1, end)) != 0) {
			/* "[text](target)": the target is one token, and no word */
			tok.start = i + 1;
			tok.end = te - 1;
			tok.flags |= CD_WORD_URL;
			tok.link = 1;
		} else if (is_url_start(t, i, end)) {
			tok.end = url_end(t, i, end);
			tok.flags |= CD_WORD_URL;
		} else if (!cdi_is_word(cp) || cdi_is_mark(cp)) {
			i += n;   /* "❤️": the emoji's variation selector opens no word */
			continue;
		} else {
			/* ".300", ".45 caliber": a number without its leading zero */
			if (cdi_is_digit(cp) && i > start && t[i - 1] == '.' &&
			    (i - 1 == start || t[i - 2] == ' ' || t[i - 2] == '\t' || t[i - 2] == '\n' ||
			     t[i - 2] == '('))
				tok.start = i - 1;
			size_t j = word_run(t, i, end);
			while (j < end) {
				/* The common end of a word: an ASCII character that joins
				 * nothing (space, most punctuation). */
				unsigned char b = (unsigned char)t[j];
				if (b < 0x80 && b != '\'' && b != '-' && b != '.' && b != ',' && b != ':' &&
				    b != '&' && b != '@')
					break;
				int32_t c, nx = 0, pv;
				size_t cl = cdi_decode(t, end, j, &c);
				size_t nj = j + cl;
				if (nj < end)
					cdi_decode(t, end, nj, &nx);
				cdi_decode(t, end, cdi_prev_start(t, j), &pv);
				if (!cdi_is_word(nx))
					break;
				if (cdi_is_apostrophe(c) && cdi_is_letter(pv) && cdi_is_letter(nx)) {
					j = word_run(t, nj, end);
				} else if (cdi_is_hyphen(c) ||
				           (c == 0x2013 && cdi_is_digit(pv) && cdi_is_digit(nx))) {
					/* an en dash joins a range of numbers: 2023–24, 5–2 */
					tok.flags |= CD_WORD_HYPHENATED;
					j = word_run(t, nj, end);
				} else if (c == '.' && cdi_is_digit(pv) && cdi_is_digit(nx)) {
					j = word_run(t, nj, end);
				} else if (c == '.') {
					size_t after = word_run(t, nj, end);
					size_t d;
					if (cdi_is_letter(nx) && after - nj == 1 &&
					    (is_initialism(t, i, j) ||
					     (j - i == 1 && (t[i] | 0x20) >= 'a' && (t[i] | 0x20) <= 'z' &&
					      after < end && t[after] == '.'))) {
						j = after;   /* U.S, F.B.I, a.k.a */
					} else if ((d = email_at(t, nj, end)) != 0) {
						j = d;       /* the '@' below takes the domain */
					} else if ((d = domain_end(t, i, j, end)) != 0) {
						tok.flags |= CD_WORD_URL;
						j = d;
						break;
					} else if (is_dotted_abbr(t, i, after)) {
						j = after;
					} else if ((d = file_ext_end(t, i, nj, end)) != 0) {
						j = d;       /* report.pdf, Node.js */
					} else {
						break;
					}
				} else if (c == ',' && cdi_is_digit(pv) && end - nj >= 3 &&
				           cdi_is_digit(nx) && t[nj + 1] >= '0' && t[nj + 1] <= '9' &&
				           t[nj + 2] >= '0' && t[nj + 2] <= '9' &&
				           (nj + 3 >= end || !(t[nj + 3] >= '0' && t[nj + 3] <= '9'))) {
					j = nj + 3;
				} else if (c == ':' && cdi_is_digit(pv) && cdi_is_digit(nx)) {
					j = word_run(t, nj, end);       /* 10:30 */
				} else if (c == '&' && cdi_is_upper(pv) && cdi_is_upper(nx)) {
					j = word_run(t, nj, end);
				} else if (c == '@') {
					/* Whole code points: a byte of a multi-byte character
					 * read as one (0xEF as U+00EF) would end the address
					 * inside the character. */
					size_t k = nj;
					while (k < end) {
						int32_t ck, cn = 0;
						size_t kl = cdi_decode(t, end, k, &ck);
						if (ck == '.' && k + 1 < end)
							cdi_decode(t, end, k + 1, &cn);
						if (!cdi_is_word(ck) && ck != '-' && !(ck == '.' && cdi_is_word(cn)))
							break;
						k += kl;
					}
					tok.flags |= CD_WORD_URL;
					j = k;
					break;
				} else {
					break;
				}
			}
			tok.end = j;
			/* A period that belongs to the word. */
			if (j < end && t[j] == '.' && !(tok.flags & CD_WORD_URL) &&
			    !(j + 1 < end && t[j + 1] == '.')) {
				int cls = abbr_class(t + i, j - i);
				if (cls == CDI_ABBR_NONE && is_initialism(t, i, j))
					cls = CDI_ABBR_END;
				if ((cls == CDI_ABBR_NUMBER || cls == CDI_ABBR_MONTH) &&
				    !next_is_number(t, j + 1, end))
					cls = CDI_ABBR_NONE;
				if (cls == CDI_ABBR_NONE && j - i == 1 && t[i] >= 'A' && t[i] <= 'Z' &&
				    !(i >= 2 && (unsigned char)t[i - 2] == 0xC2 &&
				      (unsigned char)t[i - 1] == 0xB0) &&
				    !(i >= 1 && (t[i - 1] == '+' || (t[i - 1] >= '0' && t[i - 1] <= '9'))))
					cls = CDI_ABBR_INITIAL;   /* J. Smith; not 350°F., Ctrl+L. */
				if (cls == CDI_ABBR_STATE && !(t[i] >= 'A' && t[i] <= 'Z' &&
				                               after_comma(t, start, i)))
					cls = CDI_ABBR_NONE;
				if (cls == CDI_ABBR_TITLE && j - i == 2 && (t[i] | 0x20) == 's' &&
				    (t[i + 1] | 0x20) == 't' && street_number_before(t, out))
					cls = CDI_ABBR_STREET;   /* "W. 14th St. No arrests": a street */
				if (cls == CDI_ABBR_UNIT)   /* "1 tsp. vanilla": after a number only */
					cls = out->n > 0 && (out->v[out->n - 1].flags & CD_WORD_NUMBER) ?
					      CDI_ABBR_STREET : CDI_ABBR_NONE;
				if (cls != CDI_ABBR_NONE) {
					tok.abbr = (unsigned char)cls;
					tok.flags |= CD_WORD_ABBREVIATION;
					tok.end = j + 1;
				}
			}
		}
		measure(t, &tok);
		/* Glued: the previous word ends in (or is followed directly by)
		 * punctuation, and this word follows with no space. */
		if (prev_end != (size_t)-1 && tok.start > 0 && out->n > 0) {
			size_t p = tok.start;
			const cdi_tok *pt = &out->v[out->n - 1];
			int glued = 0;
			size_t mk = prev_end;   /* the mark */
			if (prev_end == p && (pt->flags & CD_WORD_ABBREVIATION))
				glued = 1;       /* U.S.involvement */
			else if (prev_end + 1 == p && is_glue_mark(t[prev_end]))
				glued = 1;
			else if (p >= prev_end + 2 && is_glue_mark(t[p - 1]) &&
			         closes_word(t, prev_end, p - 1))
				glued = 1, mk = p - 1;   /* 9.3%,the  "no".Then  (see above).The */
			else if (p >= prev_end + 2 && t[p - 1] == '"' && (t[p - 2] == '.' || t[p - 2] == ',') &&
			         is_alnum_ascii(t[p - 3]))
				glued = 1, mk = p - 2;   /* said."The */
			else if (p >= prev_end + 4 && memcmp(t + p - 3, "\xe2\x80\x9c", 3) == 0 &&
			         (t[p - 4] == '.' || t[p - 4] == ',') && is_alnum_ascii(t[p - 5]))
				glued = 1, mk = p - 4;   /* said.\u201cWe */
			if (glued && (tok.flags & CD_WORD_NUMBER) && t[mk] != '.')
				glued = 0;       /* 10:30, 3,5 */
			if (glued && (pt->flags & CD_WORD_NUMBER) &&
			    (tok.letters < 2 || has_digit(t, tok.start, tok.end) || t[mk] == ':' ||
			     t[mk] == ';'))
				glued = 0;       /* f(1,n-1), 10.x, ms=01;31:mc */
			if (glued && t[mk] == ':' && (has_digit(t, pt->start, pt->end) ||
			                              has_digit(t, tok.start, tok.end)))
				glued = 0;       /* a code: E. coli O157:H7, ISO:8601 */
			if (glued && prev_end + 1 == p && t[prev_end] == '.' &&
			    (tok.flags & CD_WORD_ALLCAPS) && (pt->flags & CD_WORD_ALLCAPS) &&
			    !(pt->flags & CD_WORD_ABBREVIATION))
				glued = 0;       /* ASP.NET; not "economy.NASA", "U.S.NATO" */
			if (glued && ((pt->flags | tok.flags) & CD_WORD_URL))
				glued = 0;
			if (glued)
				tok.flags |= CD_WORD_GLUED;
		}
		if (CDI_VEC_PUSH(out, tok) != 0)
			return -1;
		prev_end = tok.end;
		i = tok.end > i ? tok.end : i + n;
	}
	return 0;
}

/* ---- folding ------------------------------------------------------------ */

int cdi_fold_word(cd_article *a, size_t start, size_t end, uint32_t *id, const char **folded)
{
	const char *t = a->r.text;
	size_t len = end - start;
	char stack[128];
	char *buf = len < sizeof stack ? stack : malloc(len + 1);
	if (!buf)
		return CD_ENOMEM;
	int ascii = 1;
	size_t i = 0;
	/* 8 bytes a step: any byte >= 0x80 ends the ASCII path; 'A'-'Z' get
	 * 0x20 added (the upper test works on the low 7 bits, so it holds for
	 * ASCII bytes, the only ones this path keeps). */
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	for (; i + 8 <= len; i += 8) {
		uint64_t x;
		memcpy(&x, t + start + i, 8);
		if (x & high) {
			ascii = 0;
			break;
		}
		uint64_t ge_a = x + ones * (0x80 - 'A'), gt_z = x + ones * (0x80 - 'Z' - 1);
		x |= ((ge_a & ~gt_z) & high) >> 2;
		memcpy(buf + i, &x, 8);
	}
	for (; i < len; i++) {
		unsigned char c = (unsigned char)t[start + i];
		if (c >= 0x80)
			ascii = 0;
		buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	int err = CD_OK;
	int64_t got;
	if (ascii) {
		got = cdi_strmap_intern(&a->forms, buf, len, NULL);
	} else {
		/* Unify apostrophes and hyphens first, then NFC + case fold. */
		size_t o = 0;
		for (size_t i = start; i < end;) {
			int32_t cp;
			size_t n = cdi_decode(t, end, i, &cp);
			if (cp == 0x2019 || cp == 0x02BC)
				buf[o++] = '\'';
			else if (cp == 0x2010 || cp == 0x2011 || cp == 0x2013)
				buf[o++] = '-';   /* inside a word an en dash joins a range: 2023–24 */
			else {
				memcpy(buf + o, t + i, n);
				o += n;
			}
			i += n;
		}
		utf8proc_uint8_t *m = NULL;
		utf8proc_ssize_t ml = utf8proc_map((const utf8proc_uint8_t *)buf, (utf8proc_ssize_t)o, &m,
		                                   UTF8PROC_COMPOSE | UTF8PROC_STABLE | UTF8PROC_CASEFOLD);
		if (ml < 0) {
			got = cdi_strmap_intern(&a->forms, buf, o, NULL);
		} else {
			got = cdi_strmap_intern(&a->forms, (const char *)m, (size_t)ml, NULL);
			free(m);
		}
	}
	if (got < 0) {
		err = CD_ENOMEM;
	} else {
		*id = (uint32_t)got;
		*folded = a->forms.keys[got];
	}
	if (buf != stack)
		free(buf);
	return err;
}

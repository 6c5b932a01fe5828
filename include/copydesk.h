/*
 * copydesk.h - the public API of the copydesk analyzer.
 *
 * One call turns the bytes of an article into a cd_article: the normalized
 * text, its blocks, sentences and words, and every measure computed on them
 * (readability, repetition, filler phrases, mechanics, quality score), with
 * findings that point into the text by byte offsets.
 *
 * Conventions: functions return int (0 = CD_OK, negative = an error below);
 * output parameters come first and are named out; the caller owns what
 * comes back through a pointer-to-pointer and frees it with the matching
 * *_free function, which accepts NULL. Everything reachable from a
 * cd_result lives exactly as long as its cd_article.
 *
 * The analyzer never prints, never exits and keeps no global mutable state:
 * articles may be analyzed from several threads at once.
 */
#ifndef COPYDESK_H
#define COPYDESK_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CD_VERSION "0.1.0"

/* ---- errors ------------------------------------------------------------ */

enum {
	CD_OK = 0,
	CD_ENOMEM = -1,   /* out of memory */
	CD_EBINARY = -2,  /* the input holds NUL bytes: not text */
	CD_ETOOBIG = -3,  /* the input is over the configured size limit */
	CD_EINVAL = -4,   /* a bad argument or a malformed data line */
	CD_EIO = -5       /* reading or writing failed */
};

/* A static English message for an error code. */
const char *cd_strerror(int err);

/* ---- filler categories ------------------------------------------------- */

typedef enum {
	CD_CAT_TRANSITION,   /* transitions and connectives: "moreover", "furthermore" */
	CD_CAT_HEDGE,        /* hedges and weasel words: "arguably", "some say" */
	CD_CAT_INTENSIFIER,  /* intensifiers: "very", "truly", "indeed" */
	CD_CAT_CLICHE,       /* cliches and puffery: "a beacon of hope" */
	CD_CAT_AI,           /* AI-typical vocabulary: "delve", "tapestry", "pivotal role" */
	CD_CAT_WORDY,        /* wordy phrases with plainer alternatives: "in order to" */
	CD_CAT_CLOSING,      /* closing formulas: "in conclusion", "only time will tell" */
	CD_CAT_BOILERPLATE,  /* web-page residue: "subscribe to our newsletter" */
	CD_CAT_COUNT
} cd_category;

/* "transition", "hedge", "intensifier", "cliche", "ai", "wordy", "closing",
 * "boilerplate"; NULL for a value out of range. */
const char *cd_category_name(int category);
/* The category named name, or -1 when there is none. */
int cd_category_from_name(const char *name);

/* ---- phrase books ------------------------------------------------------ */

/* A set of filler phrases compiled into a word automaton. The built-in book
 * is compiled into the binary; more entries can be added from text in the
 * same format as data/phrases/ (one "phrase | weight | alternative" entry
 * per line, '#' comments, a "[category]" line before each group). */
typedef struct cd_phrasebook cd_phrasebook;

/* A new book holding the built-in entries. Free with cd_phrasebook_free. */
int cd_phrasebook_new(cd_phrasebook **out);
/* Adds the entries of text (len bytes, UTF-8). On a malformed line returns
 * CD_EINVAL and sets *bad_line to its 1-based number (when bad_line is not
 * NULL). Must not be called once the book has been used for analysis. */
int cd_phrasebook_add(cd_phrasebook *book, const char *text, size_t len,
                      size_t *bad_line);
void cd_phrasebook_free(cd_phrasebook *book);

/* One entry of a book, for listing (copydesk phrases). */
typedef struct cd_phrase_entry {
	const char *phrase;       /* case-folded words separated by one space */
	int category;             /* cd_category */
	double weight;            /* how bad one use is: 0.5 mild .. 3 severe */
	const char *alternative;  /* a plainer wording, or "" (or "(cut)") */
	int set_off;              /* 1: a sentence adverb, counted only where punctuation
	                             sets it apart ("In short, ..."; not "in short supply");
	                             written with a trailing comma in a phrase file */
} cd_phrase_entry;

size_t cd_phrasebook_count(const cd_phrasebook *book);
/* Entry i (0 <= i < count), in the order the entries were added. */
const cd_phrase_entry *cd_phrasebook_entry(const cd_phrasebook *book, size_t i);

/* ---- options ----------------------------------------------------------- */

/* Everything that changes an analysis. Fill with cd_options_init, then
 * change fields; the config loader (copydesk.ini) does exactly that. */
typedef struct cd_options {
	/* [analysis] */
	unsigned ngram_min;            /* shortest repeated phrase, in words (2) */
	unsigned ngram_max;            /* longest n-gram searched (8); a repeat found at that
	                                  length is reported whole, up to 32 words */
	unsigned long_sentence;        /* a long sentence has more words than this (20) */
	unsigned very_long_sentence;   /* a very long sentence has more words than this (30) */
	unsigned long_paragraph;       /* a long paragraph has more words than this (150) */
	unsigned same_root_window;     /* words apart for same-root pairs (4) */
	unsigned mattr_window;         /* MATTR window, in words (50) */
	double near_duplicate;         /* sentence similarity that counts as near-duplicate (0.6) */
	size_t max_bytes;              /* larger inputs are refused with CD_ETOOBIG (64 MiB) */

	/* [phrases] */
	unsigned char category_enabled[CD_CAT_COUNT];   /* 1 on, 0 off (all on) */
	unsigned char fillers_in_quotes;  /* 1: count filler phrases inside direct quotes
	                                     too (1); 0: not (web residue always counts) */
	const cd_phrasebook *phrasebook;  /* NULL: the built-in book; not owned */

	/* [thresholds]: targets the quality score measures against */
	double target_filler_per_1000;    /* filler phrases per 1,000 words (4) */
	double target_grade;              /* consensus grade (12) */
	double target_transition_share;   /* share of sentences opening with a transition (0.15) */
	double target_long_share;         /* share of sentences over long_sentence words (0.25) */
	double target_repeated_share;     /* share of words in repeated 3+-word phrases (0.05) */
	double target_passive_share;      /* share of passive sentences (0.15) */

	/* [score]: the most points each deduction may take */
	double weight_filler;
	double weight_grade;
	double weight_transitions;
	double weight_long_sentences;
	double weight_repetition;
	double weight_mechanics;
	double weight_passive;
	double weight_openers;
} cd_options;

void cd_options_init(cd_options *opt);

/* ---- the document ------------------------------------------------------ */

typedef enum {
	CD_BLOCK_PROSE,        /* a paragraph */
	CD_BLOCK_HEADING,
	CD_BLOCK_LIST_ITEM,
	CD_BLOCK_TABLE_ROW,
	CD_BLOCK_BOILERPLATE,  /* web-page residue */
	CD_BLOCK_CODE,         /* a line of a fenced code block: no words */
	CD_BLOCK_KIND_COUNT
} cd_block_kind;

/* "prose", "heading", "list_item", "table_row", "boilerplate", "code". */
const char *cd_block_kind_name(int kind);

typedef struct cd_block {
	cd_block_kind kind;
	size_t start, end;             /* bytes of the block in the text (end exclusive) */
	size_t first_sentence, n_sentences;
	size_t first_word, n_words;
	unsigned paragraph;            /* 1-based number of prose and list blocks, else 0 */
	size_t syllables;
	double grade;                  /* Flesch-Kincaid grade (prose and list items; else 0) */
	double reading_ease;           /* Flesch Reading Ease (prose and list items; else 0) */
} cd_block;

typedef struct cd_sentence {
	size_t start, end;             /* bytes, from the first word to the closing punctuation */
	size_t block;
	size_t first_word, n_words;
	size_t syllables;
	double grade;                  /* Flesch-Kincaid grade of the sentence alone */
	int counted;                   /* 1 in prose and list items (readability counts it) */
} cd_sentence;

enum {
	CD_WORD_NUMBER = 1 << 0,       /* starts with a digit: 2024, 3.5, 1,000 */
	CD_WORD_URL = 1 << 1,          /* a URL, domain or e-mail address */
	CD_WORD_CAPITALIZED = 1 << 2,  /* first letter upper case */
	CD_WORD_HYPHENATED = 1 << 3,   /* holds an inner hyphen */
	CD_WORD_ABBREVIATION = 1 << 4, /* ends with an abbreviation period (Dr., U.S.) */
	CD_WORD_GLUED = 1 << 5,        /* punctuation then this word with no space:
	                                  "intensify,the", "May.Residents" */
	CD_WORD_ALLCAPS = 1 << 6       /* two or more letters, all upper case: FBI */
};

typedef struct cd_word {
	uint32_t start, end;           /* bytes in the text */
	uint32_t sentence;
	uint32_t id;                   /* same id for the same case-folded form */
	uint16_t syllables;
	uint16_t letters;              /* letters and digits */
	uint16_t flags;                /* CD_WORD_* */
} cd_word;

/* ---- findings ---------------------------------------------------------- */

typedef enum {
	CD_FIND_FILLER,              /* a filler phrase (category says which) */
	CD_FIND_REPEATED_PHRASE,     /* an occurrence of a repeated n-gram */
	CD_FIND_TRANSITION_OPENER,   /* a sentence opening with a transition */
	CD_FIND_SAME_OPENER,         /* a run of sentences opening with the same word */
	CD_FIND_SAME_ROOT,           /* "mediating mediation" */
	CD_FIND_NEAR_DUPLICATE,      /* a sentence that nearly repeats an earlier one */
	CD_FIND_DOUBLED_WORD,        /* "the the" */
	CD_FIND_SPACING,             /* "intensify,the" */
	CD_FIND_LOWERCASE_START,     /* a sentence starting in lower case */
	CD_FIND_ARTICLE,             /* "a important", "an prospect" */
	CD_FIND_PASSIVE,             /* be-verb + participle */
	CD_FIND_ADVERB,              /* an -ly adverb */
	CD_FIND_LONG_SENTENCE,       /* over long_sentence words */
	CD_FIND_VERY_LONG_SENTENCE,  /* over very_long_sentence words */
	CD_FIND_LONG_PARAGRAPH,      /* over long_paragraph words */
	CD_FIND_KIND_COUNT
} cd_finding_kind;

/* "filler", "repeated_phrase", "transition_opener", "same_opener",
 * "same_root", "near_duplicate", "doubled_word", "spacing",
 * "lowercase_start", "article", "passive", "adverb", "long_sentence",
 * "very_long_sentence", "long_paragraph". */
const char *cd_finding_kind_name(int kind);

typedef struct cd_finding {
	cd_finding_kind kind;
	int category;                  /* cd_category for fillers, -1 for the rest */
	size_t start, end;             /* bytes in the text; the text itself is there */
	const char *message;           /* one line for a person: "'an prospect': use 'a'" */
} cd_finding;

/* ---- measures ---------------------------------------------------------- */

typedef struct cd_counts {
	size_t words, sentences, syllables, letters;   /* readability counts (prose + lists) */
	size_t polysyllables;          /* words of 3+ syllables */
	size_t complex_words;          /* Gunning Fog's complex words */
	size_t long_words;             /* words of 7+ letters */
	size_t paragraphs, headings, list_items, table_rows, boilerplate_lines;
	size_t all_words;              /* words in every block, headings and tables too */
} cd_counts;

typedef struct cd_readability {
	double flesch_reading_ease;
	double flesch_kincaid_grade;
	double gunning_fog;
	double smog;
	double coleman_liau;
	double ari;
	double lix;
	double rix;
	double linsear_write;
	double consensus_grade;        /* median of the grade-level formulas */
} cd_readability;

typedef struct cd_sentence_stats {
	double mean_words, median_words;
	size_t max_words;
	double long_share;             /* share of sentences over long_sentence words */
	size_t long_count;             /* sentences over long_sentence words */
	size_t very_long_count;        /* sentences over very_long_sentence words */
} cd_sentence_stats;

typedef struct cd_repeat {
	const char *phrase;            /* case-folded words, one space apart */
	size_t n_words, count;
	const size_t *starts;          /* count byte offsets, in text order */
} cd_repeat;

typedef struct cd_opener_run {
	const char *word;              /* case-folded opener */
	size_t length;                 /* sentences in the run (3+) */
	size_t start;                  /* byte offset of the run's first opener */
	size_t first_sentence;
} cd_opener_run;

typedef struct cd_opener {
	const char *word;
	size_t count;
	int transition;                /* 1 when the opener is a transition */
} cd_opener;

typedef struct cd_span {
	const char *text;              /* the words as they stand in the text */
	size_t start, end;
} cd_span;

typedef struct cd_near_duplicate {
	size_t first, second;          /* sentence indexes, first < second */
	double similarity;             /* 0..1 */
} cd_near_duplicate;

typedef struct cd_repetition {
	const cd_repeat *phrases; size_t n_phrases;   /* most repeated first */
	double repeated_word_share;    /* share of words inside repeated 3+-word phrases */
	double ttr, mattr, mtld;
	double transition_opener_share;
	const cd_opener_run *runs; size_t n_runs;
	const cd_opener *openers; size_t n_openers;   /* most common first */
	const cd_span *same_root; size_t n_same_root;
	const cd_near_duplicate *near_duplicates; size_t n_near_duplicates;
} cd_repetition;

typedef struct cd_phrase_count {
	const cd_phrase_entry *entry;
	size_t count;
} cd_phrase_count;

typedef struct cd_fillers {
	size_t total;
	double per_1000_words;
	double weighted_per_1000_words;          /* sum of weights per 1,000 words */
	size_t count[CD_CAT_COUNT];
	double per_1000[CD_CAT_COUNT];
	const cd_phrase_count *top; size_t n_top;  /* most frequent first */
} cd_fillers;

typedef struct cd_mechanics {
	size_t spacing_errors, lowercase_starts, article_errors, doubled_words;
	size_t passive_sentences, adverbs, long_sentences, very_long_sentences;
	size_t long_paragraphs;
} cd_mechanics;

typedef struct cd_deduction {
	const char *key;               /* "filler", "grade", ... (stable, for tools) */
	const char *reason;            /* "9.4 filler phrases per 1,000 words, target <= 4" */
	double points;                 /* > 0, taken from 100 */
} cd_deduction;

typedef struct cd_score {
	double quality;                /* 0..100 */
	const char *band;              /* "excellent", "good", "fair", "poor", "very poor" */
	const cd_deduction *deductions; size_t n_deductions;   /* biggest first */
} cd_score;

/* Everything known of one article. */
typedef struct cd_result {
	const char *text;              /* normalized UTF-8, NUL-terminated */
	size_t text_len;
	const char *title;             /* the first heading or the first line, shortened */
	const cd_block *blocks; size_t n_blocks;
	const cd_sentence *sentences; size_t n_sentences;
	const cd_word *words; size_t n_words;
	const char *const *folded;     /* n_words case-folded word forms */
	cd_counts counts;
	cd_readability readability;
	cd_sentence_stats sentence_stats;
	cd_repetition repetition;
	cd_fillers fillers;
	cd_mechanics mechanics;
	const cd_finding *findings; size_t n_findings;   /* by start offset */
	cd_score score;
	const char *const *warnings; size_t n_warnings;
	size_t invalid_sequences;      /* invalid UTF-8 sequences replaced by U+FFFD */
} cd_result;

typedef struct cd_article cd_article;

/* Analyzes len bytes of text with opt (NULL: the defaults). On success
 * *out holds the article; free it with cd_article_free. Errors:
 * CD_EBINARY (NUL bytes), CD_ETOOBIG, CD_ENOMEM. */
int cd_analyze(cd_article **out, const char *bytes, size_t len, const cd_options *opt);
const cd_result *cd_article_result(const cd_article *article);
void cd_article_free(cd_article *article);

/* ---- small tools -------------------------------------------------------- */

/* Syllables in one word (UTF-8, any case; hyphenated words count their
 * parts; numbers count as spoken). 0 only for a word with no letters or digits. */
unsigned cd_syllables(const char *word, size_t len);

/* Writes the JSON object of an article (one line, no newline) for path.
 * Returns a malloc'd NUL-terminated string (free it), or NULL on no memory. */
char *cd_article_json(const cd_article *article, const char *path);
/* The same object and a newline, written to f as it is made (64 KiB at a
 * time: an article of megabytes needs no string of its size). Returns 0,
 * or -1 on no memory or a failed write (errno says which). */
int cd_article_json_write(const cd_article *article, const char *path, FILE *f);

/* Versions of the libraries the analyzer runs with. */
const char *cd_utf8proc_version(void);

#ifdef __cplusplus
}
#endif
#endif /* COPYDESK_H */

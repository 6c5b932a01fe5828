/* csv.c - see csv.h. Columns are fixed once published: add, never reorder. */
#include "output/csv.h"

#include <string.h>

static void field(FILE *out, const char *s)
{
	if (strpbrk(s, ",\"\n\r") == NULL) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

void cd_csv_header(FILE *out)
{
	fputs("path,title,quality,band,words,sentences,paragraphs,headings,list_items,"
	      "table_rows,boilerplate_lines,flesch_reading_ease,flesch_kincaid_grade,"
	      "gunning_fog,smog,coleman_liau,ari,lix,rix,linsear_write,consensus_grade,"
	      "mean_sentence_words,long_sentence_share,filler_total,filler_per_1000_words,"
	      "repeated_word_share,transition_opener_share,mattr,spacing_errors,"
	      "lowercase_starts,article_errors,doubled_words,same_root_pairs,passive_sentences,"
	      "warnings\n", out);
}

void cd_csv_row(FILE *out, const char *path, const cd_result *r)
{
	const cd_counts *c = &r->counts;
	const cd_readability *rd = &r->readability;
	field(out, path);
	fputc(',', out);
	field(out, r->title);
	fprintf(out, ",%.1f,", r->score.quality);
	field(out, r->score.band ? r->score.band : "");
	fprintf(out, ",%zu,%zu,%zu,%zu,%zu,%zu,%zu", c->words, c->sentences, c->paragraphs,
	        c->headings, c->list_items, c->table_rows, c->boilerplate_lines);
	fprintf(out, ",%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f",
	        rd->flesch_reading_ease, rd->flesch_kincaid_grade, rd->gunning_fog, rd->smog,
	        rd->coleman_liau, rd->ari, rd->lix, rd->rix, rd->linsear_write, rd->consensus_grade);
	fprintf(out, ",%.2f,%.4f,%zu,%.2f,%.4f,%.4f,%.4f", r->sentence_stats.mean_words,
	        r->sentence_stats.long_share, r->fillers.total, r->fillers.per_1000_words,
	        r->repetition.repeated_word_share, r->repetition.transition_opener_share,
	        r->repetition.mattr);
	fprintf(out, ",%zu,%zu,%zu,%zu,%zu,%zu,%zu\n", r->mechanics.spacing_errors,
	        r->mechanics.lowercase_starts, r->mechanics.article_errors,
	        r->mechanics.doubled_words, r->repetition.n_same_root,
	        r->mechanics.passive_sentences, r->n_warnings);
}

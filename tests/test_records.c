/*
 * test_records.c - a batch record read back from results.jsonl equals the
 * record made from the article itself (reviews and merges rely on it).
 */
#include <stdlib.h>
#include <string.h>

#include "batch/records.h"
#include "harness.h"

static void test_round_trip(void)
{
	const char *text = "Budget Talks\n\nMoreover, the council met on Monday, and it "
	                   "\"voted\" twice.\tIt is indeed crucial. the talks ended.\n";
	cd_article *a = NULL;
	CHECK_EQ_INT(cd_analyze(&a, text, strlen(text), NULL), CD_OK);
	const cd_result *r = cd_article_result(a);
	char *json = cd_article_json(a, "feeds/day \"1\"/a.txt");
	cd_batch_record direct, back;
	CHECK_EQ_INT(cd_batch_record_fill(&direct, "feeds/day \"1\"/a.txt", r), 0);
	CHECK_EQ_INT(cd_batch_record_from_json(&back, json), 0);
	CHECK_STR(back.path, "feeds/day \"1\"/a.txt");
	CHECK_STR(back.folder, "feeds/day \"1\"");
	CHECK_STR(back.title, direct.title);
	CHECK_STR(back.title, "Budget Talks");
	CHECK_STR(back.main_problem, direct.main_problem);
	CHECK_STR(back.band, direct.band);
	CHECK_NEAR(back.quality, direct.quality, 1e-4);
	CHECK_NEAR(back.grade, direct.grade, 1e-4);
	CHECK_NEAR(back.reading_ease, direct.reading_ease, 1e-4);
	CHECK_NEAR(back.filler_per_1000, direct.filler_per_1000, 1e-4);
	CHECK_NEAR(back.transition_share, direct.transition_share, 1e-4);
	CHECK_EQ_INT(back.words, direct.words);
	CHECK_EQ_INT(back.words, 17);   /* 10 + 4 + 3 */
	CHECK_EQ_INT(back.sentences, direct.sentences);
	CHECK_EQ_INT(back.mechanics_errors, direct.mechanics_errors);
	CHECK(back.mechanics_errors >= 1);      /* "the talks ended." starts in lower case */
	cd_batch_record_clear(&direct);
	cd_batch_record_clear(&back);
	free(json);
	cd_article_free(a);
}

static void test_not_json(void)
{
	cd_batch_record rec;
	CHECK_EQ_INT(cd_batch_record_from_json(&rec, "path,title,quality"), -1);
	CHECK_EQ_INT(cd_batch_record_from_json(&rec, "{\"path\":\"a\"}"), -1);
	char *p = cd_json_path("{\"path\":\"a\\\\b\\\"c\",\"x\":1}");
	CHECK_STR(p, "a\\b\"c");
	free(p);
}

CD_TEST_MAIN(TEST(test_round_trip), TEST(test_not_json))

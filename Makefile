# copydesk - build, test, demo, benchmark, install.
#
#   make            build/copydesk and build/libcopydesk.a
#   make deps       install the Debian packages that are missing (apt-get)
#   make test       deps, build, every test; ends with "N passed, N failed"
#   make demo       reports for samples/ into out/
#   make check-asan the tests again under AddressSanitizer + UBSan
#   make valgrind   memcheck over the CLI on every sample
#   make bench      speed and memory figures (never part of the tests)
#   make install PREFIX=/usr/local DESTDIR=   /   make uninstall
#   make pictures   docs/img/*.png, the README's pictures, from real reports
#   make fuzz FUZZ_SECONDS=N / make fuzz-long / make fuzz-quick / make fuzz-build
#                   libFuzzer (clang; installs clang and libclang-rt-14-dev)
#   make clean      removes everything the build made

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
BUILD     ?= build
CC        ?= cc
SAN       ?=

# Debian packages: build and run (libraries) and test (poppler-utils, pkgconf).
DEB_PKGS  := gcc make libc6-dev libutf8proc-dev libhpdf-dev libiniparser-dev \
             libstemmer-dev libsqlite3-dev poppler-utils pkgconf
BENCH_PKGS := diction time

# iniparser has no version call: the Debian package's version at build time.
INIPARSER_VERSION := $(or $(shell dpkg-query -W -f='$${Version}' libiniparser-dev 2>/dev/null),unknown)
CPPFLAGS  += -Iinclude -Isrc -I$(BUILD)/gen -I/usr/include/iniparser -D_POSIX_C_SOURCE=200809L \
             -DCD_VERSION_STRING='"$(VERSION)"' -DCD_INIPARSER_VERSION='"$(INIPARSER_VERSION)"'
CFLAGS    ?= -O2 -g
override CFLAGS  += -std=c11 -Wall -Wextra -pedantic -Werror -MMD -MP $(SAN)
override LDFLAGS += $(SAN)
LDLIBS    := -lhpdf -liniparser -lstemmer -lsqlite3 -lpthread -lm \
             /usr/lib/x86_64-linux-gnu/libutf8proc.a

# Layers: util <- analyzer <- output form the library; config and report
# sit beside it; cli is the program.
LIB_SRC   := $(wildcard src/util/*.c src/analyzer/*.c src/output/*.c)
APP_SRC   := $(wildcard src/config/*.c src/report/*.c src/review/*.c src/batch/*.c) \
             $(filter-out src/cli/main.c,$(wildcard src/cli/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
APP_OBJ   := $(APP_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ  := $(BUILD)/src/cli/main.o
TEST_SRC  := $(wildcard tests/test_*.c)
TEST_BIN  := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

# Data files compiled in (tools/txt2inc.sh).
GEN       := $(BUILD)/gen/phrases.inc $(patsubst data/%.txt,$(BUILD)/gen/%.inc,$(wildcard data/*.txt))
FONTS     := fonts/DejaVuSans.ttf fonts/DejaVuSans-Bold.ttf

.PHONY: all deps test demo check-asan valgrind bench install uninstall clean fonts pictures
.DELETE_ON_ERROR:
.SECONDARY:

all: $(BUILD)/copydesk $(BUILD)/libcopydesk.a fonts

deps:
	@missing=""; for p in $(DEB_PKGS) $(EXTRA_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing \
	    < /dev/null > $(or $(TMPDIR),/tmp)/copydesk-apt.log 2>&1 \
	    || { cat $(or $(TMPDIR),/tmp)/copydesk-apt.log; exit 1; }; \
	fi

$(BUILD)/gen/phrases.inc: $(sort $(wildcard data/phrases/*.txt)) tools/txt2inc.sh
	@mkdir -p $(@D)
	sh tools/txt2inc.sh cdi_phrases_builtin $(sort $(wildcard data/phrases/*.txt)) > $@
$(BUILD)/gen/%.inc: data/%.txt tools/txt2inc.sh
	@mkdir -p $(@D)
	sh tools/txt2inc.sh cdi_data_$* $< > $@

$(BUILD)/%.o: %.c $(GEN)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/libcopydesk.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/copydesk: $(MAIN_OBJ) $(APP_OBJ) $(BUILD)/libcopydesk.a
	$(CC) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(APP_OBJ) $(BUILD)/libcopydesk.a $(LDLIBS)

$(BUILD)/tests/%: tests/%.c tests/harness.h $(APP_OBJ) $(BUILD)/libcopydesk.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -Itests -o $@ $< $(APP_OBJ) $(BUILD)/libcopydesk.a $(LDLIBS)

# The fonts reports embed are committed, cut from Debian's DejaVu by
# tools/cut_fonts.sh (fonts/README.md).
fonts: $(FONTS)

# Every test binary, then the command-line tests; the last line sums them.
test: deps
	@$(MAKE) --no-print-directory all $(TEST_BIN)
	@BUILD=$(BUILD) SANFLAGS="$(SAN)" sh tests/run.sh $(TEST_BIN)

check-asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  CFLAGS="-O1 -g" test

valgrind: deps all
	@$(MAKE) --no-print-directory deps EXTRA_PKGS=valgrind
	@sh tests/valgrind.sh $(BUILD)/copydesk

demo: deps all
	@mkdir -p out
	$(BUILD)/copydesk analyze --format json samples/*.txt > out/samples.jsonl
	$(BUILD)/copydesk analyze samples/*.txt > out/samples.txt
	@if $(BUILD)/copydesk report --help >/dev/null 2>&1; then \
	  $(BUILD)/copydesk report -o out samples/*.txt; fi
	@echo "demo: wrote $$(ls out | tr '\n' ' ')into out/"

bench: deps all $(BUILD)/bench-floor
	@$(MAKE) --no-print-directory deps EXTRA_PKGS="$(BENCH_PKGS)"
	@sh bench/run.sh $(BUILD)/copydesk

# The least work an analysis of this kind needs (bench/floor.c), beside it.
$(BUILD)/bench-floor: bench/floor.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $<

# ---- install: PREFIX (default /usr/local) and DESTDIR (a staging root) ------
# Everything copydesk installs is listed once in INSTALLED; uninstall removes
# exactly that, then the folders only copydesk uses. The binary finds its
# fonts at ../share/copydesk/fonts from itself, so any PREFIX works.
BINDIR    := $(PREFIX)/bin
LIBDIR    := $(PREFIX)/lib
INCDIR    := $(PREFIX)/include
MAN1DIR   := $(PREFIX)/share/man/man1
FONTDEST  := $(PREFIX)/share/copydesk/fonts
COMPDIR   := $(PREFIX)/share/bash-completion/completions
DOCDIR    := $(PREFIX)/share/doc/copydesk
DOCS      := README.md docs/scheduling.md copydesk.ini.sample data/CMU-NOTICE
EXAMPLES  := $(wildcard docs/contrib/copydesk.cron docs/contrib/*.service docs/contrib/*.timer)
INSTALLED := $(BINDIR)/copydesk $(LIBDIR)/libcopydesk.a $(LIBDIR)/pkgconfig/copydesk.pc \
             $(INCDIR)/copydesk.h $(MAN1DIR)/copydesk.1.gz $(COMPDIR)/copydesk \
             $(addprefix $(FONTDEST)/,$(notdir $(FONTS)) LICENSE) \
             $(addprefix $(DOCDIR)/,$(notdir $(DOCS))) \
             $(addprefix $(DOCDIR)/examples/,$(notdir $(EXAMPLES)))

$(BUILD)/copydesk.pc: copydesk.pc.in FORCE
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' copydesk.pc.in > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
$(BUILD)/copydesk.1.gz: docs/copydesk.1
	gzip -9n < docs/copydesk.1 > $@
.PHONY: FORCE
FORCE:

install: all $(BUILD)/copydesk.pc $(BUILD)/copydesk.1.gz
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCDIR) \
	  $(DESTDIR)$(MAN1DIR) $(DESTDIR)$(FONTDEST) $(DESTDIR)$(COMPDIR) $(DESTDIR)$(DOCDIR)/examples
	install -m 755 $(BUILD)/copydesk $(DESTDIR)$(BINDIR)/copydesk
	install -m 644 $(BUILD)/libcopydesk.a $(DESTDIR)$(LIBDIR)/libcopydesk.a
	install -m 644 $(BUILD)/copydesk.pc $(DESTDIR)$(LIBDIR)/pkgconfig/copydesk.pc
	install -m 644 include/copydesk.h $(DESTDIR)$(INCDIR)/copydesk.h
	install -m 644 $(BUILD)/copydesk.1.gz $(DESTDIR)$(MAN1DIR)/copydesk.1.gz
	install -m 644 $(FONTS) fonts/LICENSE $(DESTDIR)$(FONTDEST)/
	install -m 644 docs/contrib/copydesk.bash-completion $(DESTDIR)$(COMPDIR)/copydesk
	install -m 644 $(DOCS) $(DESTDIR)$(DOCDIR)/
	install -m 644 $(EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	@rmdir $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) $(DESTDIR)$(FONTDEST) \
	  $(DESTDIR)$(PREFIX)/share/copydesk 2>/dev/null || true

# The README's pictures, small PNGs of real reports on samples/: page 1 of
# an article's report (report.png) and of a batch summary (summary.png), or
# page 2 of the report (report-2.png) while copydesk writes no summary.pdf.
PICTURE_DPI := 50
pictures: all
	@rm -rf $(BUILD)/pictures && mkdir -p $(BUILD)/pictures docs/img
	SOURCE_DATE_EPOCH=1767225600 $(BUILD)/copydesk report -q -o $(BUILD)/pictures samples/
	pdftoppm -q -png -r $(PICTURE_DPI) -f 1 -l 1 -singlefile $(BUILD)/pictures/generated-style.pdf docs/img/report
	@if [ -f $(BUILD)/pictures/summary.pdf ]; then \
	  echo "pdftoppm -q -png -r $(PICTURE_DPI) -f 1 -l 1 -singlefile summary.pdf docs/img/summary"; \
	  pdftoppm -q -png -r $(PICTURE_DPI) -f 1 -l 1 -singlefile $(BUILD)/pictures/summary.pdf docs/img/summary; \
	else \
	  echo "no summary.pdf: page 2 of the report instead (docs/img/report-2.png)"; \
	  pdftoppm -q -png -r $(PICTURE_DPI) -f 2 -l 2 -singlefile $(BUILD)/pictures/generated-style.pdf docs/img/report-2; \
	fi
	@ls -l docs/img/*.png

clean:
	rm -rf build build-asan build-fuzz out fonts/*.tmp bench/out

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- fuzzing (clang's libFuzzer) --------------------------------------------
#   make fuzz FUZZ_SECONDS=60       ASan+UBSan analyzer, then the config loader
#                                   (a quarter of the time)
#   make fuzz-long FUZZ_SECONDS=N   the fast analyzer build (-O2, UBSan, no ASan)
#   make fuzz-build                 the harnesses only
# The analyzer runs use fuzz/analyze.dict and a corpus in build-fuzz/
# seeded from samples/, tests/data/ and tests/data/regress/. One fuzzer
# process at a time. A crash leaves build-fuzz/crash-<sha1> and fails the
# target; the input then goes into tests/data/regress/ (see its README).
FUZZ_SECONDS ?= 60
FUZZ_DIR     := build-fuzz
FUZZ_PKGS    := clang libclang-rt-14-dev
FUZZ_CFLAGS  := -g -std=c11 -Wall -Wextra -pedantic -Werror -Ifuzz $(CPPFLAGS:-I$(BUILD)/gen=-I$(FUZZ_DIR)/gen)
FUZZ_SAN     := -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_FAST    := -O2 -fsanitize=fuzzer,undefined -fno-sanitize-recover=all
# fuzz-quick: the fast build without comparison tracing (trace-cmp guides
# mutations towards constants but takes over half the time once a corpus
# covers the code): about 3.6 times the executions, for long runs on a
# grown corpus.
FUZZ_QUICK   := $(FUZZ_FAST) -fno-sanitize-coverage=trace-cmp
FUZZ_LIB_SRC := $(LIB_SRC) src/config/config.c
FUZZ_HDRS    := $(wildcard include/*.h src/*/*.h fuzz/*.h)
FUZZ_LIBS    := -liniparser -lstemmer -lpthread -lm /usr/lib/x86_64-linux-gnu/libutf8proc.a
FUZZ_GEN     := $(GEN:$(BUILD)/%=$(FUZZ_DIR)/%)
FUZZ_BINS    := $(FUZZ_DIR)/fuzz_analyze $(FUZZ_DIR)/fuzz_config $(FUZZ_DIR)/fuzz_analyze_fast
FUZZ_SEEDS   := $(wildcard samples/*.txt tests/data/*.txt tests/data/regress/*)
# Inputs up to 64 KiB under ASan; the long runs stay at 1 KiB (the 14
# option bytes and an article of a few paragraphs), where they make about
# twice as many executions as at 4 KiB: the analyzer is linear in the text,
# about 0.2 ms per KiB at -O2 without instrumentation.
FUZZ_MAX_LEN      ?= 65536
FUZZ_LONG_MAX_LEN ?= 1024
FUZZ_ANALYZE_ARGS := -timeout=30 -print_final_stats=1 -dict=fuzz/analyze.dict \
                     -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/corpus-analyze
# Runs a fuzzer with its output in build-fuzz/NAME.log; shows the end of the
# log and keeps the fuzzer's exit status (a crash fails make).
FUZZ_RUN = rc=0; $(2) > $(FUZZ_DIR)/$(1).log 2>&1 || rc=$$?; \
	grep -E '^(stat::|INFO: Seed|==[0-9]+==|SUMMARY|.*broken promise|\#[0-9]+[[:space:]]+DONE)' $(FUZZ_DIR)/$(1).log | tail -n 20; \
	if [ $$rc != 0 ]; then tail -n 40 $(FUZZ_DIR)/$(1).log; echo "$(1): exit $$rc, see $(FUZZ_DIR)/$(1).log"; exit $$rc; fi

$(FUZZ_DIR)/fuzz_analyze_fast: fuzz/fuzz_analyze.c $(FUZZ_LIB_SRC) $(FUZZ_HDRS) $(FUZZ_GEN)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) $(FUZZ_FAST) -o $@ $< $(FUZZ_LIB_SRC) $(FUZZ_LIBS)
$(FUZZ_DIR)/fuzz_analyze_quick: fuzz/fuzz_analyze.c $(FUZZ_LIB_SRC) $(FUZZ_HDRS) $(FUZZ_GEN)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) $(FUZZ_QUICK) -o $@ $< $(FUZZ_LIB_SRC) $(FUZZ_LIBS)
$(FUZZ_DIR)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_LIB_SRC) $(FUZZ_HDRS) $(FUZZ_GEN)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) $(FUZZ_SAN) -o $@ $< $(FUZZ_LIB_SRC) $(FUZZ_LIBS)

$(FUZZ_DIR)/gen/phrases.inc: $(sort $(wildcard data/phrases/*.txt)) tools/txt2inc.sh
	@mkdir -p $(@D)
	sh tools/txt2inc.sh cdi_phrases_builtin $(sort $(wildcard data/phrases/*.txt)) > $@
$(FUZZ_DIR)/gen/%.inc: data/%.txt tools/txt2inc.sh
	@mkdir -p $(@D)
	sh tools/txt2inc.sh cdi_data_$* $< > $@

.PHONY: fuzz fuzz-long fuzz-quick fuzz-build fuzz-deps fuzz-corpus
fuzz-deps:
	@$(MAKE) --no-print-directory deps EXTRA_PKGS="$(FUZZ_PKGS)"

fuzz-build: fuzz-deps
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

fuzz-corpus:
	@mkdir -p $(FUZZ_DIR)/corpus-analyze $(FUZZ_DIR)/corpus-config
	@for f in $(FUZZ_SEEDS); do cp "$$f" $(FUZZ_DIR)/corpus-analyze/seed-$$(basename "$$f"); done
	@cp copydesk.ini.sample $(FUZZ_DIR)/corpus-config/seed-copydesk.ini.sample
	@for f in tests/data/config/*.ini; do cp "$$f" $(FUZZ_DIR)/corpus-config/seed-$$(basename "$$f"); done

fuzz: fuzz-build fuzz-corpus
	@$(call FUZZ_RUN,fuzz_analyze,$(FUZZ_DIR)/fuzz_analyze -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) $(FUZZ_ANALYZE_ARGS))
	@$(call FUZZ_RUN,fuzz_config,$(FUZZ_DIR)/fuzz_config -max_total_time=$$(( $(FUZZ_SECONDS) / 4 + 1 )) \
	  -max_len=4096 -timeout=30 -print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/corpus-config)

fuzz-quick: fuzz-deps fuzz-corpus
	@$(MAKE) --no-print-directory $(FUZZ_DIR)/fuzz_analyze_quick
	@$(call FUZZ_RUN,fuzz_analyze_quick,$(FUZZ_DIR)/fuzz_analyze_quick -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_LONG_MAX_LEN) $(FUZZ_ANALYZE_ARGS))

fuzz-long: fuzz-build fuzz-corpus
	@$(call FUZZ_RUN,fuzz_analyze_fast,$(FUZZ_DIR)/fuzz_analyze_fast -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_LONG_MAX_LEN) $(FUZZ_ANALYZE_ARGS))

# SPDX-License-Identifier: MIT
# zonelint build: plain make + pkg-config.
#
#   make            build ./zonelint
#   make deps       install the Debian packages the build and the tests need
#   make demo       deps + build + check the bundled example zone
#   make check      deps + build + every test
#   make asan       sanitizer build (./zonelint-asan) and the tests under it
#
#   O=DIR BIN=NAME  object folder and binary name (default build, zonelint),
#                   so several builds can share one tree
#   make fuzz       libFuzzer targets, each for FUZZ_SECONDS
#   make bench      speed and memory against named-checkzone, kzonecheck, validns
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/zonelint
VERSION  = 1.0.0

CC      ?= cc
PKGS     = ldns yaml-0.1 libpcre2-8 libcrypto
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

CPPFLAGS += -Isrc -D_GNU_SOURCE -DPCRE2_CODE_UNIT_WIDTH=8 \
	-DZL_VERSION='"$(VERSION)"' -DZL_DATADIR='"$(DATADIR)"' $(PKG_CFLAGS)
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wvla -Wformat=2 -Wno-format-nonliteral
ifdef DEVELOPER
CFLAGS  += -Werror
endif
DEPFLAGS = -MMD -MP
LDLIBS  += $(PKG_LIBS)

O       ?= build
BIN     ?= zonelint
LIB_SRCS := $(filter-out src/main.c src/cli.c,$(wildcard src/*.c))
LIB_OBJS := $(LIB_SRCS:src/%.c=$(O)/%.o)
CLI_OBJS := $(O)/cli.o $(O)/main.o
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(O)/tests/%)

ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

all: $(BIN)

$(O)/%.o: src/%.c | $(O)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(O) $(O)/asan $(O)/tests:
	@mkdir -p $(O) $(O)/tests $(O)/asan

# Objects are linked directly, not through the archive: a rule's check
# function is only referenced weakly from the registry (rule.c), and the
# linker does not pull archive members in for weak references.
$(BIN): $(CLI_OBJS) $(LIB_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJS) $(LIB_OBJS) $(LDLIBS)

# explain pages: one text file per rule under doc/rules, compiled in
$(O)/explain.inc: $(wildcard doc/rules/*.txt) tools/mkexplain.sh | $(O)
	sh tools/mkexplain.sh doc/rules > $@.tmp && mv $@.tmp $@
$(O)/explain.o: $(O)/explain.inc
$(O)/explain.o: CPPFLAGS += -I$(O)

$(O)/tests/%: tests/unit/%.c tests/unit/util.c $(LIB_OBJS) | $(O)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -o $@ $< tests/unit/util.c \
		$(LIB_OBJS) $(LDLIBS) $(CMOCKA_LIBS)

# ---- sanitizer build: separate object tree, same sources
ASAN_OBJS := $(LIB_SRCS:src/%.c=$(O)/asan/%.o) $(O)/asan/cli.o $(O)/asan/main.o
ASAN_BIN ?= zonelint-asan
$(O)/asan/%.o: src/%.c | $(O)/asan
	$(CC) $(CPPFLAGS) $(CFLAGS) $(ASAN_FLAGS) $(DEPFLAGS) -c -o $@ $<
$(O)/asan/explain.o: $(O)/explain.inc
$(O)/asan/explain.o: CPPFLAGS += -I$(O)
# the unit tests under the sanitizers, against the same objects
ASAN_UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(O)/asan/tests/%)
$(O)/asan/tests:
	@mkdir -p $@
$(O)/asan/tests/%: tests/unit/%.c tests/unit/util.c $(filter-out $(O)/asan/cli.o $(O)/asan/main.o,$(ASAN_OBJS)) | $(O)/asan/tests
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(ASAN_FLAGS) -o $@ $< tests/unit/util.c \
		$(filter-out $(O)/asan/cli.o $(O)/asan/main.o,$(ASAN_OBJS)) $(LDLIBS) $(CMOCKA_LIBS)
$(ASAN_BIN): $(ASAN_OBJS)
	$(CC) $(CFLAGS) $(ASAN_FLAGS) -o $@ $(ASAN_OBJS) $(LDLIBS)

# ---- dependencies
deps:
	@sh tools/deps.sh

demo: deps zonelint
	-./zonelint check testdata/examples/db.example.com
	@echo
	@echo "== the patch zonelint proposes (zonelint diff):"
	-./zonelint diff testdata/examples/db.example.com

unit: $(UNIT_BINS)
	@sh tests/run-unit.sh $(UNIT_BINS)

check: deps
	$(MAKE) all
	$(MAKE) check-nodeps

check-nodeps: $(BIN) $(UNIT_BINS) $(ASAN_BIN) $(ASAN_UNIT_BINS)
	ZONELINT=./$(BIN) ZONELINT_ASAN=./$(ASAN_BIN) UNIT_DIR=$(O) sh tests/run-all.sh

asan: $(ASAN_BIN)
	ZONELINT=./$(ASAN_BIN) sh tests/golden.sh

fuzz:
	sh tests/fuzz/run.sh

bench: zonelint
	sh tools/bench.sh
	sh tools/bench-batch.sh

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR)/rules
	install -m 755 zonelint $(DESTDIR)$(BINDIR)/zonelint
	install -m 644 man/zonelint.1 $(DESTDIR)$(MANDIR)/man1/
	for f in man/*.5; do [ -f "$$f" ] && install -m 644 $$f $(DESTDIR)$(MANDIR)/man5/ || true; done
	for f in man/*.7; do [ -f "$$f" ] && install -m 644 $$f $(DESTDIR)$(MANDIR)/man7/ || true; done
	for f in rules/*.yaml; do [ -f "$$f" ] && install -m 644 $$f $(DESTDIR)$(DATADIR)/rules/ || true; done

clean:
	rm -rf $(O) $(BIN) zonelint-asan

.PHONY: all deps demo unit check check-nodeps asan fuzz bench install clean

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(ASAN_OBJS:.o=.d)

# SPDX-License-Identifier: MIT
# zonelint build: plain make + pkg-config.
#
#   make            build ./zonelint
#   make deps       install the Debian packages the build and the tests need
#   make demo       deps + build + check the bundled example zone
#   make check      deps + build + every test
#   make asan       sanitizer build (./zonelint-asan) and the tests under it
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

LIB_SRCS := $(filter-out src/main.c src/cli.c,$(wildcard src/*.c))
LIB_OBJS := $(LIB_SRCS:src/%.c=build/%.o)
CLI_OBJS := build/cli.o build/main.o
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=build/tests/%)

ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

all: zonelint

build/%.o: src/%.c | build
	$(CC) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

build:
	@mkdir -p build build/tests build/asan

# Objects are linked directly, not through the archive: a rule's check
# function is only referenced weakly from the registry (rule.c), and the
# linker does not pull archive members in for weak references.
zonelint: $(CLI_OBJS) $(LIB_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJS) $(LIB_OBJS) $(LDLIBS)

# explain pages: one text file per rule under doc/rules, compiled in
src/explain.inc: $(wildcard doc/rules/*.txt) tools/mkexplain.sh
	sh tools/mkexplain.sh doc/rules > $@.tmp && mv $@.tmp $@
build/explain.o: src/explain.inc

build/tests/%: tests/unit/%.c tests/unit/util.c $(LIB_OBJS) | build
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -o $@ $< tests/unit/util.c \
		$(LIB_OBJS) $(LDLIBS) $(CMOCKA_LIBS)

# ---- sanitizer build: separate object tree, same sources
ASAN_OBJS := $(LIB_SRCS:src/%.c=build/asan/%.o) build/asan/cli.o build/asan/main.o
build/asan/%.o: src/%.c | build
	$(CC) $(CPPFLAGS) $(CFLAGS) $(ASAN_FLAGS) -c -o $@ $<
build/asan/explain.o: src/explain.inc
zonelint-asan: $(ASAN_OBJS)
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

check-nodeps: zonelint $(UNIT_BINS) zonelint-asan
	sh tests/run-all.sh

asan: zonelint-asan
	ZONELINT=./zonelint-asan sh tests/golden.sh

fuzz:
	sh tests/fuzz/run.sh

bench: zonelint
	sh tools/bench.sh

install: zonelint
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR)/rules
	install -m 755 zonelint $(DESTDIR)$(BINDIR)/zonelint
	install -m 644 man/zonelint.1 $(DESTDIR)$(MANDIR)/man1/
	for f in man/*.5; do [ -f "$$f" ] && install -m 644 $$f $(DESTDIR)$(MANDIR)/man5/ || true; done
	for f in man/*.7; do [ -f "$$f" ] && install -m 644 $$f $(DESTDIR)$(MANDIR)/man7/ || true; done
	for f in rules/*.yaml; do [ -f "$$f" ] && install -m 644 $$f $(DESTDIR)$(DATADIR)/rules/ || true; done

clean:
	rm -rf build zonelint zonelint-asan src/explain.inc

.PHONY: all deps demo unit check check-nodeps asan fuzz bench install clean

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d)

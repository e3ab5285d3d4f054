# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets (tests/fuzz/fuzz_<name>.c) against the
# library sources: every src/*.c but main.c and cli.c, compiled with clang
# and the fuzzing flags into their own folder, so the normal, sanitizer
# and fuzz builds never share objects. tests/fuzz/run.sh drives it:
#
#   make -f tests/fuzz/fuzz.mk FO=build-fuzz build-fuzz/fuzz_spf
FO      ?= build-fuzz
FCC     ?= clang
# FSRC: the library sources (another folder holds e.g. a patched copy)
FSRC    ?= src
PKGS     = ldns yaml-0.1 libpcre2-8 libcrypto
FCPPFLAGS = -I$(FSRC) -Itests/fuzz -I$(FO) -D_GNU_SOURCE \
	-DPCRE2_CODE_UNIT_WIDTH=8 -DZL_VERSION='"fuzz"' \
	-DZL_DATADIR='"$(abspath rules)"' \
	-DFUZZ_RULES_DIR='"$(abspath rules)"' \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
FSAN     = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FCFLAGS  = -std=c11 -g -O1 -fno-omit-frame-pointer $(FSAN) \
	-Wall -Wextra -Wno-unused-parameter
FLIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

LIB_SRCS := $(filter-out $(FSRC)/main.c $(FSRC)/cli.c,$(wildcard $(FSRC)/*.c))
LIB_OBJS := $(LIB_SRCS:$(FSRC)/%.c=$(FO)/obj/%.o)
TARGETS  := $(patsubst tests/fuzz/%.c,$(FO)/%,$(wildcard tests/fuzz/fuzz_*.c))

all: $(TARGETS)

$(FO)/obj/%.o: $(FSRC)/%.c | $(FO)/obj
	$(FCC) $(FCPPFLAGS) $(FCFLAGS) -fsanitize=fuzzer-no-link -MMD -MP \
		-c -o $@ $<

$(FO)/obj:
	@mkdir -p $@

$(FO)/explain.inc: $(wildcard doc/rules/*.txt) tools/mkexplain.sh | $(FO)/obj
	sh tools/mkexplain.sh doc/rules > $@.tmp && mv $@.tmp $@
$(FO)/obj/explain.o: $(FO)/explain.inc

$(FO)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB_OBJS)
	$(FCC) $(FCPPFLAGS) $(FCFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(LIB_OBJS) $(FLIBS)

.PHONY: all
-include $(LIB_OBJS:.o=.d)

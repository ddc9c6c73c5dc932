# xenshim top-level build.  Each directory contributes a fragment (*.mk) that
# appends to the lists below; this file only holds what they share.
#
#   make deps     install the Debian packages the build and tests need
#   make          build everything into build/
#   make check    unit tests (cmocka), ASan/UBSan run, integration tests, abi-check
#   make demo     the main job, shown on the simulated hypervisor
#   make V=1      the same with the whole commands shown
#   make deb      the Debian package (make check-deb: install, test, purge)
#   make bench    benchmarks (never part of check)

CC      ?= gcc
O       ?= build
CSTD    := -std=c11 -D_GNU_SOURCE
WARN    := -Wall -Wextra -Werror
CFLAGS  ?= -O2 -g
CFLAGS  += $(CSTD) $(WARN) -fPIC -I. -Iversions -Ishim -Isim
LDFLAGS ?=
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

FUSE_CFLAGS := $(shell pkg-config --cflags fuse3 2>/dev/null)
FUSE_LIBS   := $(shell pkg-config --libs fuse3 2>/dev/null || echo -lfuse3 -lpthread)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

# Quiet build: one short line per compile, link or archive (`CC
# shim/interpose.c`), V=1 the whole commands.  The lines come from the
# shell recipes run in (build-aux/quiet-sh), so no fragment has to say how
# its commands are shown.
V ?= 0
ifneq ($(V),1)
.SILENT:
SHELL := $(abspath build-aux/quiet-sh)
endif

PREFIX  ?= /usr/local
DESTDIR ?=

ALL_TARGETS :=
CHECK_TARGETS :=
BENCH_TARGETS :=
CLEAN_FILES :=

.PHONY: all deps check demo bench clean install
all: build-all

include versions/versions.mk
include sim/sim.mk
include shim/shim.mk
-include abi-dumps/abi.mk
include realxen/realxen.mk
include tests/tests.mk
include fuzz/fuzz.mk
include build-aux/deb.mk

build-all: $(ALL_TARGETS)

deps:
	bash .ci/deps.sh

# One runner after the other, in the order the fragments list them (the
# integration suite last), so the log ends with the summary lines; every
# runner runs even when an earlier one failed.
# The runners that check for reliability (exactly once, faults, fuzzing)
# append a line to $(RELIABILITY_LOG); its summary is the very last line.
# A runner that hangs is stopped after CHECK_TIMEOUT seconds and named, so
# the runners after it still run and CI still ends with its summaries.
RELIABILITY_LOG := $(abspath $(O))/reliability.log
CHECK_TIMEOUT ?= 1800
check: build-all
	@rm -f $(RELIABILITY_LOG); rc=0; \
	  for t in $(CHECK_TARGETS); do \
	    XENSHIM_RELIABILITY_LOG=$(RELIABILITY_LOG) timeout -k 30 $(CHECK_TIMEOUT) \
	      $(MAKE) --no-print-directory $$t || { r=$$?; rc=1; \
	      [ $$r -eq 124 ] && echo "check: $$t timed out after $(CHECK_TIMEOUT) s"; }; done; \
	  bash tests/reliability_summary.sh $(RELIABILITY_LOG); exit $$rc

# The table only: the build says nothing but its errors (V=1 still shows it).
demo:
	@XENSHIM_BUILD_QUIET=silent $(MAKE) --no-print-directory build-all $(INTEG_BINS) >/dev/null
	@BUILD=$(abspath $(O)) bash tests/integration/demo.sh

bench: $(BENCH_TARGETS)

clean:
	rm -rf $(O) $(CLEAN_FILES)

$(O)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(FUSE_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/san/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) $(FUSE_CFLAGS) -MMD -MP -c -o $@ $<

-include $(shell find $(O) -name '*.d' 2>/dev/null)

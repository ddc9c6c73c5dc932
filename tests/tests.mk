# tests/: cmocka unit tests (tests/unit/test_*.c, each its own binary, built
# twice: plain and with ASan/UBSan) and the integration suite
# (tests/integration/run.sh, which prints one "N passed, N failed" line).
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(O)/tests/%)
UNIT_SAN_BINS := $(UNIT_SRCS:tests/unit/%.c=$(O)/tests/san/%)
UNIT_LIBS := $(LIB_SHIM_CORE) $(LIB_SIM) $(LIB_VERSIONS)
UNIT_SAN_LIBS := $(LIB_SHIM_CORE_SAN) $(LIB_SIM_SAN) $(LIB_VERSIONS_SAN)

$(O)/tests/%: $(O)/obj/tests/unit/%.o $(UNIT_LIBS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $< $(UNIT_LIBS) $(UNIT_LDFLAGS_$(notdir $@)) $(CMOCKA_LIBS) -ldl -lpthread

$(O)/tests/san/%: $(O)/san/tests/unit/%.o $(UNIT_SAN_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(SAN) -o $@ $< $(UNIT_SAN_LIBS) $(UNIT_LDFLAGS_$(notdir $@)) $(CMOCKA_LIBS) -ldl -lpthread

# test_alloc_failure sees every malloc/calloc of the shim's and the
# simulator's objects first, to fail them one by one.
UNIT_LDFLAGS_test_alloc_failure := -Wl,--wrap=malloc -Wl,--wrap=calloc

# integration.mk defines how each integration program links (some link
# Debian's real libxendevicemodel/libxenctrl) and appends to INTEG_BINS.
INTEG_BINS :=
-include tests/integration/integration.mk

.PHONY: check-unit check-unit-san check-integration integration-bins
# Every binary runs even after one fails, so one report shows all failures.
# A binary that hangs is killed after UNIT_TIMEOUT seconds and named as
# timed out: one hang must not eat CI's whole time and hide the rest.
UNIT_TIMEOUT ?= 600
RUN_UNIT = timeout -k 10 $(UNIT_TIMEOUT)
UNIT_VERDICT = rc=$$?; bad="$$bad $${t\#\#*/}"; \
  [ $$rc -ne 124 ] || echo "$${t\#\#*/}: timed out after $(UNIT_TIMEOUT) s"
check-unit: $(UNIT_BINS)
	@bad=; for t in $(UNIT_BINS); do echo "== $$t"; $(RUN_UNIT) $$t || { $(UNIT_VERDICT); }; done; \
	  if [ -n "$$bad" ]; then echo "unit tests failed:$$bad"; exit 1; fi

check-unit-san: $(UNIT_SAN_BINS)
	@bad=; for t in $(UNIT_SAN_BINS); do echo "== $$t (ASan/UBSan)"; \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $(RUN_UNIT) $$t || { $(UNIT_VERDICT); }; done; \
	  if [ -n "$$bad" ]; then echo "ASan/UBSan unit tests failed:$$bad"; exit 1; fi

integration-bins: $(INTEG_BINS)

check-integration: build-all $(INTEG_BINS)
	BUILD=$(abspath $(O)) bash tests/integration/run.sh

# The --sim suites once more as nobody (issue 16: no root needed).
.PHONY: check-nonroot
check-nonroot: build-all $(INTEG_BINS)
	BUILD=$(abspath $(O)) bash tests/integration/nonroot.sh

CHECK_TARGETS += check-unit check-unit-san check-tsan check-nonroot check-integration

# Test objects are not intermediates to delete after linking.  Named one by
# one: a bare .SECONDARY would also let a target count as up to date while
# its (missing) objects had never been built with the current rules.
.SECONDARY: $(UNIT_SRCS:tests/unit/%.c=$(O)/obj/tests/unit/%.o) \
            $(UNIT_SRCS:tests/unit/%.c=$(O)/san/tests/unit/%.o)

# make check-tsan: the tests with threads, forks and descriptor churn under
# ThreadSanitizer (issue 15), everything they link built again with
# -fsanitize=thread into $(O)/tsan.
TSAN := -fsanitize=thread -fno-omit-frame-pointer
# Not here yet: test_interpose, test_stress and test_stress_broker, which
# link the preload library's own mmap/ioctl entry points into the test
# process; TSan's runtime, which intercepts mmap itself, faults before
# main there (a SEGV in its shadow memory), so they need the shim loaded
# by LD_PRELOAD into a TSan program instead.
TSAN_TESTS := test_broker test_fdtable test_sim_domctl test_sim_evtchn test_translate_dmop
TSAN_LIB_SRCS := $(SHIM_CORE_SRCS) $(SIM_HV_SRCS) $(VERSIONS_SRCS)
TSAN_LIB := $(O)/lib/tsan/libxstsan.a
TSAN_BINS := $(TSAN_TESTS:%=$(O)/tests/tsan/%)

$(O)/tsan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(TSAN) $(FUSE_CFLAGS) -MMD -MP -c -o $@ $<
$(TSAN_LIB): $(TSAN_LIB_SRCS:%.c=$(O)/tsan/%.o)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(O)/tests/tsan/%: $(O)/tsan/tests/unit/%.o $(TSAN_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(TSAN) -o $@ $< $(TSAN_LIB) $(CMOCKA_LIBS) -ldl -lpthread

.PHONY: check-tsan
check-tsan: $(TSAN_BINS)
	@bad=; for t in $(TSAN_BINS); do echo "== $$t (TSan)"; \
	  TSAN_OPTIONS=halt_on_error=1:exitcode=66 $(RUN_UNIT) $$t || { $(UNIT_VERDICT); }; done; \
	  if [ -n "$$bad" ]; then echo "TSan tests failed:$$bad"; exit 1; fi; \
	  echo "tsan: $(words $(TSAN_BINS)) binaries, 0 reports"

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
	$(CC) -o $@ $< $(UNIT_LIBS) $(CMOCKA_LIBS) -ldl -lpthread

$(O)/tests/san/%: $(O)/san/tests/unit/%.o $(UNIT_SAN_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(SAN) -o $@ $< $(UNIT_SAN_LIBS) $(CMOCKA_LIBS) -ldl -lpthread

# integration.mk defines how each integration program links (some link
# Debian's real libxendevicemodel/libxenctrl) and appends to INTEG_BINS.
INTEG_BINS :=
-include tests/integration/integration.mk

.PHONY: check-unit check-unit-san check-integration
# Every binary runs even after one fails, so one report shows all failures.
check-unit: $(UNIT_BINS)
	@bad=; for t in $(UNIT_BINS); do echo "== $$t"; $$t || bad="$$bad $${t##*/}"; done; \
	  if [ -n "$$bad" ]; then echo "unit tests failed:$$bad"; exit 1; fi

check-unit-san: $(UNIT_SAN_BINS)
	@bad=; for t in $(UNIT_SAN_BINS); do echo "== $$t (ASan/UBSan)"; \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $$t || bad="$$bad $${t##*/}"; done; \
	  if [ -n "$$bad" ]; then echo "ASan/UBSan unit tests failed:$$bad"; exit 1; fi

check-integration: build-all $(INTEG_BINS)
	BUILD=$(abspath $(O)) bash tests/integration/run.sh

CHECK_TARGETS += check-unit check-unit-san check-integration

# Test objects are not intermediates to delete after linking.  Named one by
# one: a bare .SECONDARY would also let a target count as up to date while
# its (missing) objects had never been built with the current rules.
.SECONDARY: $(UNIT_SRCS:tests/unit/%.c=$(O)/obj/tests/unit/%.o) \
            $(UNIT_SRCS:tests/unit/%.c=$(O)/san/tests/unit/%.o)

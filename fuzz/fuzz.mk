# fuzz/: libFuzzer harnesses (clang, ASan + UBSan), one per surface a
# hostile caller or file reaches: each translator, the simulator's
# dispatcher and decoders, the dm_op broker's socket, the ELF reader of
# `xenshim check`, /dev/xen/evtchn and the guest-io script parser.
#
#   make fuzz [FUZZ_SECONDS=600]   every harness that long, from fuzz/corpus/
#   make check-fuzz-short          every harness 10 s (part of make check)
#   make fuzz-coverage             line coverage of sim/hv_*.c over the corpora
#
# Corpora grow in $(O)/fuzz/corpus/NAME (fuzz/corpus/NAME are the committed
# seeds); a crash leaves $(O)/fuzz/crash-NAME-* and fails the target.
FUZZ_CC      ?= clang
FUZZ_NAMES   := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_LIB_SRCS := $(SHIM_CORE_SRCS) $(SIM_HV_SRCS) $(VERSIONS_SRCS) shim/cli/elf_reader.c \
                 sim/guest_io_script.c sim/host/evtchn_dev.c
FUZZ_WARN    := -Wall -Wextra -Werror -Wno-unused-function
FUZZ_INC     := -I. -Iversions -I$(ABI_GEN_DIR) -Ishim -Isim -Isim/host -Itests/unit $(FUSE_CFLAGS)
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS  := -O1 -g $(CSTD) $(FUZZ_WARN) $(FUZZ_INC) -fno-omit-frame-pointer
FUZZ_COV     := -fprofile-instr-generate -fcoverage-mapping
FUZZ_SECONDS ?= 600
FUZZ_BINS    := $(FUZZ_NAMES:%=$(O)/fuzz/bin/fuzz_%)
FUZZ_COV_BINS := $(FUZZ_NAMES:%=$(O)/fuzz/cov/fuzz_%)

$(O)/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<
$(O)/fuzz/covobj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) $(FUZZ_COV) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(O)/fuzz/libfuzzlib.a: $(FUZZ_LIB_SRCS:%.c=$(O)/fuzz/obj/%.o)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(O)/fuzz/libfuzzcov.a: $(FUZZ_LIB_SRCS:%.c=$(O)/fuzz/covobj/%.o)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(O)/fuzz/bin/fuzz_%: $(O)/fuzz/obj/fuzz/fuzz_%.o $(O)/fuzz/libfuzzlib.a
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ -ldl -lpthread
$(O)/fuzz/cov/fuzz_%: $(O)/fuzz/covobj/fuzz/fuzz_%.o $(O)/fuzz/libfuzzcov.a
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_SAN) $(FUZZ_COV) -fsanitize=fuzzer -o $@ $^ -ldl -lpthread

.PHONY: fuzz fuzz-build check-fuzz-short fuzz-coverage
fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@BUILD=$(abspath $(O)) bash fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_NAMES)

check-fuzz-short: $(FUZZ_BINS)
	@BUILD=$(abspath $(O)) bash fuzz/run.sh 10 $(FUZZ_NAMES)

fuzz-coverage: $(FUZZ_COV_BINS)
	@BUILD=$(abspath $(O)) bash fuzz/coverage.sh $(FUZZ_NAMES)

CHECK_TARGETS += check-fuzz-short

.SECONDARY: $(FUZZ_NAMES:%=$(O)/fuzz/obj/fuzz/fuzz_%.o) $(FUZZ_NAMES:%=$(O)/fuzz/covobj/fuzz/fuzz_%.o)

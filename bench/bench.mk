# bench/: `make bench` (never part of check).  bench_shim compiles the
# interposer into itself over the in-process simulator; bench_ioctl is a
# plain program run with and without the preloaded shim; the whole-workload
# rows run `xenshim run --sim`, hence everything the build makes.
BENCH_SHIM := $(O)/bench/bench_shim
BENCH_IOCTL := $(O)/bench/bench_ioctl

$(BENCH_SHIM): bench/bench_shim.c tests/unit/interposed_sim.h tests/unit/thread_broker.h shim/interpose.c $(wildcard shim/*.h) $(LIB_SHIM_CORE) $(LIB_SIM) $(LIB_VERSIONS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(LIB_SHIM_CORE) $(LIB_SIM) $(LIB_VERSIONS) -ldl -lpthread

$(BENCH_IOCTL): bench/bench_ioctl.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $<

.PHONY: bench-shim
bench-shim: $(BENCH_SHIM) $(BENCH_IOCTL) build-all
	BUILD=$(abspath $(O)) bash bench/run.sh

BENCH_TARGETS += bench-shim

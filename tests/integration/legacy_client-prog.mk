# legacy_client: a Xen 4.6-era device model reduced to its raw privcmd
# hypercalls (suite_30_legacy.sh).  Plain libc only, dynamically linked so
# the shim can be preloaded into it.
LEGACY_CLIENT := $(O)/tests/integration/legacy_client

$(LEGACY_CLIENT): tests/integration/legacy_client.c tests/integration/legacy_abi46.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $<

INTEG_BINS += $(LEGACY_CLIENT)

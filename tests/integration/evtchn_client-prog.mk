# evtchn_client: raw calls on the simulated host's evtchn, gntdev and foreign
# mappings (suite_90; compared with real Xen in suite_80).  Plain libc.
EVTCHN_CLIENT := $(O)/tests/integration/evtchn_client
$(EVTCHN_CLIENT): tests/integration/evtchn_client.c versions/abi.h versions/privcmd.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $<
INTEG_BINS += $(EVTCHN_CLIENT)

# storm_client: privcmd calls under a SIGALRM storm (suite_15_exactly_once.sh).
STORM_CLIENT := $(O)/tests/integration/storm_client

$(STORM_CLIENT): tests/integration/storm_client.c versions/privcmd.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $<

INTEG_BINS += $(STORM_CLIENT)

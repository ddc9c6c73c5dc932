# hidden_restrict_client: privcmd restricted behind the shim's back
# (suite_17_hidden_restrict.sh).
HIDDEN_RESTRICT_CLIENT := $(O)/tests/integration/hidden_restrict_client

$(HIDDEN_RESTRICT_CLIENT): tests/integration/hidden_restrict_client.c versions/privcmd.h versions/abi.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $<

INTEG_BINS += $(HIDDEN_RESTRICT_CLIENT)

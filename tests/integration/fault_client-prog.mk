# fault_client: a device model meeting faults of its environment
# (suite_95_faults.sh): its broker killed, no descriptors left, xenstored
# killed.  Links Debian's libxenstore.
FAULT_CLIENT := $(O)/tests/integration/fault_client

$(FAULT_CLIENT): tests/integration/fault_client.c versions/privcmd.h versions/abi.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< -lxenstore

INTEG_BINS += $(FAULT_CLIENT)

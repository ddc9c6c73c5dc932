# raw_client: bare open/ioctl/mmap on the simulated privcmd device
# (suite_10_run.sh).  Plain libc, nothing of Xen's.
RAW_CLIENT := $(O)/tests/integration/raw_client

$(RAW_CLIENT): tests/integration/raw_client.c versions/privcmd.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< -lpthread

INTEG_BINS += $(RAW_CLIENT)

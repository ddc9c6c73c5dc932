# dm_client links Debian's real Xen 4.17 libraries (libxendevicemodel.so.1,
# libxenctrl.so.4.17, libxentoolcore.so.1): the point is to test with the
# bytes a distribution device model really sends, so nothing of ours is in it.
DM_CLIENT := $(O)/tests/integration/dm_client

$(DM_CLIENT): $(O)/obj/tests/integration/dm_client.o
	@mkdir -p $(dir $@)
	$(CC) -o $@ $< -lxendevicemodel -lxenctrl -lxentoolcore

# xenctrl.h pulls in xen/foreign/*.h, which spell alignment with GNU
# attributes only when __STRICT_ANSI__ is unset: this one file is gnu11.
$(O)/obj/tests/integration/dm_client.o: CFLAGS += -std=gnu11

INTEG_BINS += $(DM_CLIENT)

# qemu22_dm: ioreq_dm46 behind QEMU 2.2's command line, linked as Xen 4.6's
# QEMU was (suite_17: `xenshim wrap` as xl's device_model_override).
QEMU22_DM := $(O)/tests/integration/qemu22_dm
$(QEMU22_DM): tests/integration/qemu22_dm.c tests/integration/ioreq_dm46.c \
		tests/integration/legacy_abi46.h $(COMPAT_LINK_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/integration -o $@ $< -L$(COMPAT_LINK_DIR) -Wl,--no-as-needed \
	  -l:libxenctrl.so.4.6 -l:libxenguest.so.4.6 -l:libxenstore.so.3.0
INTEG_BINS += $(QEMU22_DM)

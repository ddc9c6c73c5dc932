# ioreq_dm46: a 4.6-era device model that serves ioreqs over raw privcmd and
# /dev/xen/evtchn (suite_90), with libxenstore.so.3.0 for xenstore (the
# compat soname's link stub, as legacy_dm46 links).
IOREQ_DM46 := $(O)/tests/integration/ioreq_dm46
$(IOREQ_DM46): tests/integration/ioreq_dm46.c tests/integration/legacy_abi46.h $(COMPAT_LINK_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< -L$(COMPAT_LINK_DIR) -Wl,--no-as-needed -l:libxenstore.so.3.0
INTEG_BINS += $(IOREQ_DM46)

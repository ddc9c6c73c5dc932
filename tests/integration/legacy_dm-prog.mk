# legacy_dm46 / legacy_dm411: device models of the Xen 4.6 / 4.11 era (the
# legacy_client sequence through xc_hvm_* and xc_domain_*), linked against
# the unversioned link stubs of the compat sonames so their DT_NEEDED are
# libxenctrl.so.4.N, libxenguest.so.4.N and libxenstore.so.3.0 (QEMU of
# those eras linked -lxenstore -lxenctrl -lxenguest, used or not) and they
# import plain names, as when built against the real libraries
# (suite_50_compat.sh).
LEGACY_DM46 := $(O)/tests/integration/legacy_dm46
LEGACY_DM411 := $(O)/tests/integration/legacy_dm411

$(O)/tests/integration/legacy_dm%: tests/integration/legacy_dm%.c tests/integration/legacy_dm46.c \
		tests/integration/legacy_dm_xen.h shim/compat/xc_dominfo.h $(COMPAT_LINK_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< -L$(COMPAT_LINK_DIR) -Wl,--no-as-needed \
	  -l:libxenctrl.so.$(if $(filter 46,$*),4.6,4.11) -l:libxenguest.so.$(if $(filter 46,$*),4.6,4.11) \
	  -l:libxenstore.so.3.0

# 4.15 versioned its symbols: link against the versioned libraries.
LEGACY_DM415 := $(O)/tests/integration/legacy_dm415
$(LEGACY_DM415): tests/integration/legacy_dm415.c tests/integration/legacy_dm46.c \
		tests/integration/legacy_dm_xen.h shim/compat/xc_dominfo.h $(COMPAT_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< -L$(COMPAT_DIR) -Wl,--no-as-needed \
	  -l:libxenctrl.so.4.15 -l:libxenguest.so.4.15 -l:libxenstore.so.3.0

INTEG_BINS += $(LEGACY_DM46) $(LEGACY_DM411) $(LEGACY_DM415)

# shim/compat/: the compat sonames of past releases (libxenctrl.so.4.5 ...
# 4.16, libxenguest.so.4.5 ... 4.16, libxenstore.so.3.0) over the host's libraries, all generated from
# shim/compat/symbols.h by compat-gen.  Built into $(O)/lib/compat/, the
# directory `xenshim run` puts on the library path; installed into
# $(PREFIX)/lib/xenshim/compat/ so they never shadow the host's libraries
# for other programs.
#
# $(O)/lib/compat-link/ holds the same sonames without symbol versions:
# test programs of an unversioned era link against those, so they import
# plain names as a binary built against the real 4.6 library does.
COMPAT_RELEASES := 4.5 4.6 4.7 4.8 4.9 4.10 4.11 4.12 4.13 4.14 4.15 4.16
COMPAT_DIR := $(O)/lib/compat
COMPAT_LINK_DIR := $(O)/lib/compat-link
COMPAT_OBJ := $(O)/obj/shim/compat
COMPAT_GEN := $(COMPAT_OBJ)/compat-gen
COMPAT_XC_LIBS := $(COMPAT_RELEASES:%=$(COMPAT_DIR)/libxenctrl.so.%)
COMPAT_XG_LIBS := $(COMPAT_RELEASES:%=$(COMPAT_DIR)/libxenguest.so.%)
COMPAT_XSTORE_LIB := $(COMPAT_DIR)/libxenstore.so.3.0
COMPAT_LIBS := $(COMPAT_XC_LIBS) $(COMPAT_XG_LIBS) $(COMPAT_XSTORE_LIB)
COMPAT_LINK_LIBS := $(COMPAT_RELEASES:%=$(COMPAT_LINK_DIR)/libxenctrl.so.%) \
                    $(COMPAT_RELEASES:%=$(COMPAT_LINK_DIR)/libxenguest.so.%) \
                    $(COMPAT_LINK_DIR)/libxenstore.so.3.0
COMPAT_HOST_OBJ := $(COMPAT_OBJ)/host.o
COMPAT_LDLIBS := -ldl -lpthread

# 4.N -> 400+N, as XC_RELEASE spells a release.
compat_relnum = $(if $(filter 1%,$(word 2,$(subst ., ,$(1)))),4,40)$(word 2,$(subst ., ,$(1)))

$(COMPAT_GEN): shim/compat/compat-gen.c shim/compat/symbols.h
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -o $@ $<

$(COMPAT_OBJ)/xenctrl-%.o: shim/compat/xenctrl_compat.c shim/compat/host.h shim/compat/xc_dominfo.h versions/xen_checks.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DXC_RELEASE=$(call compat_relnum,$*) -c -o $@ $<

$(COMPAT_OBJ)/xenguest-%.o: shim/compat/xenguest_compat.c shim/compat/host.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DXC_RELEASE=$(call compat_relnum,$*) -c -o $@ $<

$(COMPAT_OBJ)/libxenctrl.so.%.map: $(COMPAT_GEN)
	$(COMPAT_GEN) script $* >$@
$(COMPAT_OBJ)/libxenctrl.so.%.link-map: $(COMPAT_GEN)
	$(COMPAT_GEN) link $* >$@
$(COMPAT_OBJ)/libxenguest.so.%.map: $(COMPAT_GEN)
	$(COMPAT_GEN) guest $* >$@
$(COMPAT_OBJ)/libxenguest.so.%.link-map: $(COMPAT_GEN)
	$(COMPAT_GEN) guest-link $* >$@
$(COMPAT_OBJ)/libxenstore.so.3.0.map: $(COMPAT_GEN)
	$(COMPAT_GEN) store >$@
$(COMPAT_OBJ)/libxenstore.so.3.0.link-map: $(COMPAT_GEN)
	$(COMPAT_GEN) store-link >$@

$(COMPAT_DIR)/libxenctrl.so.%: $(COMPAT_OBJ)/xenctrl-%.o $(COMPAT_HOST_OBJ) $(COMPAT_OBJ)/libxenctrl.so.%.map
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,libxenctrl.so.$* -Wl,--version-script=$(word 3,$^) -Wl,-z,defs \
	  -o $@ $(wordlist 1,2,$^) $(COMPAT_LDLIBS)
$(COMPAT_LINK_DIR)/libxenctrl.so.%: $(COMPAT_OBJ)/xenctrl-%.o $(COMPAT_HOST_OBJ) $(COMPAT_OBJ)/libxenctrl.so.%.link-map
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,libxenctrl.so.$* -Wl,--version-script=$(word 3,$^) -Wl,-z,defs \
	  -o $@ $(wordlist 1,2,$^) $(COMPAT_LDLIBS)
$(COMPAT_DIR)/libxenguest.so.%: $(COMPAT_OBJ)/xenguest-%.o $(COMPAT_HOST_OBJ) $(COMPAT_OBJ)/libxenguest.so.%.map
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,libxenguest.so.$* -Wl,--version-script=$(word 3,$^) -Wl,-z,defs \
	  -o $@ $(wordlist 1,2,$^) $(COMPAT_LDLIBS)
$(COMPAT_LINK_DIR)/libxenguest.so.%: $(COMPAT_OBJ)/xenguest-%.o $(COMPAT_HOST_OBJ) $(COMPAT_OBJ)/libxenguest.so.%.link-map
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,libxenguest.so.$* -Wl,--version-script=$(word 3,$^) -Wl,-z,defs \
	  -o $@ $(wordlist 1,2,$^) $(COMPAT_LDLIBS)
$(COMPAT_DIR)/libxenstore.so.3.0: $(O)/obj/shim/compat/xenstore_compat.o $(COMPAT_HOST_OBJ) $(COMPAT_OBJ)/libxenstore.so.3.0.map
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,libxenstore.so.3.0 -Wl,--version-script=$(word 3,$^) -Wl,-z,defs \
	  -o $@ $(wordlist 1,2,$^) $(COMPAT_LDLIBS)
$(COMPAT_LINK_DIR)/libxenstore.so.3.0: $(O)/obj/shim/compat/xenstore_compat.o $(COMPAT_HOST_OBJ) $(COMPAT_OBJ)/libxenstore.so.3.0.link-map
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,libxenstore.so.3.0 -Wl,--version-script=$(word 3,$^) -Wl,-z,defs \
	  -o $@ $(wordlist 1,2,$^) $(COMPAT_LDLIBS)

.PRECIOUS: $(COMPAT_OBJ)/xenctrl-%.o $(COMPAT_OBJ)/libxenctrl.so.%.map $(COMPAT_OBJ)/libxenctrl.so.%.link-map \
          $(COMPAT_OBJ)/xenguest-%.o $(COMPAT_OBJ)/libxenguest.so.%.map $(COMPAT_OBJ)/libxenguest.so.%.link-map

.PHONY: compat
compat: $(COMPAT_LIBS) $(COMPAT_LINK_LIBS)
ALL_TARGETS += $(COMPAT_LIBS) $(COMPAT_LINK_LIBS)

# The compat libraries beside libxenshim.so, which `xenshim run` and
# `xenshim check` find from the binary's own location.
# XENSHIM_LIBDIR: the private directory of the shim, its broker, the
# compat sonames and the real-Xen runner (a Debian package puts it under
# /usr/lib/<multiarch>/, where bin/xenshim looks too).
XENSHIM_LIBDIR ?= $(PREFIX)/lib/xenshim
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
install: build-all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(XENSHIM_LIBDIR)/compat $(DESTDIR)$(XENSHIM_LIBDIR)/realxen \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(XENSHIM_BIN) $(DESTDIR)$(PREFIX)/bin/xenshim
	$(if $(wildcard shim/interpose.c),install -m 644 $(LIBXENSHIM) $(DESTDIR)$(XENSHIM_LIBDIR)/libxenshim.so)
	install -m 755 $(BROKER_BIN) $(DESTDIR)$(XENSHIM_LIBDIR)/xenshim-dmop-broker
	install -m 644 $(LIB_SIM_KERNEL) $(DESTDIR)$(XENSHIM_LIBDIR)/libxensim-privcmd.so
	install -m 644 $(COMPAT_LIBS) $(DESTDIR)$(XENSHIM_LIBDIR)/compat/
	install -m 755 $(REALXEN_FILES) $(DESTDIR)$(XENSHIM_LIBDIR)/realxen/
	install -m 644 docs/man/xenshim.1 $(DESTDIR)$(MANDIR)/man1/xenshim.1
	install -m 644 shim/cli/xenshim.bash-completion $(DESTDIR)$(BASHCOMPDIR)/xenshim

# tests/unit/test_compat.c, built with -DCOMPAT_FAKE_HOST, is also a fake
# host: one library answering under every host soname (symlinks, so it
# is loaded once and keeps one record of the calls it saw).
ifneq ($(wildcard tests/unit/test_compat.c),)
COMPAT_FAKEHOST := $(O)/tests/compat-fakehost/libxenctrl.so.4.99
$(COMPAT_FAKEHOST): tests/unit/test_compat.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DCOMPAT_FAKE_HOST -shared -o $@ $<
	for n in libxendevicemodel.so.1 libxenforeignmemory.so.1 libxenevtchn.so.1 \
	         libxengnttab.so.1 libxenstore.so.4 libxenguest.so.4.99; do ln -sf libxenctrl.so.4.99 $(dir $@)$$n; done
$(O)/tests/test_compat $(O)/tests/san/test_compat: | $(COMPAT_LIBS) $(COMPAT_FAKEHOST)
endif

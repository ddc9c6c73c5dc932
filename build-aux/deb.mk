# make deb: the Debian package, built by Debian's tools (debian/, debhelper,
# dpkg-buildpackage -b -us -uc) in a copy of the tree under $(O)/deb, so
# the package's `make clean` leaves this build alone.  The log is in
# $(O)/deb/build.log (V=1: on the terminal too).
# make check-deb: installs it with apt and tests it (tests/package/check-deb.sh).
DEB_VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)
DEB_DIR := $(abspath $(O))/deb
DEB_FILE := $(DEB_DIR)/xenshim_$(DEB_VERSION)_amd64.deb

.PHONY: deb check-deb
deb:
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/xenshim-$(DEB_VERSION)
	tar --exclude=./$(O) --exclude=./.git -cf - . | tar -xf - -C $(DEB_DIR)/xenshim-$(DEB_VERSION)
	printf '  %-3s %s\n' DEB $(DEB_FILE)
	cd $(DEB_DIR)/xenshim-$(DEB_VERSION) && \
	  DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -b -us -uc \
	  $(if $(filter 1,$(V)),2>&1 | tee $(DEB_DIR)/build.log,>$(DEB_DIR)/build.log 2>&1) || \
	  { tail -n 30 $(DEB_DIR)/build.log; exit 1; }
	test -f $(DEB_FILE)

check-deb: deb
	BUILD=$(abspath $(O)) bash tests/package/check-deb.sh $(DEB_FILE)

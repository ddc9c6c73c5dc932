# realxen/: the real-Xen runner (`xenshim run --xen`).  Its scripts and the
# dom0 domain builder live beside libxenshim.so, in lib/realxen/.
REALXEN_DIR := $(O)/lib/realxen
REALXEN_SCRIPTS := boot.sh dom0-init dom0.sh fetch.sh xen-run.sh
REALXEN_FILES := $(REALXEN_SCRIPTS:%=$(REALXEN_DIR)/%) $(REALXEN_DIR)/xendom

$(REALXEN_DIR)/%: realxen/%
	@mkdir -p $(dir $@)
	cp $< $@

$(REALXEN_DIR)/xendom: $(O)/obj/realxen/dom0/xendom.o $(LIB_VERSIONS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^

ALL_TARGETS += $(REALXEN_FILES)

# realxen/: the real-Xen runner (`xenshim run --xen`).  Its scripts and the
# dom0 domain builder live beside libxenshim.so, in lib/realxen/.
REALXEN_DIR := $(O)/lib/realxen
REALXEN_SCRIPTS := boot.sh dom0-init dom0.sh fetch.sh xen-run.sh guest/guest.sh guest/dm-wrapper.sh
REALXEN_FILES := $(REALXEN_SCRIPTS:%=$(REALXEN_DIR)/%) $(REALXEN_DIR)/xendom \
                 $(REALXEN_DIR)/guest/guest_image $(REALXEN_DIR)/guest/guest_rt.bin

$(REALXEN_DIR)/%: realxen/%
	@mkdir -p $(dir $@)
	cp $< $@

$(REALXEN_DIR)/xendom: $(O)/obj/realxen/dom0/xendom.o $(LIB_VERSIONS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^

# realxen/guest/: the real HVM guest of `run --xen --guest-io` (guest_rt.h).
$(REALXEN_DIR)/guest/guest_image: $(O)/obj/realxen/guest/guest_image.o $(O)/obj/sim/guest_io_script.o
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^

$(O)/obj/realxen/guest/guest_rt.o: realxen/guest/guest_rt.S realxen/guest/guest_rt.h
	@mkdir -p $(dir $@)
	$(CC) -m32 -Irealxen/guest -c -o $@ $<

$(REALXEN_DIR)/guest/guest_rt.bin: $(O)/obj/realxen/guest/guest_rt.o
	@mkdir -p $(dir $@)
	objcopy -O binary -j .text $< $@

ALL_TARGETS += $(REALXEN_FILES)

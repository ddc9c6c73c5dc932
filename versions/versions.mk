# versions/: the release tables and struct layouts (owned by versions/).

# abi.table is the one description of the Xen ABI; abi_gen.py turns it
# into headers under $(ABI_GEN_DIR).  The stamp is an included makefile,
# so make brings the headers up to date before it builds anything else.
ABI_GEN_DIR := $(O)/gen
ABI_GEN_STAMP := $(ABI_GEN_DIR)/abi_gen.mk
CFLAGS += -I$(ABI_GEN_DIR)

$(ABI_GEN_STAMP): versions/abi.table versions/abi_gen.py
	python3 versions/abi_gen.py versions/abi.table $(ABI_GEN_DIR)
	@echo '# generated: the ABI headers are up to date' >$@
include $(ABI_GEN_STAMP)

VERSIONS_SRCS := $(filter-out versions/check_417.c,$(wildcard versions/*.c))
VERSIONS_OBJS := $(VERSIONS_SRCS:%.c=$(O)/obj/%.o)
VERSIONS_SAN_OBJS := $(VERSIONS_SRCS:%.c=$(O)/san/%.o)
LIB_VERSIONS := $(O)/lib/libxsversions.a
LIB_VERSIONS_SAN := $(O)/lib/san/libxsversions.a

$(LIB_VERSIONS): $(VERSIONS_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(LIB_VERSIONS_SAN): $(VERSIONS_SAN_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(LIB_VERSIONS)

# check_417: our 4.17 layouts and numbers against the installed Xen headers.
# The object holds the compile-time asserts (gnu11: Xen's hvm/save.h needs
# anonymous unions); the program, run here, checks the 4.17 table row.  Any
# mismatch fails `make`.
CHECK_417_OBJ := $(O)/obj/versions/check_417.o
CHECK_417_BIN := $(O)/obj/versions/check_417
CHECK_417_OK := $(O)/obj/versions/check_417.ok

$(CHECK_417_OBJ): versions/check_417.c
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -std=c11,$(CFLAGS)) -std=gnu11 -MMD -MP -c -o $@ $<

$(CHECK_417_OK): $(CHECK_417_OBJ) $(LIB_VERSIONS)
	$(CC) -o $(CHECK_417_BIN) $(CHECK_417_OBJ) $(LIB_VERSIONS)
	$(CHECK_417_BIN)
	@touch $@

ALL_TARGETS += $(CHECK_417_OK)

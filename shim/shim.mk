# shim/: the preload library, its translators, and the xenshim CLI.
# interpose.c holds the libc entry points; everything else in shim/*.c is
# also built into a static archive so unit tests can drive translators
# without preloading.
SHIM_SRCS := $(wildcard shim/*.c)
SHIM_CORE_SRCS := $(filter-out shim/interpose.c,$(SHIM_SRCS))
LIB_SHIM_CORE := $(O)/lib/libxsshim.a
LIB_SHIM_CORE_SAN := $(O)/lib/san/libxsshim.a
LIBXENSHIM := $(O)/lib/libxenshim.so
CLI_SRCS := $(wildcard shim/cli/*.c)
XENSHIM_BIN := $(O)/bin/xenshim

$(LIB_SHIM_CORE): $(SHIM_CORE_SRCS:%.c=$(O)/obj/%.o)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(LIB_SHIM_CORE_SAN): $(SHIM_CORE_SRCS:%.c=$(O)/san/%.o)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# The preload library exports only the libc entry points it interposes
# (marked EXPORT in interpose.c): its objects are built with hidden
# visibility, so the shim's and versions/' internals can neither clash with
# the device model's own symbols nor become an interface by accident.
$(O)/hidden/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fvisibility=hidden -MMD -MP -c -o $@ $<

$(LIBXENSHIM): $(SHIM_SRCS:%.c=$(O)/hidden/%.o) $(VERSIONS_SRCS:%.c=$(O)/hidden/%.o)
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,libxenshim.so -Wl,-z,defs -o $@ $^ -ldl -lpthread

# Where a Debian package puts the private directory: /usr/lib/<multiarch>/xenshim.
XS_MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null)
$(O)/obj/shim/cli/main.o: CFLAGS += $(if $(XS_MULTIARCH),-DXS_MULTIARCH='"$(XS_MULTIARCH)"')

$(XENSHIM_BIN): $(CLI_SRCS:%.c=$(O)/obj/%.o) $(SIM_FRONT_OBJS) $(LIB_SIM) $(LIB_SHIM_CORE) $(LIB_VERSIONS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $(CLI_SRCS:%.c=$(O)/obj/%.o) $(SIM_FRONT_OBJS) $(LIB_SIM) $(LIB_SHIM_CORE) $(LIB_VERSIONS) $(FUSE_LIBS) -lxenstore -ldl -lpthread

# The restricted dm_op broker (shim/broker.h): libxenshim.so looks for it
# in its own directory, here and once installed.
BROKER_BIN := $(O)/lib/xenshim-dmop-broker

$(BROKER_BIN): $(O)/obj/shim/broker/dmop_broker.o $(LIB_SHIM_CORE) $(LIB_VERSIONS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -ldl -lpthread

ALL_TARGETS += $(XENSHIM_BIN) $(BROKER_BIN)
ifneq ($(wildcard shim/interpose.c),)
ALL_TARGETS += $(LIBXENSHIM) $(LIB_SHIM_CORE)
endif
-include bench/bench.mk
-include shim/compat/compat.mk

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

$(LIBXENSHIM): $(SHIM_SRCS:%.c=$(O)/obj/%.o) $(VERSIONS_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,libxenshim.so -Wl,-z,defs -o $@ $^ -ldl -lpthread

$(XENSHIM_BIN): $(CLI_SRCS:%.c=$(O)/obj/%.o) $(SIM_FRONT_OBJS) $(LIB_SIM) $(LIB_SHIM_CORE) $(LIB_VERSIONS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $(CLI_SRCS:%.c=$(O)/obj/%.o) $(SIM_FRONT_OBJS) $(LIB_SIM) $(LIB_SHIM_CORE) $(LIB_VERSIONS) $(FUSE_LIBS) -ldl -lpthread

ALL_TARGETS += $(XENSHIM_BIN)
ifneq ($(wildcard shim/interpose.c),)
ALL_TARGETS += $(LIBXENSHIM) $(LIB_SHIM_CORE)
endif
-include bench/bench.mk
-include shim/compat/compat.mk

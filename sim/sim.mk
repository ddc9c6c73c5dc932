# sim/: the simulated hypervisor.  hv_*.c is the hypervisor proper (a static
# library, unit-tested in process); the rest is the privcmd/FUSE front that
# `xenshim run` links.
SIM_HV_SRCS := $(wildcard sim/hv*.c)
SIM_FRONT_SRCS := $(filter-out $(SIM_HV_SRCS),$(wildcard sim/*.c)) $(wildcard sim/host/*.c)
LIB_SIM := $(O)/lib/libxssim.a
LIB_SIM_SAN := $(O)/lib/san/libxssim.a
SIM_FRONT_OBJS := $(SIM_FRONT_SRCS:%.c=$(O)/obj/%.o)

$(LIB_SIM): $(SIM_HV_SRCS:%.c=$(O)/obj/%.o)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(LIB_SIM_SAN): $(SIM_HV_SRCS:%.c=$(O)/san/%.o)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

ALL_TARGETS += $(LIB_SIM)

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

# sim/kernel/: the simulated kernel's share of privcmd, preloaded into CMD
# under --sim only (after libxenshim.so).
LIB_SIM_KERNEL := $(O)/lib/libxensim-privcmd.so
$(LIB_SIM_KERNEL): sim/kernel/privcmd_kernel.c sim/kernel/sim_kernel_abi.h versions/privcmd.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -shared -o $@ sim/kernel/privcmd_kernel.c -ldl -lpthread
ALL_TARGETS += $(LIB_SIM_KERNEL)

# versions/: the release tables and struct layouts (owned by versions/).
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

# abi-dumps/: libabigail dumps of every release's device-model and domctl
# structures as versions/ defines them, of the same structures from the
# installed Xen 4.17 headers, and of the shipped libraries.
#
#   make abi-check          rebuild the dumps into $(O)/abi and abidiff them
#                           against the committed ones (part of make check)
#   make abi-dumps          regenerate the committed dumps after a reviewed change
#   make abi-diff A=4.8 B=4.9   abidiff report between two releases
ABI_GEN := $(O)/abi/gen
ABI_OUT := $(O)/abi/dumps
# The shipped libraries: the preload library once it is part of the build,
# and the compat sonames (COMPAT_LIBS, from shim/compat's fragment) once
# they exist.
ABI_LIB := $(if $(wildcard shim/interpose.c),$(LIBXENSHIM)) $(COMPAT_LIBS)

$(ABI_GEN): abi-dumps/gen.c $(LIB_VERSIONS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB_VERSIONS)

.PHONY: abi-check abi-dumps abi-diff
# check_417 first: it compares every field offset, which abidiff alone
# cannot be trusted to catch (see real-417.suppr).
abi-check: $(ABI_GEN) $(CHECK_417_OK) $(ABI_LIB)
	@rm -rf $(ABI_OUT)
	CC="$(CC)" ABI_GEN_DIR=$(abspath $(ABI_GEN_DIR)) bash abi-dumps/abi.sh check $(ABI_GEN) $(ABI_OUT) $(ABI_LIB)

abi-dumps: $(ABI_GEN) $(CHECK_417_OK) $(ABI_LIB)
	@rm -rf $(ABI_OUT)
	CC="$(CC)" ABI_GEN_DIR=$(abspath $(ABI_GEN_DIR)) bash abi-dumps/abi.sh dump $(ABI_GEN) $(ABI_OUT) $(ABI_LIB)
	bash abi-dumps/abi.sh install $(ABI_OUT)

abi-diff:
	@test -n "$(A)" -a -n "$(B)" || { echo "usage: make abi-diff A=4.8 B=4.9"; exit 2; }
	@bash abi-dumps/abi.sh diff $(A) $(B)

CHECK_TARGETS += abi-check

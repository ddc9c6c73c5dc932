# Integration programs: each tests/integration/*-prog.mk says how one program
# is built (some link Debian's real libxendevicemodel/libxenctrl) and appends
# it to INTEG_BINS, so adding a program touches no shared file.
-include $(wildcard tests/integration/*-prog.mk)

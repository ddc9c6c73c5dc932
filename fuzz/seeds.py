#!/usr/bin/env python3
"""Writes the committed seed corpora, fuzz/corpus/NAME/ (run from the top
directory; the files are small and stable, so the generator is kept to
show what each seed is).  Layouts follow versions/abi.h; a seed only has
to get past the first checks, the fuzzer does the rest."""
import os
import struct
import shutil
import subprocess
import tempfile

TAG = 0xfa5e0000 << 32          # fuzz_caller.h: tagged pointer into the arena
REL = {"4.5": 0, "4.6": 1, "4.8": 3, "4.9": 4, "4.11": 6, "4.14": 9, "4.17": 12,
       "4.20": 15, "hvmctl1": 16}
DOMCTL_IF = {"4.5": 0xa, "4.6": 0xb, "4.8": 0xc, "4.9": 0xd, "4.11": 0x10,
             "4.14": 0x12, "4.17": 0x15, "4.20": 0x17, "hvmctl1": 0xc}
SYSCTL_IF = {"4.6": 0xc, "4.11": 0x11, "4.17": 0x15, "hvmctl1": 0xe}
DOMCTLS = [1, 3, 4, 5, 11, 14, 15, 19, 20, 21, 33, 38, 39, 40, 41, 46, 48]
OLD = ["4.5", "4.6", "4.7", "4.8", "hvmctl1"]   # fuzz_translate_dmop's order


def ptr(off):
    return TAG | off


def payload():
    """Plausible first fields of most structs: an id or domid, a type, a
    start and an end, a count, a pointer into the arena."""
    return struct.pack("<HHIQQQQ", 1, 0, 1, 0x1000, 0x1fff, 4, ptr(0x800))


def domctl(cmd, iv, dom=1, body=None):
    b = struct.pack("<IIH6x", cmd, iv, dom) + (body if body is not None else payload())
    return b.ljust(144, b"\0")


def sysctl(iv):
    return struct.pack("<IIHHIQI", 6, iv, 0, 0, 16, ptr(0x400), 0).ljust(136, b"\0")


def hvmctl(cmd):
    return struct.pack("<IHHII", 1, 1, 0, cmd, 0) + payload()


def dmop(op, body=None):
    return struct.pack("<II", op, 0) + (body if body is not None else payload())


def hypercall(op, args, arena):
    rec = struct.pack("<BB5Q", 0, op, *args) + arena
    return struct.pack("<H", len(rec)) + rec


def dm_op_rec(bufs, dom=0):
    rec = struct.pack("<BBB", 1, dom, len(bufs)) + b"".join(struct.pack("<H", len(b)) for b in bufs)
    rec += b"".join(bufs)
    return struct.pack("<H", len(rec)) + rec


def write(name, seeds):
    d = os.path.join("fuzz", "corpus", name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for i, (label, data) in enumerate(seeds):
        with open(os.path.join(d, "%03d-%s" % (i, label)), "wb") as f:
            f.write(data)


def sim_seeds():
    s = []
    for rel in ["4.6", "4.11", "4.17", "hvmctl1"]:
        r = bytes([REL[rel]])
        for cmd in DOMCTLS:
            s.append(("domctl-%s-%d" % (rel, cmd),
                      r + hypercall(36, [ptr(0), 0, 0, 0, 0], domctl(cmd, DOMCTL_IF[rel]))))
        if rel in SYSCTL_IF:
            s.append(("sysctl-" + rel, r + hypercall(35, [ptr(0), 0, 0, 0, 0], sysctl(SYSCTL_IF[rel]))))
        for sub in [0, 1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20, 21, 22]:
            s.append(("hvmop-%s-%d" % (rel, sub),
                      r + hypercall(34, [sub, ptr(0), 0, 0, 0], struct.pack("<HH", 1, 0) + payload()[4:])))
        for ev in [0, 1, 3, 4, 5, 6, 9, 10]:
            s.append(("evtchn-%s-%d" % (rel, ev),
                      r + hypercall(32, [ev, ptr(0), 0, 0, 0], struct.pack("<HHII", 0x7ff0, 1, 0, 0))))
        for mem in [0, 1, 2, 4, 6, 7, 12, 14, 28]:
            s.append(("memop-%s-%d" % (rel, mem),
                      r + hypercall(12, [mem, ptr(0), 0, 0, 0], struct.pack("<QQQHH", ptr(0x200), 1, 0, 1, 0) + payload())))
        s.append(("xenver-" + rel, r + hypercall(17, [0, ptr(0), 0, 0, 0], b"")))
        s.append(("sched-" + rel, r + hypercall(29, [4, ptr(0), 0, 0, 0], struct.pack("<HH", 1, 0))))
    for cmd in range(1, 15):
        s.append(("hvmctl-%d" % cmd, bytes([REL["hvmctl1"]]) +
                  hypercall(41, [ptr(0), 0, 0, 0, 0], hvmctl(cmd))))
    for op in range(1, 21):
        s.append(("dmop-%d" % op, bytes([REL["4.17"]]) + dm_op_rec([dmop(op), b"\xff" * 64])))
    # An ioreq server's life in one input: create, map a range, enable,
    # get its info, modified memory after track_dirty_vram, destroy.
    life = [dm_op_rec([dmop(1, struct.pack("<BBHH", 1, 0, 0, 0))]),
            dm_op_rec([dmop(3, struct.pack("<HHIQQ", 1, 0, 0, 0x3f8, 0x3ff))]),
            dm_op_rec([dmop(5, struct.pack("<HBB", 1, 1, 0))]),
            dm_op_rec([dmop(2, struct.pack("<HBB", 1, 1, 0))]),
            dm_op_rec([dmop(7, struct.pack("<IIQ", 0, 64, 0x100)), b"\0" * 16]),
            dm_op_rec([dmop(11, struct.pack("<II", 1, 0)), struct.pack("<IIQ", 2, 0, 0x101)]),
            dm_op_rec([dmop(6, struct.pack("<HH", 1, 0))])]
    for rel in ["4.9", "4.17"]:
        s.append(("ioreq-life-" + rel, bytes([REL[rel]]) + b"".join(life)))
        # The same with Xen preempting wherever it may (bit 7).
        s.append(("ioreq-life-preempted-" + rel, bytes([0x80 | REL[rel]]) + b"".join(life)))
    big = [dm_op_rec([dmop(7, struct.pack("<IIQ", 0, 64, 0x100)), b"\0" * 16]),
           dm_op_rec([dmop(11, struct.pack("<II", 2, 0)), struct.pack("<IIQIIQ", 600, 0, 0x100, 300, 0, 0x400)]),
           dm_op_rec([dmop(12, struct.pack("<IHHQ", 600, 1, 0, 0x200))])]
    s.append(("preempted-4.17", bytes([0x80 | REL["4.17"]]) + b"".join(big)))
    s.append(("preempted-4.6", bytes([0x80 | REL["4.6"]]) +
              hypercall(34, [7, ptr(0), 0, 0, 0], struct.pack("<HHIQ", 1, 0, 600, 0x100)) +
              hypercall(34, [8, ptr(0), 0, 0, 0], struct.pack("<HHIQ", 1, 1, 600, 0x100))))
    return s


def translate_dmop_seeds():
    s = []
    for rel in ["4.6", "hvmctl1"]:
        for op in range(1, 21):
            bufs = [dmop(op), b"\xff" * 64]
            s.append(("%s-%d" % (rel, op), bytes([OLD.index(rel), 0, 2]) +
                      b"".join(struct.pack("<H", len(b)) for b in bufs) + b"".join(bufs)))
    return s


def translate_hvmop_seeds():
    s = []
    for rel in ["4.11", "4.17", "hvmctl1"]:
        for sub in [2, 3, 4, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20, 21, 22]:
            s.append(("%s-%d" % (rel, sub), bytes([REL[rel], sub]) +
                      struct.pack("<HH", 1, 0) + payload()[4:]))
    return s


def translate_domctl_seeds():
    s = []
    for hyp, caller in [("4.17", "4.6"), ("4.17", "4.11"), ("4.6", "4.17"), ("4.20", "4.14"),
                        ("4.11", "4.5"), ("hvmctl1", "4.9")]:
        for cmd in DOMCTLS:
            s.append(("%s-from-%s-%d" % (hyp, caller, cmd),
                      bytes([REL[hyp], 0]) + domctl(cmd, DOMCTL_IF[caller])))
        if caller in SYSCTL_IF:
            s.append(("%s-from-%s-sysctl" % (hyp, caller), bytes([REL[hyp], 1]) + sysctl(SYSCTL_IF[caller])))
    return s


def broker_seeds():
    req = lambda op, body: (struct.pack("<IHH16I", 0x58534231, 1, 1, 8 + len(body), *([0] * 15))
                            + dmop(op, body))
    s = []
    for op in [1, 2, 3, 5, 6, 7, 8, 9, 14]:
        m = req(op, payload())
        s.append(("serve-%d" % op, b"\0" + struct.pack("<H", len(m)) + m))
    ready = struct.pack("<IIqII", 0x58534231, 2, 0, 0, 0)
    reply = struct.pack("<IIqII", 0x58534231, 1, 0, 1, 0) + b"\x11" * 64
    s.append(("client-ok", b"\1" + struct.pack("<H", len(ready)) + ready + reply))
    s.append(("client-pass", b"\1" + struct.pack("<H", len(ready)) + ready +
              struct.pack("<IIqII", 0x58534231, 0, 0, 0, 0)))
    return s


def evtchn_seeds():
    rec = lambda f, kind, cmd, arg: struct.pack("<BBBBI", f, kind, cmd, 0, arg)
    s = [("bind-notify-read", b"\x0c" + rec(0, 0, 2, 1) + rec(0, 0, 4, 1) + rec(0, 4, 0, 1) +
          rec(0, 2, 8, 0) + rec(0, 1, 0, 1) + rec(0, 0, 3, 1)),
         ("virq-restrict", b"\x0c" + rec(1, 0, 0, 0) + rec(1, 0, 6, 1) + rec(1, 0, 1, 1) +
          rec(1, 0, 2, 1) + rec(1, 3, 0, 0) + rec(1, 0, 5, 0)),
         ("interdomain", b"\x01" + rec(0, 0, 1, 1) + rec(1, 0, 3, 5) + rec(0, 0, 7, 0))]
    return s


def elf_seeds():
    """A tiny shared object with one versioned definition and one
    undefined symbol: what `xenshim check` reads of a device model."""
    with tempfile.TemporaryDirectory() as t:
        with open(os.path.join(t, "t.c"), "w") as f:
            f.write("int xc_interface_open(void) { return 1; }\n"
                    "extern int xs_open(void);\nint f(void) { return xs_open(); }\n")
        with open(os.path.join(t, "t.map"), "w") as f:
            f.write("VERS_4.6.0 { global: xc_interface_open; local: *; };\n")
        subprocess.run(["gcc", "-shared", "-fPIC", "-nostdlib", "-s",
                        "-Wl,--version-script=" + os.path.join(t, "t.map"),
                        # no page padding: 2 KiB instead of 13
                        "-Wl,-z,max-page-size=16", "-Wl,-z,common-page-size=16",
                        "-Wl,-z,noseparate-code", "-Wl,--build-id=none",
                        "-o", os.path.join(t, "t.so"),
                        os.path.join(t, "t.c")], check=True)
        with open(os.path.join(t, "t.so"), "rb") as f:
            return [("versioned.so", f.read())]


def main():
    write("sim", sim_seeds())
    write("translate_dmop", translate_dmop_seeds())
    write("translate_hvmop", translate_hvmop_seeds())
    write("translate_domctl", translate_domctl_seeds())
    write("broker", broker_seeds())
    write("evtchn", evtchn_seeds())
    write("elf_reader", elf_seeds())
    scripts = []
    for f in sorted(os.listdir("tests/integration/guest_io")):
        with open(os.path.join("tests/integration/guest_io", f), "rb") as g:
            scripts.append((f, g.read()))
    write("guest_io_script", scripts)


if __name__ == "__main__":
    main()

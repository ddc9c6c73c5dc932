# Suite 16: hostile or mistyped command lines get a clear error, never a
# hang or a silent reading (issue 15, finding 6).  Sourced by run.sh.

# s16_refused DESC WANT-IN-STDERR CMD...: exits 2 within 10 s and says WANT.
s16_refused() {
    local desc=$1 want=$2 rc
    shift 2
    timeout 10 "$@" >"$TMPD/s16.out" 2>"$TMPD/s16.err" </dev/null
    rc=$?
    if [ "$rc" -eq 2 ] && grep -qF -- "$want" "$TMPD/s16.err"; then
        t_pass "$desc"
    else
        t_fail "$desc" "exit $rc: $(head -n1 "$TMPD/s16.err")"
    fi
}

mkfifo "$TMPD/s16.fifo"
s16_refused "check FIFO answers at once, not a regular file" "not a regular file" \
    "$XENSHIM" check "$TMPD/s16.fifo"
mkdir -p "$TMPD/s16.dir"
s16_refused "check DIR says it is a directory" "a directory" "$XENSHIM" check "$TMPD/s16.dir"
s16_refused "run --vcpus 128 is refused with the simulator's limit" "from 1 to 64" \
    "$XENSHIM" run --sim 4.17 --vcpus 128 -- true
s16_refused "run --vcpus 128 says why" "at most 64" \
    "$XENSHIM" run --sim 4.17 --vcpus 128 -- true
s16_refused "run --state-out -- does not take -- as a file name" "wants a file name" \
    "$XENSHIM" run --sim 4.17 --state-out -- true
s16_refused "run --domid 0x10 is refused (decimal only)" "decimal number" \
    "$XENSHIM" run --sim 4.17 --domid 0x10 -- true
s16_refused "run --domid ' 5' is refused" "decimal number" \
    "$XENSHIM" run --sim 4.17 --domid " 5" -- true
s16_refused "run --mem-mib +5 is refused" "decimal number" \
    "$XENSHIM" run --sim 4.17 --mem-mib +5 -- true
"$XENSHIM" run --sim 4.17 --vcpus 64 --domid 5 -- true >/dev/null 2>&1
t_check "run --vcpus 64 --domid 5 still runs" [ $? -eq 0 ]
[ ! -e ./-- ] || rm -f ./--

# Suite 18: xenshim(1) and the README's usage say the same (issue 16):
# every command `xenshim help` lists, every long option its usage names,
# every XENSHIM_* variable the sources read, in both; the man page renders
# without warnings.  Sourced by run.sh.

s18_man=$TOP/docs/man/xenshim.1
s18_readme=$TOP/README.md
# The README's usage: from "## Usage" to the next "## ".
s18_usage=$TMPD/s18-usage.md
sed -n '/^## Usage/,/^## [^U]/p' "$s18_readme" >"$s18_usage"

# s18_both DESC WORD MAN-PATTERN: WORD in the README's usage, MAN-PATTERN
# (fixed) in the man page source.
s18_missing=
s18_both() {
    grep -qF -- "$2" "$s18_usage" || s18_missing="$s18_missing README:$2"
    grep -qF -- "$3" "$s18_man" || s18_missing="$s18_missing man:$2"
}

s18_cmds=$("$XENSHIM" help | sed -n 's/^  \([a-z]*\) .*/\1/p')
t_check "xenshim help lists commands" [ -n "$s18_cmds" ]
for c in $s18_cmds; do
    s18_both "command" "xenshim $c" ".SS $c"
done
t_check "every command of xenshim help in the README's usage and a section of xenshim(1)" \
    [ -z "$s18_missing" ]
[ -z "$s18_missing" ] || echo "missing:$s18_missing"

s18_missing=
for c in $s18_cmds; do
    for o in $("$XENSHIM" "$c" --help 2>&1 | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
        s18_both "$c option" "$o" "$(printf '%s' "$o" | sed 's/-/\\-/g')"
    done
done
t_check "every option of every command's usage in both" [ -z "$s18_missing" ]
[ -z "$s18_missing" ] || echo "missing:$s18_missing"

s18_missing=
s18_vars=$(cd "$TOP" && { grep -rhoE 'getenv\("XENSHIM_[A-Z_]+' shim sim | sed 's/.*("//'
                            grep -rhoE 'XENSHIM_XEN_[A-Z0-9_]+' realxen/*.sh; } | sort -u)
for v in $s18_vars; do
    grep -qF -- "\`$v" "$s18_readme" || s18_missing="$s18_missing README:$v"
    grep -qF -- "$v" "$s18_man" || s18_missing="$s18_missing man:$v"
done
t_check "every XENSHIM_* variable the sources read ($(echo $s18_vars | wc -w)) in the README's table and xenshim(1)" \
    [ -z "$s18_missing" ]
[ -z "$s18_missing" ] || echo "missing:$s18_missing"

s18_missing=
for s in NAME SYNOPSIS DESCRIPTION COMMANDS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
    grep -qx "\.SH $s" "$s18_man" || s18_missing="$s18_missing .SH:$s"
done
t_check "xenshim(1) has every section a man page needs" [ -z "$s18_missing" ]
t_check "xenshim(1) has the complete xl.cfg example" grep -q '^device_model_override = ' "$s18_man"
LC_ALL=C.UTF-8 MANROFFSEQ='' man --warnings -l "$s18_man" >/dev/null 2>"$TMPD/s18-man.err"
t_check "xenshim(1) renders without warnings" [ ! -s "$TMPD/s18-man.err" ]

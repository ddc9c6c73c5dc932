#!/usr/bin/env python3
"""abi_gen.py TABLE OUTDIR: generate the ABI definitions and their checks
from versions/abi.table (the one description of every Xen structure and
number the project speaks).

Writes into OUTDIR:
  abi_gen.h        the #defines and struct definitions abi.h includes, each
                   struct followed by _Static_asserts of its size and of
                   every field's offset as the table states them; the op
                   lists XS_<FAMILY>_OPS(X) (ops.c), the op tables
                   XS_<FAMILY>_TABLE(X) of families whose rows say
                   releases= and XS_GENERATIONS(X) (ctl_ops.c)
  privcmd_gen.h    the same for the rows after `section privcmd`
  abi_check_417.h  the comparisons with the installed Xen 4.17 headers
                   (check_417.c includes it): every const with `= XEN`,
                   every `check`, and size plus offset and size of every
                   field of each struct with `xen=`
  abi_layouts.h    one GEN() row per struct with `layout=` (layouts.c)

A failing assert names the table line and the field.  The table format is
described at the top of versions/abi.table."""
import os
import re
import sys


class Err(Exception):
    pass


def c_comment(text):
    return '/* %s */' % text if text else ''


class Node:
    def __init__(self, kind, name, line, typ=None, off=None, opts=None, comment=''):
        self.kind = kind          # 'field', 'block' (anonymous struct/union member), 'hook'
        self.name = name          # member name, may carry [N]
        self.typ = typ            # C type, or 'struct'/'union' for blocks
        self.off = off            # offset within the enclosing aggregate
        self.opts = opts or {}
        self.line = line
        self.comment = comment
        self.children = []

    @property
    def bare(self):
        return re.sub(r'\[.*', '', self.name)


def split_comment(line):
    if '#' in line:
        i = line.index('#')
        return line[:i].rstrip(), line[i + 1:].strip()
    return line.rstrip(), ''


def parse_opts(tokens):
    words, opts = [], {}
    for t in tokens:
        if '=' in t and not t.startswith('='):
            k, v = t.split('=', 1)
            opts[k] = v
        else:
            words.append(t)
    return words, opts


def parse(path):
    """Returns a list of items per section: ('comment', lines), ('blank',),
    ('const', name, value, xen, comment, line), ('check', a, b, line),
    ('macro', text, line), ('struct', node)."""
    sections = {'abi': []}
    cur = sections['abi']
    stack = []               # open aggregates (Node)
    consts = {}              # op consts so far: a name two rows share is defined once
    comment_block = []
    with open(path) as f:
        lines = f.read().split('\n')

    def flush_comment():
        if comment_block:
            cur.append(('comment', list(comment_block)))
            comment_block.clear()

    for no, raw in enumerate(lines, 1):
        s = raw.strip()
        if not stack and s.startswith('#'):
            comment_block.append(s[1:].strip() if len(s) > 1 else '')
            continue
        if not stack:
            flush_comment()
        if not s:
            if not stack:
                cur.append(('blank',))
            continue
        body, comment = split_comment(s) if not s.startswith('macro ') else (s, '')
        tok = body.split()
        where = '%s:%d' % (path, no)
        if stack:
            top = stack[-1]
            if tok == ['end']:
                node = stack.pop()
                if not stack:
                    cur.append(('struct', node))
                continue
            if tok[0] == 'hook' and len(tok) == 2:
                node = Node('hook', tok[1], no)
                top.children.append(node)
                stack.append(node)
                continue
            words, opts = parse_opts(tok)
            if words[0] in ('struct', 'union') and len(words) == 3 and words[2].isdigit():
                node = Node('block', words[1], no, typ=words[0], off=int(words[2]),
                            opts=opts, comment=comment)
                top.children.append(node)
                stack.append(node)
                continue
            if len(words) < 3 or not words[-1].isdigit():
                raise Err('%s: a field is "TYPE NAME OFFSET [xen=NAME|-]": %s' % (where, s))
            node = Node('field', words[-2], no, typ=' '.join(words[:-2]), off=int(words[-1]),
                        opts=opts, comment=comment)
            top.children.append(node)
            continue
        if tok[0] == 'section':
            cur = sections.setdefault(tok[1], [])
            continue
        if tok[0] == 'const':
            if '=' in tok:
                i = tok.index('=')
                name, value, xen = tok[1], ' '.join(tok[2:i]), ' '.join(tok[i + 1:])
            else:
                name, value, xen = tok[1], ' '.join(tok[2:]), None
            if not value:
                raise Err('%s: const without a value' % where)
            cur.append(('const', name, value, xen, comment, no))
            continue
        if tok[0] == 'op':
            # op FAMILY NAME NUMBER [releases=SINCE-[UNTIL] [payload=XEN_TYPE]
            #    [flags=F|F]] [= XEN]: a const, and a member of the family
            if len(tok) < 4:
                raise Err('%s: "op FAMILY NAME NUMBER [= XEN]": %s' % (where, s))
            fam, name = tok[1], tok[2]
            rest = tok[3:]
            if '=' in rest:
                i = rest.index('=')
                rest, xen = rest[:i], ' '.join(rest[i + 1:])
            else:
                xen = None
            words, opts = parse_opts(rest)
            value = ' '.join(words)
            if not value:
                raise Err('%s: op without a number' % where)
            const = 'XS_%s_%s' % (fam, name)
            prev = consts.get(const)
            if prev and prev[2] != value:
                raise Err('%s: %s is %s here but %s above' % (where, const, value, prev[2]))
            if not prev:
                cur.append(('const', const, value, xen, comment, no))
                consts[const] = cur[-1]
            elif xen and not prev[3]:
                cur[cur.index(prev)] = consts[const] = ('const', const, value, xen, prev[4], no)
            cur.append(('op', fam, name, opts, no))
            continue
        if tok[0] == 'generations':
            # generations XEN_TYPE RANGE...: one layout per SINCE-[UNTIL]
            if len(tok) < 3:
                raise Err('%s: "generations XEN_TYPE SINCE-[UNTIL]...": %s' % (where, s))
            cur.append(('generations', tok[1], [release_range(r, where) for r in tok[2:]]))
            continue
        if tok[0] == 'check':
            i = tok.index('=')
            cur.append(('check', ' '.join(tok[1:i]), ' '.join(tok[i + 1:]), no))
            continue
        if tok[0] == 'macro':
            cur.append(('macro', s[len('macro '):], no))
            continue
        if tok[0] in ('struct', 'union') and len(tok) >= 3:
            words, opts = parse_opts(tok)
            node = Node('top', words[1], no, typ=words[0], off=int(words[2]), opts=opts,
                        comment=comment)
            stack.append(node)
            continue
        raise Err('%s: unknown row: %s' % (where, s))
    if stack:
        raise Err('%s: %s %s has no end' % (path, stack[-1].typ, stack[-1].name))
    flush_comment()
    return sections


def release_range(text, where):
    """SINCE-[UNTIL] -> (since, until or None)."""
    since, dash, until = text.partition('-')
    if not dash or not re.match(r'^\d+\.\d+$', since) or (until and not re.match(r'^\d+\.\d+$', until)):
        raise Err('%s: a release range is SINCE-[UNTIL] (4.5-4.10, 4.11-): %s' % (where, text))
    return since, until or None


def c_str(text):
    return '"%s"' % text if text else 'NULL'


def op_table(fam, rows, where):
    """The ops of a family whose rows say releases=: X(nr, name, payload,
    since, until, flags) each, for versions/ctl_ops.c."""
    out = ['', '/* The %s ops, in table order: X(nr, name, payload, since, until, flags). */' % fam,
           '#define XS_%s_TABLE(X) \\' % fam]
    for name, opts, no in rows:
        if 'releases' not in opts:
            raise Err('%s:%d: every %s op says releases= (one does)' % (where, no, fam))
        since, until = release_range(opts['releases'], '%s:%d' % (where, no))
        flags = ' | '.join('XS_CTL_%s' % f for f in opts['flags'].split('|')) if 'flags' in opts else '0'
        out.append('    X(XS_%s_%s, "%s", %s, "%s", %s, %s) \\'
                   % (fam, name, name, c_str(opts.get('payload')), since, c_str(until), flags))
    out.append('')
    return out


def members(node, indent):
    out = []
    for ch in node.children:
        if ch.kind == 'field':
            out.append('%s%s %s;%s' % (indent, ch.typ, ch.name,
                                        ' ' + c_comment(ch.comment) if ch.comment else ''))
        elif ch.kind == 'block':
            out.append('%s%s {' % (indent, ch.typ))
            out += members(ch, indent + '    ')
            out.append('%s} %s;' % (indent, ch.name))
        else:
            out.append('%s%s' % (indent, ch.name))
    return out


def hook_define(hook):
    body = ' \\\n'.join('    %s %s;' % (ch.typ, ch.name) for ch in hook.children)
    return ['#ifndef %s' % hook.name, '#define %s_DEFAULT 1' % hook.name,
            '#define %s \\\n%s' % (hook.name, body), '#endif']


def walk(node, prefix='', base=0, xprefix='', in_hook=None, xen_ok=True):
    """Yield (child, path, absolute offset, xen path or None, hook name)."""
    for ch in node.children:
        if ch.kind == 'hook':
            yield from walk(ch, prefix, base, xprefix, ch.name, xen_ok)
            continue
        path = prefix + ch.bare
        off = base + ch.off
        xname = ch.opts.get('xen', ch.bare)
        ok = xen_ok and xname != '-'
        xpath = xprefix + xname if ok else None
        yield ch, path, off, xpath, in_hook
        if ch.kind == 'block':
            yield from walk(ch, path + '.', off, (xpath + '.') if ok else '', in_hook, ok)


def find_hooks(node):
    for ch in node.children:
        if ch.kind == 'hook':
            yield ch
        elif ch.kind == 'block':
            yield from find_hooks(ch)


def gen_header(items, table, guard):
    out = ['/* Generated from %s by versions/abi_gen.py; do not edit. */' % table,
           '#ifndef %s' % guard, '#define %s' % guard, '']
    for it in items:
        kind = it[0]
        if kind == 'blank':
            out.append('')
        elif kind == 'comment':
            if len(it[1]) == 1:
                out.append('/* %s */' % it[1][0])
            else:
                out.append('/* ' + it[1][0])
                out += [(' * ' + l).rstrip() for l in it[1][1:]]
                out[-1] += ' */'
        elif kind == 'const':
            _, name, value, _, comment, _ = it
            out.append('#define %s %s%s' % (name, value, ('   ' + c_comment(comment)) if comment else ''))
        elif kind == 'macro':
            out.append('#define %s' % it[1])
        elif kind == 'struct':
            node = it[1]
            for hook in find_hooks(node):
                out += hook_define(hook)
            out.append('%s %s {%s' % (node.typ, node.name,
                                      ' ' + c_comment(node.comment) if node.comment else ''))
            out += members(node, '    ')
            out.append('};')
            where = '%s:%d' % (table, node.line)
            out.append('_Static_assert(sizeof(%s %s) == %d, "%s: sizeof(%s) is not %d");'
                       % (node.typ, node.name, node.off, where, node.name, node.off))
            for ch, path, off, _, hook in walk(node):
                assert_ = ('_Static_assert(offsetof(%s %s, %s) == %d, '
                           '"%s:%d: %s.%s is not at offset %d");'
                           % (node.typ, node.name, path, off, table, ch.line, node.name, path, off))
                if hook:
                    out += ['#ifdef %s_DEFAULT' % hook, assert_, '#endif']
                else:
                    out.append(assert_)
    families = {}
    gens = []
    for it in items:
        if it[0] == 'op':
            families.setdefault(it[1], []).append(it[2:])
        elif it[0] == 'generations':
            gens += ['    X("%s", "%s", %s) \\' % (it[1], since, c_str(until)) for since, until in it[2]]
    for fam, rows in families.items():
        if any('releases' in opts for _, opts, _ in rows):
            out += op_table(fam, rows, table)
            continue
        out += ['', '/* The %s ops, in table order: X(name) each. */' % fam,
                '#define XS_%s_OPS(X) \\' % fam]
        out += ['    X(%s) \\' % name for name, _, _ in rows]
        out.append('')
    if gens:
        out += ['', '/* Layout generations of Xen structs no struct row describes:',
                ' * X(xen_type, since, until), one per layout. */',
                '#define XS_GENERATIONS(X) \\'] + gens + ['']
    out += ['', '#endif', '']
    return '\n'.join(out)


def gen_check_417(sections, table):
    out = ['/* Generated from %s by versions/abi_gen.py; do not edit.' % table,
           ' * Included by versions/check_417.c after the Xen 4.17 headers. */',
           '#define XS_MEMBER_SIZE(t, f) sizeof(((t *)0)->f)', '']
    sizes = []
    for items in sections.values():
        for it in items:
            if it[0] == 'const' and it[3]:
                out.append('_Static_assert((%s) == (%s), "%s:%d: %s != 4.17 %s");'
                           % (it[1], it[3], table, it[5], it[1], it[3].replace('"', '')))
            elif it[0] == 'check':
                out.append('_Static_assert((%s) == (%s), "%s:%d: %s != 4.17 %s");'
                           % (it[1], it[2], table, it[3], it[1], it[2]))
            elif it[0] == 'struct' and 'xen' in it[1].opts:
                node = it[1]
                xen = node.opts['xen']
                xt = '%s %s' % (node.typ, xen)
                out.append('_Static_assert(sizeof(%s %s) == sizeof(%s), "%s:%d: sizeof(%s) != 4.17 %s");'
                           % (node.typ, node.name, xt, table, node.line, node.name, xen))
                for ch, path, _, xpath, _ in walk(node):
                    if not xpath:
                        continue
                    ours = '%s %s' % (node.typ, node.name)
                    out.append('_Static_assert(offsetof(%s, %s) == offsetof(%s, %s) && '
                               'XS_MEMBER_SIZE(%s, %s) == XS_MEMBER_SIZE(%s, %s), '
                               '"%s:%d: %s.%s differs from 4.17 %s.%s");'
                               % (ours, path, xt, xpath, ours, path, xt, xpath,
                                  table, ch.line, node.name, path, xen, xpath))
                if 'layout' in node.opts:
                    sizes.append('    { "%s", sizeof(%s) },' % (node.opts['layout'].split('@')[0], xt))
    out += ['', '/* Every layout row the table gives a 4.17 counterpart: the size the headers say. */',
            '#define XS_ABI_417_SIZES \\']
    out += [s + ' \\' for s in sizes]
    out += ['', '']
    return '\n'.join(out)


COLUMNS = {
    'getdomaininfo': ('XS_GEN_GETDOMAININFO', 'XS_GETDOMAININFO_'),
    'bind_pt_irq': ('XS_GEN_BIND_PT_IRQ', 'XS_BIND_PT_IRQ_'),
    'irq_permission': ('XS_GEN_IRQ_PERMISSION', 'XS_IRQ_PERMISSION_'),
    'dmop': ('XS_GEN_DMOP', 'XS_DMOP_'),
    'hvmop': ('XS_GEN_HVMOP', 'XS_HVMOP_'),
}


def layout_row(node, table):
    """layout=XEN_TYPE@WHERE -> GEN(xen, ours, when, value, since, until)."""
    xen, at, where = node.opts['layout'].partition('@')
    if not at:
        raise Err('%s:%d: layout= needs @WHERE' % (table, node.line))
    key, eq, value = where.partition('=')
    if eq:
        if key not in COLUMNS:
            raise Err('%s:%d: layout=...@%s: no release column %s' % (table, node.line, where, key))
        kind, prefix = COLUMNS[key]
        return 'GEN(%s, %s, %s, %s%s, NULL, NULL)' % (xen, node.name, kind, prefix, value)
    if where == 'hvmctl':
        return 'GEN(%s, %s, XS_GEN_HVMCTL, 0, NULL, NULL)' % (xen, node.name)
    since, dash, until = where.partition('-')
    if not dash or not since:
        raise Err('%s:%d: layout=...@%s: want SINCE-[UNTIL] or a column' % (table, node.line, where))
    return 'GEN(%s, %s, XS_GEN_RELEASES, 0, "%s", %s)' % (
        xen, node.name, since, '"%s"' % until if until else 'NULL')


def gen_layouts(sections, table):
    out = ['/* Generated from %s by versions/abi_gen.py; do not edit. */' % table]
    for items in sections.values():
        for it in items:
            if it[0] == 'struct' and 'layout' in it[1].opts:
                out.append(layout_row(it[1], table))
    return '\n'.join(out) + '\n'


def write(path, text):
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    with open(path + '.tmp', 'w') as f:
        f.write(text)
    os.replace(path + '.tmp', path)


def main():
    if len(sys.argv) != 3:
        print('usage: abi_gen.py TABLE OUTDIR', file=sys.stderr)
        return 2
    table, outdir = sys.argv[1], sys.argv[2]
    try:
        sections = parse(table)
    except Err as e:
        print('abi_gen: %s' % e, file=sys.stderr)
        return 1
    try:
        layouts = gen_layouts(sections, table)
    except Err as e:
        print('abi_gen: %s' % e, file=sys.stderr)
        return 1
    try:
        abi = gen_header(sections['abi'], table, 'XENSHIM_ABI_GEN_H')
        privcmd = gen_header(sections.get('privcmd', []), table, 'XENSHIM_PRIVCMD_GEN_H')
    except Err as e:
        print('abi_gen: %s' % e, file=sys.stderr)
        return 1
    os.makedirs(outdir, exist_ok=True)
    write(os.path.join(outdir, 'abi_gen.h'), abi)
    write(os.path.join(outdir, 'privcmd_gen.h'), privcmd)
    write(os.path.join(outdir, 'abi_check_417.h'), gen_check_417(sections, table))
    write(os.path.join(outdir, 'abi_layouts.h'), layouts)
    return 0


if __name__ == '__main__':
    sys.exit(main())

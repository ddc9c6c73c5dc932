#!/usr/bin/env python3
# Developer check for the op DOMCTL/SYSCTL and generations rows of
# versions/abi.table (not in make check: it needs a
# Xen checkout).  For every domctl or sysctl of releases 4.5-4.20 it prints
# the op's number, name, payload struct (the union member it uses) and the
# releases where that struct's text (with the structs it embeds) changed:
#   abi-dumps/ctl_layouts.py domctl|sysctl [XEN_GIT_DIR]
# A textual change counts as a layout change, so a row it prints may be
# stricter than the ABI; the table's generations must be at least as strict.
import subprocess, re, hashlib, sys
R=['4.5','4.6','4.7','4.8','4.9','4.10','4.11','4.12','4.13','4.14','4.15','4.16','4.17','4.18','4.19','4.20']
G=sys.argv[2] if len(sys.argv) > 2 else 'xen/.git'
fam=sys.argv[1]  # domctl or sysctl
def show(t,f):
    return subprocess.run(['git','--git-dir='+G,'show',f'RELEASE-{t}.0:{f}'],capture_output=True,text=True).stdout
def strip(s):
    s=re.sub(r'/\*.*?\*/','',s,flags=re.S); s=re.sub(r'//.*','',s)
    return s
res={}
for r in R:
    h=strip(show(r,f'xen/include/public/{fam}.h'))
    if fam=='domctl':
        h+=strip(show(r,'xen/include/public/arch-x86/xen.h'))+strip(show(r,'xen/include/public/xen.h'))
    structs={}
    for m in re.finditer(r'struct\s+(\w+)\s*\{(.*?)\n\}[^;{]*;',h,flags=re.S):
        body=re.sub(r'#\s*define[^\n]*','',m.group(2)); body=re.sub(r'#[^\n]*','',body)
        body=' '.join(body.split())
        structs[m.group(1)]=body
    # typedef aliases
    main=re.search(r'struct xen_%s \{(.*?)\n\};'%fam,h,flags=re.S).group(1)
    cmds=dict((int(n),c) for c,n in re.findall(r'#define XEN_%s_(\w+)\s+(\d+)'%fam.upper(),main))
    un=re.search(r'union\s*\{(.*?)\}\s*u;',main,flags=re.S).group(1)
    members=re.findall(r'struct\s+(\w+)\s+(\w+);',un)
    def expand(body,depth=0):
        # include nested struct bodies
        if depth>3: return body
        for n in set(re.findall(r'struct\s+(\w+)',body)):
            if n in structs: body+=' |'+n+':'+expand(structs[n],depth+1)
        for n in set(re.findall(r'\b(xen_\w+_t)\b',body)):
            b=n[:-2]
            if b in structs: body+=' |'+b+':'+expand(structs[b],depth+1)
        return body
    for num,c in cmds.items():
        alias={'setvcpuaffinity':'vcpuaffinity','getvcpuaffinity':'vcpuaffinity','setvcpucontext':'vcpucontext','getvcpucontext':'vcpucontext','gethvmcontext':'hvmcontext','sethvmcontext':'hvmcontext','set_address_size':'address_size','get_address_size':'address_size','set_machine_address_size':'address_size','get_machine_address_size':'address_size','test_assign_device':'assign_device','deassign_device':'assign_device','unbind_pt_irq':'bind_pt_irq','set_ext_vcpucontext':'ext_vcpucontext','get_ext_vcpucontext':'ext_vcpucontext','set_cpuid':'cpuid','gethvmcontext_partial':'hvmcontext_partial','gettscinfo':'tsc_info','settscinfo':'tsc_info','setvcpuextstate':'vcpuextstate','getvcpuextstate':'vcpuextstate','set_access_required':'access_required','setnodeaffinity':'nodeaffinity','getnodeaffinity':'nodeaffinity','get_vcpu_msrs':'vcpu_msrs','set_vcpu_msrs':'vcpu_msrs','setvnumainfo':'vnuma','gdbsx_guestmemio':'gdbsx_guest_memio','gdbsx_pausevcpu':'gdbsx_pauseunp_vcpu','gdbsx_unpausevcpu':'gdbsx_pauseunp_vcpu','real_mode_area':'real_mode_area','page_offline_op':'page_offline','get_cpu_featureset':'cpu_featureset','get_cpu_levelling_caps':'cpu_levelling_caps','livepatch_op':'livepatch','get_cpu_policy':'cpu_policy','set_cpu_policy':'cpu_policy','set_opt_feature':'set_opt_feature','arch_setup':'arch_setup','suppress_spurious_page_faults':'x'}
        want=alias.get(c,c)
        ty=None
        for st,mn in members:
            if mn==want: ty=st
        digest=hashlib.md5(expand(structs.get(ty,'?')).encode()).hexdigest()[:6] if ty else 'none'
        res.setdefault((num,c),{})[r]=(ty,digest)
for (num,c),d in sorted(res.items()):
    out=[];prev=None
    for r in R:
        v=d.get(r)
        key=v[1] if v else '-'
        if key!=prev: out.append(f'{r}:{key}')
        prev=key
    ty=next((v[0] for v in d.values() if v and v[0]),None)
    print(num,c,ty,' '.join(out))

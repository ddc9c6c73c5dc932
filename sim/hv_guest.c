/* The simulated HVM guest.  Errnos follow Xen's dm_op era handlers (see
 * hv_guest.h for where older releases differ and the decoder must check
 * first). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "hv_guest.h"
#include "xen_checks.h"

/* Where the toolstack puts the ioreq server pages (libxc: 8 pages below
 * the special-page region at 0xfeff8), and the first event channel port we
 * hand out for buffered ioreqs. */
#define HV_IOREQ_SERVER_PFN   0xfeff0u
#define HV_NR_IOREQ_PAGES     8u
#define HV_FIRST_BUFIOREQ_PORT 16u
#define HV_NO_GFN             (~(uint64_t)0)

/* HVM_PARAM_* the toolstack sets at build time; a DM reads some of them. */
#define HV_PARAM_IOREQ_PFN          5
#define HV_PARAM_BUFIOREQ_PFN       6
#define HV_PARAM_IOREQ_SERVER_PFN   32
#define HV_PARAM_NR_IOREQ_SERVER_PAGES 33

int hv_guest_init(struct hv_guest *g, uint16_t domid, unsigned vcpus, unsigned mem_mib)
{
    memset(g, 0, sizeof(*g));
    g->domid = domid;
    g->vcpus = vcpus ? vcpus : 2;
    if (g->vcpus > HV_MAX_VCPUS)
        return -EINVAL;
    g->nr_pages = (uint64_t)(mem_mib ? mem_mib : 128) << (20 - HV_PAGE_SHIFT);
    g->max_pages = g->nr_pages + HV_NR_SPECIAL_PAGES;   /* what a domain builder allows */
    g->mem_type = calloc(g->nr_pages, 1);
    g->dirty = calloc(g->nr_pages, 1);
    if (!g->mem_type || !g->dirty) {
        hv_guest_fini(g);
        return -ENOMEM;
    }
    g->ioreq_next_id = 1;
    g->mem_type_server = -1;
    g->params[HV_PARAM_IOREQ_PFN] = 0xfeff8 + 2;       /* libxc's special_pfn(2) */
    g->params[HV_PARAM_BUFIOREQ_PFN] = 0xfeff8 + 6;    /* special_pfn(6) */
    g->params[HV_PARAM_IOREQ_SERVER_PFN] = HV_IOREQ_SERVER_PFN;
    g->params[HV_PARAM_NR_IOREQ_SERVER_PAGES] = HV_NR_IOREQ_PAGES;
    return 0;
}

void hv_guest_fini(struct hv_guest *g)
{
    free(g->populated);
    free(g->mem_type);
    free(g->dirty);
    free(g->msis);
    free(g->events);
    free(g->modified);
    free(g->cacheattr);
    free(g->relocated);
    free(g->pt.iomem_perm.r);
    free(g->pt.ioport_perm.r);
    free(g->pt.irq_perm.r);
    free(g->pt.mmio);
    free(g->pt.ioport);
    free(g->pt.irqs);
    memset(g, 0, sizeof(*g));
}

int hv_push(void **arr, size_t *nr, size_t elem, const void *v)
{
    if (*nr >= HV_MAX_RECORDS)
        return -ENOMEM;
    if ((*nr & (*nr - 1)) == 0) {   /* 0, 1, 2, 4, ...: grow to double */
        void *n = realloc(*arr, (*nr ? *nr * 2 : 1) * elem);
        if (!n)
            return -ENOMEM;
        *arr = n;
    }
    memcpy((char *)*arr + *nr * elem, v, elem);
    (*nr)++;
    return 0;
}

/* ---- interrupts ---- */

int hv_guest_set_pci_intx_level(struct hv_guest *g, uint16_t seg, uint8_t bus,
                                uint8_t dev, uint8_t intx, uint8_t level)
{
    if (!xs_xen_pci_intx_ok(seg, bus, dev, intx) || !xs_xen_irq_level_ok(level))
        return -EINVAL;
    g->pci_intx[dev][intx] = level;
    return 0;
}

int hv_guest_set_isa_irq_level(struct hv_guest *g, uint8_t isa_irq, uint8_t level)
{
    if (!xs_xen_isa_irq_ok(isa_irq) || !xs_xen_irq_level_ok(level))
        return -EINVAL;
    g->isa_irq[isa_irq] = level;
    return 0;
}

int hv_guest_set_irq_level(struct hv_guest *g, uint32_t irq, uint8_t level)
{
    if (irq >= HV_NR_GSIS || !xs_xen_irq_level_ok(level))
        return -EINVAL;
    g->gsi[irq] = level;
    return 0;
}

int hv_guest_set_pci_link_route(struct hv_guest *g, uint8_t link, uint8_t isa_irq)
{
    if (!xs_xen_pci_link_ok(link, isa_irq))
        return -EINVAL;
    g->link_route[link] = isa_irq;
    return 0;
}

/* As hvm_inject_msi: vector 0 means "deliver pirq (addr[63:40] | dest)",
 * otherwise only fixed and lowest-priority delivery are emulated. */
int hv_guest_inject_msi(struct hv_guest *g, uint64_t addr, uint32_t data)
{
    uint8_t dest = (uint8_t)(addr >> 12);
    bool logical = addr & (1u << 2);
    unsigned delivery = (data >> 8) & 7;
    uint8_t vector = (uint8_t)data;

    if (!vector) {
        int64_t pirq = (int64_t)((addr >> 32) & 0xffffff00u) | dest;
        if (pirq <= 0)
            return -ERANGE;
    } else if (delivery == 1) {
        /* Lowest priority needs a target: physical mode names an APIC id
         * (vCPU n has 2n) or broadcasts with 0xff. */
        if (!logical && dest != 0xff && (dest & 1 || dest / 2u >= g->vcpus))
            return -ESRCH;
    } else if (delivery != 0) {
        return -EINVAL;
    }
    struct hv_msi m = { addr, data };
    return hv_push((void **)&g->msis, &g->nr_msis, sizeof(m), &m);
}

int hv_guest_inject_event(struct hv_guest *g, uint32_t vcpu, uint8_t vector, uint8_t type,
                          uint32_t error_code, uint8_t insn_len, uint64_t cr2)
{
    if (!hv_guest_has_vcpu(g, vcpu))
        return -EINVAL;
    if (g->event_pending[vcpu])
        return -EBUSY;
    struct hv_event e = { vcpu, vector, type, insn_len, error_code, cr2 };
    int rc = hv_push((void **)&g->events, &g->nr_events, sizeof(e), &e);
    /* A vCPU takes the event on its next entry into the guest.  The
     * simulated guest's vCPUs never enter it (there is no guest code, as
     * in the real-Xen runner's guest, whose vCPUs have no context): the
     * event stays pending, paused or not, and a second injection meets
     * -EBUSY (real Xen 4.17 answers so). */
    if (rc == 0)
        g->event_pending[vcpu] = true;
    return rc;
}

/* ---- memory ---- */

static int check_gfn_range(const struct hv_guest *g, uint64_t first, uint64_t nr)
{
    uint64_t last = first + nr - 1;
    if (nr == 0 || last < first || last > hv_guest_max_gfn(g))
        return -EINVAL;
    return 0;
}

int hv_guest_modified_memory(struct hv_guest *g, uint64_t first_pfn, uint64_t nr)
{
    return hv_guest_modified_memory_more(g, first_pfn, nr, false);
}

/* A batch that continues the last one (the same extent, after a batch
 * boundary or a preemption) extends its record, so the state lists what
 * the device model reported, however Xen cut the work. */
int hv_guest_modified_memory_more(struct hv_guest *g, uint64_t first_pfn, uint64_t nr,
                                  bool continues)
{
    int rc = check_gfn_range(g, first_pfn, nr);
    if (rc)
        return rc;
    struct hv_modified *last = g->nr_modified ? &g->modified[g->nr_modified - 1] : NULL;
    if (continues && last && last->first_pfn + last->nr == first_pfn) {
        last->nr += nr;
        if (g->log_dirty)
            memset(g->dirty + first_pfn, 1, nr);
        return 0;
    }
    struct hv_modified m = { first_pfn, nr };
    rc = hv_push((void **)&g->modified, &g->nr_modified, sizeof(m), &m);
    if (rc == 0 && g->log_dirty)
        memset(g->dirty + first_pfn, 1, nr);
    return rc;
}

/* allow_p2m_type_change() of 4.9+, on our four types: RAM may become
 * anything but ioreq_server-from-ro; ioreq_server only goes back to
 * ram_rw; mmio_dm (a hole) only to mmio_dm. */
static bool type_change_allowed(enum hv_mem_type old, enum hv_mem_type new)
{
    if (new == HV_MEM_IOREQ_SERVER)
        return old == HV_MEM_RAM_RW;
    if (old == HV_MEM_IOREQ_SERVER)
        return new == HV_MEM_RAM_RW;
    if (old == HV_MEM_MMIO_DM)
        return new == HV_MEM_MMIO_DM;
    return true;
}

int hv_guest_set_mem_type(struct hv_guest *g, uint64_t first_pfn, uint64_t nr,
                          enum hv_mem_type type)
{
    int rc = check_gfn_range(g, first_pfn, nr);
    if (rc)
        return rc;
    if ((unsigned)type >= HV_NR_MEM_TYPES)
        return -EINVAL;
    /* Frame by frame, like Xen: a refused frame stops the walk and the
     * frames before it keep their new type. */
    for (uint64_t i = 0; i < nr; i++) {
        if (!type_change_allowed(g->mem_type[first_pfn + i], type))
            return -EINVAL;
        g->mem_type[first_pfn + i] = (uint8_t)type;
    }
    return 0;
}

/* 4.5-4.8 let any RAM frame take any type; the guest model applies 4.9+'s
 * rule, under which ram_ro may not become ioreq_server directly, so such a
 * frame goes through ram_rw.  Frame by frame, as Xen: a refused frame
 * stops the walk with the earlier ones changed. */
int hv_guest_set_mem_type_legacy(struct hv_guest *g, uint64_t first, uint64_t nr,
                                 enum hv_mem_type t)
{
    if (t != HV_MEM_IOREQ_SERVER)
        return hv_guest_set_mem_type(g, first, nr, t);
    for (uint64_t pfn = first; pfn < first + nr; pfn++) {
        int rc = 0;

        if (pfn <= hv_guest_max_gfn(g) && g->mem_type[pfn] == HV_MEM_RAM_RO)
            rc = hv_guest_set_mem_type(g, pfn, 1, HV_MEM_RAM_RW);
        if (!rc)
            rc = hv_guest_set_mem_type(g, pfn, 1, t);
        if (rc)
            return rc;
    }
    return 0;
}

int hv_guest_get_mem_type(struct hv_guest *g, uint64_t pfn, enum hv_mem_type *type)
{
    /* Beyond RAM is a hole, which Xen reports as mmio_dm. */
    *type = pfn <= hv_guest_max_gfn(g) ? (enum hv_mem_type)g->mem_type[pfn] : HV_MEM_MMIO_DM;
    return 0;
}

int hv_guest_track_dirty_vram(struct hv_guest *g, uint64_t first_pfn, uint64_t nr,
                              uint8_t *bitmap)
{
    if (nr > HV_MAX_DIRTY_VRAM_NR)
        return -EINVAL;
    if (nr == 0) {
        g->vram_tracking = false;
        g->vram_first_pfn = g->vram_nr = 0;
        return 0;
    }
    size_t size = (nr + 7) / 8;
    if (!g->vram_keeps_log_dirty_off)
        g->log_dirty = true;
    if (!g->vram_tracking || g->vram_first_pfn != first_pfn || g->vram_nr != nr) {
        /* A new range: Xen reports every frame dirty the first time, a
         * whole number of 0xff bytes (4.5-4.20 alike), so the bits past nr
         * in the last byte come back set too. */
        g->vram_tracking = true;
        g->vram_first_pfn = first_pfn;
        g->vram_nr = nr;
        memset(bitmap, 0xff, size);
    } else {
        memset(bitmap, 0, size);
        for (uint64_t i = 0; i < nr; i++) {
            uint64_t pfn = first_pfn + i;
            if (pfn <= hv_guest_max_gfn(g) && g->dirty[pfn])
                bitmap[i / 8] |= (uint8_t)(1u << (i % 8));
        }
    }
    /* Reading the log clears it for the range. */
    for (uint64_t i = 0; i < nr && first_pfn + i <= hv_guest_max_gfn(g); i++)
        g->dirty[first_pfn + i] = 0;
    return 0;
}

int hv_guest_relocate_memory(struct hv_guest *g, uint64_t src_gfn, uint64_t dst_gfn,
                             uint64_t size)
{
    if (size == 0)
        return 0;
    if (check_gfn_range(g, src_gfn, size) || dst_gfn + size - 1 < dst_gfn)
        return -EINVAL;
    /* A move that continues the last one is the same move (a caller
     * limited to 16-bit sizes makes a large one in pieces). */
    if (g->nr_relocated) {
        struct hv_relocation *last = &g->relocated[g->nr_relocated - 1];
        if (last->src_gfn + last->size == src_gfn && last->dst_gfn + last->size == dst_gfn) {
            last->size += size;
            return 0;
        }
    }
    struct hv_relocation r = { src_gfn, dst_gfn, size };
    return hv_push((void **)&g->relocated, &g->nr_relocated, sizeof(r), &r);
}

/* As hvm_set_mem_pinned_cacheattr: PAT types UC, WC, WT, WP, WB, UC-;
 * type ~0 deletes the range pinned with exactly these bounds. */
int hv_guest_pin_mem_cacheattr(struct hv_guest *g, uint64_t start, uint64_t end, uint32_t type)
{
    size_t i;

    if (start > end)
        return -EINVAL;
    for (i = 0; i < g->nr_cacheattr; i++)
        if (g->cacheattr[i].start == start && g->cacheattr[i].end == end)
            break;
    if (type == HV_CACHEATTR_DELETE) {
        if (i == g->nr_cacheattr)
            return -ENOENT;
        memmove(&g->cacheattr[i], &g->cacheattr[i + 1],
                (g->nr_cacheattr - i - 1) * sizeof(g->cacheattr[0]));
        g->nr_cacheattr--;
        return 0;
    }
    if (type > 7 || type == 2 || type == 3)
        return -EINVAL;
    if (i < g->nr_cacheattr) {
        g->cacheattr[i].type = type;
        return 0;
    }
    for (i = 0; i < g->nr_cacheattr; i++)
        if (g->cacheattr[i].start <= end && start <= g->cacheattr[i].end)
            return -EBUSY;
    struct hv_cacheattr a = { start, end, type };
    return hv_push((void **)&g->cacheattr, &g->nr_cacheattr, sizeof(a), &a);
}

/* ---- ioreq servers ---- */

static struct hv_ioreq_server *server(struct hv_guest *g, uint16_t id)
{
    for (unsigned i = 0; i < HV_MAX_IOREQ_SERVERS; i++)
        if (g->ioreq[i].used && g->ioreq[i].id == id)
            return &g->ioreq[i];
    return NULL;
}

/* Lowest free page of the ioreq server area, as hvm_alloc_ioreq_gfn. */
static uint64_t alloc_ioreq_gfn(struct hv_guest *g)
{
    for (unsigned i = 0; i < HV_NR_IOREQ_PAGES; i++)
        if (!(g->ioreq_gfn_used & (1u << i))) {
            g->ioreq_gfn_used |= 1u << i;
            return HV_IOREQ_SERVER_PFN + i;
        }
    return HV_NO_GFN;
}

static void free_ioreq_gfn(struct hv_guest *g, uint64_t gfn)
{
    if (gfn != HV_NO_GFN)
        g->ioreq_gfn_used &= ~(1u << (gfn - HV_IOREQ_SERVER_PFN));
}

static uint32_t alloc_port(struct hv_guest *g)
{
    for (uint32_t p = HV_FIRST_BUFIOREQ_PORT;; p++) {
        bool taken = false;
        for (unsigned i = 0; i < HV_MAX_IOREQ_SERVERS; i++)
            if (g->ioreq[i].used && g->ioreq[i].bufioreq_mode && g->ioreq[i].bufioreq_port == p)
                taken = true;
        if (!taken)
            return p;
    }
}

bool hv_guest_frame_present(const struct hv_guest *g, uint64_t gfn)
{
    if (gfn < g->nr_pages || (gfn >= HV_SPECIAL_PFN && gfn < HV_SPECIAL_PFN + HV_NR_SPECIAL_PAGES))
        return true;
    for (size_t i = 0; i < g->nr_populated; i++)
        if (gfn >= g->populated[i].start && gfn <= g->populated[i].end)
            return true;
    return false;
}

int hv_guest_populate(struct hv_guest *g, uint64_t gfn, uint64_t nr)
{
    struct hv_range r = { gfn, gfn + nr - 1 };

    if (nr == 0)
        return 0;
    if (gfn >= HV_GUEST_MEMORY_FRAMES || nr > HV_GUEST_MEMORY_FRAMES - gfn)
        return -EINVAL;
    /* Extend the last extent when contiguous (QEMU populates VRAM one
     * frame list at a time). */
    if (g->nr_populated && g->populated[g->nr_populated - 1].end + 1 == gfn) {
        g->populated[g->nr_populated - 1].end = r.end;
        return 0;
    }
    return hv_push((void **)&g->populated, &g->nr_populated, sizeof(r), &r);
}

/* Xen's ioreq_server_add_vcpu: a port per vCPU, vCPU 0's followed by the
 * buffered-ioreq port, each written where the device model finds it (the
 * vCPU's slot of the ioreq page). */
static int ioreq_alloc_ports(struct hv_guest *g, struct hv_ioreq_server *s)
{
    struct xs_ioreq *page = g->env.page ? g->env.page(g->env.ctx, s->ioreq_gfn) : NULL;

    for (unsigned v = 0; v < g->vcpus; v++) {
        long p = g->env.alloc_xen_port(g->env.ctx, g->domid);

        if (p < 0)
            return (int)p;
        s->vcpu_port[v] = (uint32_t)p;
        if (page && v < 4096 / sizeof(*page))
            page[v].vp_eport = (uint32_t)p;
        if (v == 0 && s->bufioreq_mode) {
            p = g->env.alloc_xen_port(g->env.ctx, g->domid);
            if (p < 0)
                return (int)p;
            s->bufioreq_port = (uint32_t)p;
        }
    }
    return 0;
}

static void ioreq_free_ports(struct hv_guest *g, struct hv_ioreq_server *s)
{
    for (unsigned v = 0; v < HV_MAX_VCPUS; v++)
        if (s->vcpu_port[v])
            g->env.free_xen_port(g->env.ctx, g->domid, s->vcpu_port[v]);
    if (g->env.alloc_xen_port && s->bufioreq_mode && s->bufioreq_port)
        g->env.free_xen_port(g->env.ctx, g->domid, s->bufioreq_port);
}

int hv_guest_ioreq_create(struct hv_guest *g, enum xs_ioreq_id_policy policy,
                          uint8_t bufioreq_mode, uint16_t *id)
{
    if (bufioreq_mode > HV_BUFIOREQ_ATOMIC)
        return -EINVAL;
    /* 4.11 keeps slot 0 for the (removed in 4.12) default server. */
    unsigned slot = policy == XS_IOREQ_ID_LOWEST_FREE_SKIP0 ? 1 : 0;
    while (slot < HV_MAX_IOREQ_SERVERS && g->ioreq[slot].used)
        slot++;
    if (slot >= HV_MAX_IOREQ_SERVERS)
        return -ENOSPC;

    struct hv_ioreq_server *s = &g->ioreq[slot];
    memset(s, 0, sizeof(*s));
    s->ioreq_gfn = alloc_ioreq_gfn(g);
    s->bufioreq_gfn = HV_NO_GFN;
    if (s->ioreq_gfn == HV_NO_GFN)
        return -ENOMEM;
    if (bufioreq_mode) {
        s->bufioreq_gfn = alloc_ioreq_gfn(g);
        if (s->bufioreq_gfn == HV_NO_GFN) {
            free_ioreq_gfn(g, s->ioreq_gfn);
            return -ENOMEM;
        }
        if (!g->env.alloc_xen_port)
            s->bufioreq_port = alloc_port(g);
    }
    s->used = true;
    s->bufioreq_mode = bufioreq_mode;
    if (g->env.alloc_xen_port) {
        void *pg;
        int r;

        /* Fresh pages for a fresh server, as Xen allocates them. */
        if (g->env.page && (pg = g->env.page(g->env.ctx, s->ioreq_gfn)))
            memset(pg, 0, 4096);
        if (g->env.page && s->bufioreq_gfn != HV_NO_GFN &&
            (pg = g->env.page(g->env.ctx, s->bufioreq_gfn)))
            memset(pg, 0, 4096);
        r = ioreq_alloc_ports(g, s);
        if (r) {
            ioreq_free_ports(g, s);
            free_ioreq_gfn(g, s->ioreq_gfn);
            free_ioreq_gfn(g, s->bufioreq_gfn);
            memset(s, 0, sizeof(*s));
            return r;
        }
    }
    s->seq = g->ioreq_seq++;
    s->id = policy == XS_IOREQ_ID_COUNT_FROM_1 ? g->ioreq_next_id++ : (uint16_t)slot;
    *id = s->id;
    return 0;
}

int hv_guest_ioreq_get_info(struct hv_guest *g, uint16_t id, uint64_t *ioreq_gfn,
                            uint64_t *bufioreq_gfn, uint32_t *bufioreq_port)
{
    struct hv_ioreq_server *s = server(g, id);
    if (!s)
        return -ENOENT;
    *ioreq_gfn = s->ioreq_gfn;
    /* Without buffered ioreqs Xen leaves these untouched. */
    if (s->bufioreq_mode) {
        *bufioreq_gfn = s->bufioreq_gfn;
        *bufioreq_port = s->bufioreq_port;
    }
    return 0;
}

/* Rangesets: sorted, disjoint, and adjacent ranges merged (as Xen's
 * rangeset_add_range does, so a later unmap may span both). */
static int range_lookup(struct hv_guest *g, uint16_t id, uint32_t type, uint64_t start,
                        uint64_t end, struct hv_range **r, unsigned **nr)
{
    struct hv_ioreq_server *s;

    /* Map and unmap refuse in the same order. */
    if (start > end)
        return -EINVAL;
    if (!(s = server(g, id)))
        return -ENOENT;
    if (type >= HV_NR_IO_RANGE_TYPES)
        return -EINVAL;
    *r = s->ranges[type];
    *nr = &s->nr_ranges[type];
    return 0;
}

int hv_guest_ioreq_map_range(struct hv_guest *g, uint16_t id, uint32_t type,
                             uint64_t start, uint64_t end)
{
    struct hv_range *r;
    unsigned *nr, i;
    int rc = range_lookup(g, id, type, start, end, &r, &nr);

    if (rc)
        return rc;
    for (i = 0; i < *nr; i++)
        if (r[i].start <= end && start <= r[i].end)
            return -EEXIST;
    for (i = 0; i < *nr && r[i].end < start; i++)
        ;
    bool join_prev = i > 0 && r[i - 1].end + 1 == start;
    bool join_next = i < *nr && end + 1 == r[i].start;
    if (join_prev && join_next) {
        r[i - 1].end = r[i].end;
        memmove(&r[i], &r[i + 1], (*nr - i - 1) * sizeof(*r));
        (*nr)--;
    } else if (join_prev) {
        r[i - 1].end = end;
    } else if (join_next) {
        r[i].start = start;
    } else {
        if (*nr >= HV_MAX_IO_RANGES)
            return -ENOMEM;
        memmove(&r[i + 1], &r[i], (*nr - i) * sizeof(*r));
        r[i] = (struct hv_range){ start, end };
        (*nr)++;
    }
    return 0;
}

int hv_guest_ioreq_unmap_range(struct hv_guest *g, uint16_t id, uint32_t type,
                               uint64_t start, uint64_t end)
{
    struct hv_range *r;
    unsigned *nr, i;
    int rc = range_lookup(g, id, type, start, end, &r, &nr);

    if (rc)
        return rc;
    for (i = 0; i < *nr && !(r[i].start <= start && end <= r[i].end); i++)
        ;
    if (i == *nr)
        return -ENOENT;
    bool keep_low = r[i].start < start, keep_high = end < r[i].end;
    if (keep_low && keep_high) {
        if (*nr >= HV_MAX_IO_RANGES)
            return -ENOMEM;
        memmove(&r[i + 1], &r[i], (*nr - i) * sizeof(*r));
        (*nr)++;
        r[i].end = start - 1;
        r[i + 1].start = end + 1;
    } else if (keep_low) {
        r[i].end = start - 1;
    } else if (keep_high) {
        r[i].start = end + 1;
    } else {
        memmove(&r[i], &r[i + 1], (*nr - i - 1) * sizeof(*r));
        (*nr)--;
    }
    return 0;
}

int hv_guest_ioreq_set_state(struct hv_guest *g, uint16_t id, bool enabled)
{
    struct hv_ioreq_server *s = server(g, id);
    if (!s)
        return -ENOENT;
    s->enabled = enabled;
    return 0;
}

int hv_guest_ioreq_destroy(struct hv_guest *g, uint16_t id)
{
    struct hv_ioreq_server *s = server(g, id);
    if (!s)
        return -ENOENT;
    if (g->mem_type_server == s - g->ioreq)
        g->mem_type_server = -1;
    if (g->env.alloc_xen_port)
        ioreq_free_ports(g, s);
    free_ioreq_gfn(g, s->ioreq_gfn);
    free_ioreq_gfn(g, s->bufioreq_gfn);
    memset(s, 0, sizeof(*s));
    return 0;
}

/* One server at a time may claim HVMMEM_ioreq_server pages (write access
 * only); flags 0 releases the claim. */
int hv_guest_ioreq_map_mem_type(struct hv_guest *g, uint16_t id, enum hv_mem_type type,
                                uint32_t flags)
{
    if (type != HV_MEM_IOREQ_SERVER || (flags & ~HV_IOREQ_MEM_ACCESS_WRITE))
        return -EINVAL;
    struct hv_ioreq_server *s = server(g, id);
    if (!s)
        return -ENOENT;
    int slot = (int)(s - g->ioreq);
    if (flags == 0) {
        if (g->mem_type_server != slot)
            return -EINVAL;
        g->mem_type_server = -1;
    } else {
        if (g->mem_type_server != -1)
            return -EBUSY;
        g->mem_type_server = slot;
    }
    s->mem_type_flags = flags;
    return 0;
}

/* ---- params, pause ---- */

int hv_guest_set_param(struct hv_guest *g, uint32_t index, uint64_t value)
{
    if (index >= HV_NR_PARAMS)
        return -EINVAL;
    g->params[index] = value;
    g->params_set |= (uint64_t)1 << index;
    return 0;
}

int hv_guest_get_param(struct hv_guest *g, uint32_t index, uint64_t *value)
{
    if (index >= HV_NR_PARAMS)
        return -EINVAL;
    *value = g->params[index];
    return 0;
}

int hv_guest_pause(struct hv_guest *g)
{
    /* Xen caps the toolstack's count at 255 so it cannot overflow. */
    if (g->pause_count >= 255)
        return -EOVERFLOW;
    g->pause_count++;
    return 0;
}

int hv_guest_unpause(struct hv_guest *g)
{
    if (g->pause_count == 0)
        return -EINVAL;
    g->pause_count--;
    return 0;
}

int hv_guest_shutdown(struct hv_guest *g, unsigned reason)
{
    /* A domain that is already shutting down keeps its first reason. */
    if (!g->shutdown) {
        g->shutdown = true;
        g->shutdown_reason = reason;
    }
    return 0;
}

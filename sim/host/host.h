/* The simulated host's dom0 kernel, beyond privcmd: the devices a device
 * model and xenstored open, as Linux's drivers/xen serves them.
 *   /dev/xen/evtchn   evtchn_dev.c   event channels of dom0
 *   /dev/xen/gntdev   gntdev.c       grant mappings (the guest grants none)
 *   /proc/xen/{capabilities,xsd_port,xsd_kva}  xenbus.c: dom0's xenstore
 *                     port and ring page, for xenstored's dom0_init
 * fuse_front.c serves the nodes and hands each request here; the
 * hypervisor is reached the way the kernel reaches it, by hypercalls with
 * arguments in kernel (here: our own) memory. */
#ifndef XENSHIM_SIM_HOST_H
#define XENSHIM_SIM_HOST_H

#define FUSE_USE_VERSION 312
#include <fuse_lowlevel.h>
#include <stddef.h>
#include <stdint.h>

#include "sim.h"

struct sim_host;

enum sim_host_node {
    HOST_NODE_EVTCHN,
    HOST_NODE_GNTDEV,
    HOST_NODE_HYPERCALL,
    HOST_NODE_CAPABILITIES,
    HOST_NODE_XSD_PORT,
    HOST_NODE_XSD_KVA,
    HOST_NR_NODES
};

/* NULL with the reason in err. */
struct sim_host *sim_host_create(struct sim *s, char *err, size_t errlen);
void sim_host_destroy(struct sim_host *h);
struct sim *sim_host_sim(struct sim_host *h);
/* The FUSE session, for poll notifications (set once serving starts). */
void sim_host_set_session(struct sim_host *h, struct fuse_session *se);

/* A file of the node: the request is answered (fuse_reply_*) by these. */
void sim_host_open(struct sim_host *h, enum sim_host_node n, fuse_req_t req,
                   struct fuse_file_info *fi);
void sim_host_release(struct sim_host *h, enum sim_host_node n, fuse_req_t req,
                      struct fuse_file_info *fi);
void sim_host_read(struct sim_host *h, enum sim_host_node n, fuse_req_t req, size_t size,
                   off_t off, struct fuse_file_info *fi);
void sim_host_write(struct sim_host *h, enum sim_host_node n, fuse_req_t req, const char *buf,
                    size_t size, off_t off, struct fuse_file_info *fi);
/* -errno or the result, for the ioctl request of thread tid. */
long sim_host_ioctl(struct sim_host *h, enum sim_host_node n, struct fuse_file_info *fi,
                    pid_t tid, unsigned cmd, uint64_t arg);
void sim_host_poll(struct sim_host *h, enum sim_host_node n, fuse_req_t req,
                   struct fuse_file_info *fi, struct fuse_pollhandle *ph);
/* stat size of a node (xsd_kva is one page). */
size_t sim_host_node_size(enum sim_host_node n);

/* ---- per device (evtchn_dev.c, gntdev.c, xenbus.c) ---- */
struct evtchn_dev;
struct evtchn_dev *evtchn_dev_create(struct sim *s);
void evtchn_dev_destroy(struct evtchn_dev *d);
void evtchn_dev_set_session(struct evtchn_dev *d, struct fuse_session *se);
void evtchn_dev_open(struct evtchn_dev *d, fuse_req_t req, struct fuse_file_info *fi);
void evtchn_dev_release(struct evtchn_dev *d, struct fuse_file_info *fi);
void evtchn_dev_read(struct evtchn_dev *d, fuse_req_t req, size_t size, struct fuse_file_info *fi);
void evtchn_dev_write(struct evtchn_dev *d, fuse_req_t req, const char *buf, size_t size,
                      struct fuse_file_info *fi);
long evtchn_dev_ioctl(struct evtchn_dev *d, struct fuse_file_info *fi, struct sim_caller *c,
                      unsigned cmd, uint64_t arg);
void evtchn_dev_poll(struct evtchn_dev *d, fuse_req_t req, struct fuse_file_info *fi,
                     struct fuse_pollhandle *ph);

long gntdev_ioctl(struct sim_caller *c, unsigned cmd, uint64_t arg);
/* hcall_dev.c: the hypercall buffers CMD's processes registered. */
long hcall_dev_ioctl(struct sim_caller *c, unsigned cmd, uint64_t arg);

/* A hypercall from the kernel: arguments in our own memory. */
long host_hypercall(struct sim *s, uint64_t op, uint64_t a0, void *a1);

#endif

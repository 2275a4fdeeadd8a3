/*
 * mhd_dl.h: libmicrohttpd, opened by `recoup serve` (dlopen), not linked
 * into the binary (as libpq, store/postgres/pq_dl.h: microhttpd brings
 * GnuTLS, nettle, p11-kit and the rest, which the loader relocated at the
 * start of every process). server_run() calls mhd_dl_open() first; every
 * MHD name server.c and http.c use is a macro for its pointer in the table.
 */
#ifndef RECOUP_HTTP_MHD_DL_H
#define RECOUP_HTTP_MHD_DL_H

#include <microhttpd.h>

#include "core/error.h"

#define MHD_DL_LIBRARY "libmicrohttpd.so.12"

#define MHD_DL_FUNCTIONS(X)                \
	X(MHD_add_response_header)         \
	X(MHD_create_response_from_buffer) \
	X(MHD_destroy_response)            \
	X(MHD_get_connection_info)         \
	X(MHD_get_connection_values)       \
	X(MHD_get_daemon_info)             \
	X(MHD_get_response_header)         \
	X(MHD_is_feature_supported)        \
	X(MHD_lookup_connection_value)     \
	X(MHD_queue_response)              \
	X(MHD_quiesce_daemon)              \
	X(MHD_resume_connection)           \
	X(MHD_start_daemon)                \
	X(MHD_stop_daemon)                 \
	X(MHD_suspend_connection)

#define MHD_DL_POINTER(name) __typeof__(name) *name;
struct mhd_dl {
	MHD_DL_FUNCTIONS(MHD_DL_POINTER)
};
extern struct mhd_dl mhd_dl;

/* Opens libmicrohttpd once per process (any thread): 0, or -1 with e set (ERR_ENV). */
int mhd_dl_open(struct error *e);

#ifndef MHD_DL_TABLE
#define MHD_add_response_header         mhd_dl.MHD_add_response_header
#define MHD_create_response_from_buffer mhd_dl.MHD_create_response_from_buffer
#define MHD_destroy_response            mhd_dl.MHD_destroy_response
#define MHD_get_connection_info         mhd_dl.MHD_get_connection_info
#define MHD_get_connection_values       mhd_dl.MHD_get_connection_values
#define MHD_get_daemon_info             mhd_dl.MHD_get_daemon_info
#define MHD_get_response_header         mhd_dl.MHD_get_response_header
#define MHD_is_feature_supported        mhd_dl.MHD_is_feature_supported
#define MHD_lookup_connection_value     mhd_dl.MHD_lookup_connection_value
#define MHD_queue_response              mhd_dl.MHD_queue_response
#define MHD_quiesce_daemon              mhd_dl.MHD_quiesce_daemon
#define MHD_resume_connection           mhd_dl.MHD_resume_connection
#define MHD_start_daemon                mhd_dl.MHD_start_daemon
#define MHD_stop_daemon                 mhd_dl.MHD_stop_daemon
#define MHD_suspend_connection          mhd_dl.MHD_suspend_connection
#endif

#endif

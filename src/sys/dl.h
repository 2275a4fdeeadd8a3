/*
 * dl.h: a shared library opened with dlopen on first use, its functions
 * resolved into a table of pointers (store/postgres/pq_dl.h,
 * channels/curl_dl.h, channels/pango_dl.h, http/mhd_dl.h), once per process
 * and thread-safe. A library is never closed: LeakSanitizer symbolizes a
 * leak's stack at exit, and loses the frames of a library closed before then.
 */
#ifndef RECOUP_SYS_DL_H
#define RECOUP_SYS_DL_H

#include "core/error.h"

struct dl_lib {
	const char *file; /* "libpq.so.5" */
	const char *need; /* the message's start: "PostgreSQL support needs" */
	/* the library's table filled from its handle, each name through dl_lib_symbol() */
	void (*resolve)(struct dl_lib *lib, void *handle);
	int tried;
	char failure[512]; /* "" when loaded and every function found */
};

#define DL_LIB_INIT(file, need, resolve)         \
	{                                        \
		(file), (need), (resolve), 0, "" \
	}

/*
 * Opens the library and fills its table the first time; then answers the
 * same. 0, or the error "NEED FILE[ with NAME]: what the loader said"
 * (ERR_ENV) in `e`, or -1 when `e` is NULL.
 */
int dl_lib_open(struct dl_lib *lib, struct error *e);

/* For resolve(): the address of NAME, or NULL with the first failure recorded. */
void *dl_lib_symbol(struct dl_lib *lib, void *handle, const char *name);

#endif

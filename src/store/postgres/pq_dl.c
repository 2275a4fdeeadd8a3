/*
 * pq_dl.c: fills the libpq table of pq_dl.h.
 *
 * The library is never closed: LeakSanitizer symbolizes a leak's stack at
 * exit, and loses the frames of a library closed before then.
 */
#define PQ_DL_TABLE
#include "store/postgres/pq_dl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

struct pq_dl pq_dl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512];

static void open_once(void)
{
	void *lib = dlopen(PQ_DL_LIBRARY, RTLD_NOW | RTLD_LOCAL);

	if (!lib) {
		snprintf(failure, sizeof(failure), "PostgreSQL support needs %s: %s", PQ_DL_LIBRARY, dlerror());
		return;
	}
#define PQ_DL_RESOLVE(name)                                                                                         \
	pq_dl.name = (__typeof__(pq_dl.name))dlsym(lib, #name);                                                     \
	if (!pq_dl.name && !failure[0])                                                                             \
		snprintf(failure, sizeof(failure), "PostgreSQL support needs %s with %s: %s", PQ_DL_LIBRARY, #name, \
			 dlerror());
	PQ_DL_FUNCTIONS(PQ_DL_RESOLVE)
}

int pq_dl_open(struct error *e)
{
	pthread_once(&once, open_once);
	if (failure[0])
		return error_set(e, ERR_ENV, "%s", failure);
	return 0;
}

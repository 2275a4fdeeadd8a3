/*
 * pango_dl.c: fills the pango, cairo and glib table of pango_dl.h. Never closed (see
 * store/postgres/pq_dl.c: LeakSanitizer's stacks at exit).
 */
#define PANGO_DL_TABLE
#include "channels/pango_dl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

struct pango_dl pango_dl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512];

static void open_once(void)
{
	void *lib = dlopen(PANGO_DL_LIBRARY, RTLD_NOW | RTLD_LOCAL);

	if (!lib) {
		snprintf(failure, sizeof(failure), "PDF letters need %s: %s", PANGO_DL_LIBRARY, dlerror());
		return;
	}
#define PANGO_DL_RESOLVE(name)                                                                                 \
	pango_dl.name = (__typeof__(pango_dl.name))dlsym(lib, #name);                                          \
	if (!pango_dl.name && !failure[0])                                                                     \
		snprintf(failure, sizeof(failure), "PDF letters need %s with %s: %s", PANGO_DL_LIBRARY, #name, \
			 dlerror());
	PANGO_DL_FUNCTIONS(PANGO_DL_RESOLVE)
}

int pango_dl_open(struct error *e)
{
	pthread_once(&once, open_once);
	if (!failure[0])
		return 0;
	if (e)
		return error_set(e, ERR_ENV, "%s", failure);
	return -1;
}

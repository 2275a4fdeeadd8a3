/*
 * mhd_dl.c: fills the libmicrohttpd table of mhd_dl.h. Never closed (see
 * store/postgres/pq_dl.c: LeakSanitizer's stacks at exit).
 */
#define MHD_DL_TABLE
#include "http/mhd_dl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

struct mhd_dl mhd_dl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512];

static void open_once(void)
{
	void *lib = dlopen(MHD_DL_LIBRARY, RTLD_NOW | RTLD_LOCAL);

	if (!lib) {
		snprintf(failure, sizeof(failure), "recoup serve needs %s: %s", MHD_DL_LIBRARY, dlerror());
		return;
	}
#define MHD_DL_RESOLVE(name)                                                                                   \
	mhd_dl.name = (__typeof__(mhd_dl.name))dlsym(lib, #name);                                              \
	if (!mhd_dl.name && !failure[0])                                                                       \
		snprintf(failure, sizeof(failure), "recoup serve needs %s with %s: %s", MHD_DL_LIBRARY, #name, \
			 dlerror());
	MHD_DL_FUNCTIONS(MHD_DL_RESOLVE)
}

int mhd_dl_open(struct error *e)
{
	pthread_once(&once, open_once);
	if (!failure[0])
		return 0;
	if (e)
		return error_set(e, ERR_ENV, "%s", failure);
	return -1;
}

/*
 * curl_dl.c: fills the libcurl table of curl_dl.h. Never closed (see
 * store/postgres/pq_dl.c: LeakSanitizer's stacks at exit).
 */
#define CURL_DL_TABLE
#include "channels/curl_dl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

struct curl_dl curl_dl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512];

static void open_once(void)
{
	void *lib = dlopen(CURL_DL_LIBRARY, RTLD_NOW | RTLD_LOCAL);

	if (!lib) {
		snprintf(failure, sizeof(failure), "sending needs %s: %s", CURL_DL_LIBRARY, dlerror());
		return;
	}
#define CURL_DL_RESOLVE(name)                                       \
	curl_dl.name = (__typeof__(curl_dl.name))dlsym(lib, #name); \
	if (!curl_dl.name && !failure[0])                           \
		snprintf(failure, sizeof(failure), "sending needs %s with %s: %s", CURL_DL_LIBRARY, #name, dlerror());
	CURL_DL_FUNCTIONS(CURL_DL_RESOLVE)
}

int curl_dl_open(struct error *e)
{
	pthread_once(&once, open_once);
	if (!failure[0])
		return 0;
	if (e)
		return error_set(e, ERR_ENV, "%s", failure);
	return -1;
}

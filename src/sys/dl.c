/*
 * dl.c: the one loader behind the tables of dlopened libraries (sys/dl.h).
 */
#include "sys/dl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void *dl_lib_symbol(struct dl_lib *lib, void *handle, const char *name)
{
	void *p = dlsym(handle, name);

	if (!p && !lib->failure[0])
		snprintf(lib->failure, sizeof(lib->failure), "%s %s with %s: %s", lib->need, lib->file, name,
			 dlerror());
	return p;
}

int dl_lib_open(struct dl_lib *lib, struct error *e)
{
	pthread_mutex_lock(&lock);
	if (!lib->tried) {
		void *handle = dlopen(lib->file, RTLD_NOW | RTLD_LOCAL);

		lib->tried = 1;
		if (handle)
			lib->resolve(lib, handle);
		else
			snprintf(lib->failure, sizeof(lib->failure), "%s %s: %s", lib->need, lib->file, dlerror());
	}
	pthread_mutex_unlock(&lock);
	if (!lib->failure[0])
		return 0;
	if (e)
		return error_set(e, ERR_ENV, "%s", lib->failure);
	return -1;
}

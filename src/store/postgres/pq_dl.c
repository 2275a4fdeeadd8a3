/*
 * pq_dl.c: fills the libpq table of pq_dl.h through sys/dl.h.
 */
#define PQ_DL_TABLE
#include "store/postgres/pq_dl.h"

#include "sys/dl.h"

struct pq_dl pq_dl;

static void resolve(struct dl_lib *lib, void *handle)
{
#define PQ_DL_RESOLVE(name) pq_dl.name = (__typeof__(pq_dl.name))dl_lib_symbol(lib, handle, #name);
	PQ_DL_FUNCTIONS(PQ_DL_RESOLVE)
}

static struct dl_lib lib = DL_LIB_INIT(PQ_DL_LIBRARY, "PostgreSQL support needs", resolve);

int pq_dl_open(struct error *e)
{
	return dl_lib_open(&lib, e);
}

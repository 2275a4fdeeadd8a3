/*
 * pango_dl.c: fills the pango/cairo table of pango_dl.h through sys/dl.h.
 */
#define PANGO_DL_TABLE
#include "channels/pango_dl.h"

#include "sys/dl.h"

struct pango_dl pango_dl;

static void resolve(struct dl_lib *lib, void *handle)
{
#define PANGO_DL_RESOLVE(name) pango_dl.name = (__typeof__(pango_dl.name))dl_lib_symbol(lib, handle, #name);
	PANGO_DL_FUNCTIONS(PANGO_DL_RESOLVE)
}

static struct dl_lib lib = DL_LIB_INIT(PANGO_DL_LIBRARY, "PDF letters need", resolve);

int pango_dl_open(struct error *e)
{
	return dl_lib_open(&lib, e);
}

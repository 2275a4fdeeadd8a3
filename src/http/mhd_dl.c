/*
 * mhd_dl.c: fills the libmicrohttpd table of mhd_dl.h through sys/dl.h.
 */
#define MHD_DL_TABLE
#include "http/mhd_dl.h"

#include "sys/dl.h"

struct mhd_dl mhd_dl;

static void resolve(struct dl_lib *lib, void *handle)
{
#define MHD_DL_RESOLVE(name) mhd_dl.name = (__typeof__(mhd_dl.name))dl_lib_symbol(lib, handle, #name);
	MHD_DL_FUNCTIONS(MHD_DL_RESOLVE)
}

static struct dl_lib lib = DL_LIB_INIT(MHD_DL_LIBRARY, "recoup serve needs", resolve);

int mhd_dl_open(struct error *e)
{
	return dl_lib_open(&lib, e);
}

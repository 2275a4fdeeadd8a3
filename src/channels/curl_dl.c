/*
 * curl_dl.c: fills the libcurl table of curl_dl.h through sys/dl.h.
 */
#define CURL_DL_TABLE
#include "channels/curl_dl.h"

#include "sys/dl.h"

struct curl_dl curl_dl;

static void resolve(struct dl_lib *lib, void *handle)
{
#define CURL_DL_RESOLVE(name) curl_dl.name = (__typeof__(curl_dl.name))dl_lib_symbol(lib, handle, #name);
	CURL_DL_FUNCTIONS(CURL_DL_RESOLVE)
}

static struct dl_lib lib = DL_LIB_INIT(CURL_DL_LIBRARY, "sending needs", resolve);

int curl_dl_open(struct error *e)
{
	return dl_lib_open(&lib, e);
}

/*
 * curl_dl.h: libcurl, opened when a message is sent (dlopen), not linked
 * into the binary (as libpq, store/postgres/pq_dl.h: the loader relocated
 * curl and its TLS, SSH, LDAP, HTTP/2 libraries at the start of every
 * process). smtp.c and sms_http.c call curl_dl_open() before their first
 * curl call; every curl name they use is a macro for its pointer in the
 * table. CURL_DISABLE_TYPECHECK: the GCC type checks wrap curl_easy_setopt
 * and curl_easy_getinfo in macros of their own.
 */
#ifndef RECOUP_CHANNELS_CURL_DL_H
#define RECOUP_CHANNELS_CURL_DL_H

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

#include "core/error.h"

#define CURL_DL_LIBRARY "libcurl.so.4"

#define CURL_DL_FUNCTIONS(X)   \
	X(curl_easy_cleanup)   \
	X(curl_easy_escape)    \
	X(curl_easy_getinfo)   \
	X(curl_easy_init)      \
	X(curl_easy_perform)   \
	X(curl_easy_setopt)    \
	X(curl_easy_strerror)  \
	X(curl_free)           \
	X(curl_slist_append)   \
	X(curl_slist_free_all) \
	X(curl_url)            \
	X(curl_url_cleanup)    \
	X(curl_url_get)        \
	X(curl_url_set)        \
	X(curl_url_strerror)

#define CURL_DL_POINTER(name) __typeof__(name) *name;
struct curl_dl {
	CURL_DL_FUNCTIONS(CURL_DL_POINTER)
};
extern struct curl_dl curl_dl;

/* Opens libcurl once per process (any thread): 0, or -1 with e set (ERR_ENV, or a NULL e). */
int curl_dl_open(struct error *e);

#ifndef CURL_DL_TABLE
/* curl.h defines these two as themselves, to count their arguments */
#undef curl_easy_getinfo
#undef curl_easy_setopt
#define curl_easy_cleanup   curl_dl.curl_easy_cleanup
#define curl_easy_escape    curl_dl.curl_easy_escape
#define curl_easy_getinfo   curl_dl.curl_easy_getinfo
#define curl_easy_init      curl_dl.curl_easy_init
#define curl_easy_perform   curl_dl.curl_easy_perform
#define curl_easy_setopt    curl_dl.curl_easy_setopt
#define curl_easy_strerror  curl_dl.curl_easy_strerror
#define curl_free           curl_dl.curl_free
#define curl_slist_append   curl_dl.curl_slist_append
#define curl_slist_free_all curl_dl.curl_slist_free_all
#define curl_url            curl_dl.curl_url
#define curl_url_cleanup    curl_dl.curl_url_cleanup
#define curl_url_get        curl_dl.curl_url_get
#define curl_url_set        curl_dl.curl_url_set
#define curl_url_strerror   curl_dl.curl_url_strerror
#endif

#endif

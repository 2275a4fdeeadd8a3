/*
 * pq_dl.h: libpq, opened when a postgres:// database is (dlopen), not linked
 * into the binary.
 *
 * libpq brings OpenSSL, Kerberos, LDAP and SASL with it: linked, the
 * dynamic loader mapped and relocated them at the start of every recoup
 * process, a few milliseconds of CPU each (README, "Startup"), for the
 * many commands that run on SQLite. So the backend calls libpq through the
 * table below, filled by pq_dl_open() from libpq.so.5 on the first
 * store_pg_open(); every PQ name the backend uses is a macro for its
 * pointer, so the calls read as libpq's own. A function the backend starts
 * to use goes into PQ_DL_FUNCTIONS and gets its #define below (a call to
 * one left out fails to link, since nothing links libpq any more).
 */
#ifndef RECOUP_STORE_PQ_DL_H
#define RECOUP_STORE_PQ_DL_H

#include <libpq-fe.h>

#include "core/error.h"

#define PQ_DL_LIBRARY "libpq.so.5"

#define PQ_DL_FUNCTIONS(X)      \
	X(PQclear)              \
	X(PQcmdStatus)          \
	X(PQcmdTuples)          \
	X(PQconnectdbParams)    \
	X(PQenterPipelineMode)  \
	X(PQerrorMessage)       \
	X(PQexec)               \
	X(PQexecParams)         \
	X(PQexecPrepared)       \
	X(PQexitPipelineMode)   \
	X(PQfinish)             \
	X(PQgetisnull)          \
	X(PQgetlength)          \
	X(PQgetResult)          \
	X(PQgetvalue)           \
	X(PQntuples)            \
	X(PQpipelineSync)       \
	X(PQprepare)            \
	X(PQputCopyData)        \
	X(PQputCopyEnd)         \
	X(PQreset)              \
	X(PQresultErrorField)   \
	X(PQresultErrorMessage) \
	X(PQresultStatus)       \
	X(PQsendPrepare)        \
	X(PQsendQueryPrepared)  \
	X(PQsetNoticeProcessor) \
	X(PQstatus)             \
	X(PQtransactionStatus)

#define PQ_DL_POINTER(name) __typeof__(name) *name;
struct pq_dl {
	PQ_DL_FUNCTIONS(PQ_DL_POINTER)
};
extern struct pq_dl pq_dl;

/*
 * Opens libpq once per process (any thread; later calls return the first
 * outcome): 0, or -1 with e set (ERR_ENV) naming the library and what the
 * loader said, when libpq.so.5 or one of the functions is missing.
 */
int pq_dl_open(struct error *e);

#ifndef PQ_DL_TABLE
#define PQclear              pq_dl.PQclear
#define PQcmdStatus          pq_dl.PQcmdStatus
#define PQcmdTuples          pq_dl.PQcmdTuples
#define PQconnectdbParams    pq_dl.PQconnectdbParams
#define PQenterPipelineMode  pq_dl.PQenterPipelineMode
#define PQerrorMessage       pq_dl.PQerrorMessage
#define PQexec               pq_dl.PQexec
#define PQexecParams         pq_dl.PQexecParams
#define PQexecPrepared       pq_dl.PQexecPrepared
#define PQexitPipelineMode   pq_dl.PQexitPipelineMode
#define PQfinish             pq_dl.PQfinish
#define PQgetisnull          pq_dl.PQgetisnull
#define PQgetlength          pq_dl.PQgetlength
#define PQgetResult          pq_dl.PQgetResult
#define PQgetvalue           pq_dl.PQgetvalue
#define PQntuples            pq_dl.PQntuples
#define PQpipelineSync       pq_dl.PQpipelineSync
#define PQprepare            pq_dl.PQprepare
#define PQputCopyData        pq_dl.PQputCopyData
#define PQputCopyEnd         pq_dl.PQputCopyEnd
#define PQreset              pq_dl.PQreset
#define PQresultErrorField   pq_dl.PQresultErrorField
#define PQresultErrorMessage pq_dl.PQresultErrorMessage
#define PQresultStatus       pq_dl.PQresultStatus
#define PQsendPrepare        pq_dl.PQsendPrepare
#define PQsendQueryPrepared  pq_dl.PQsendQueryPrepared
#define PQsetNoticeProcessor pq_dl.PQsetNoticeProcessor
#define PQstatus             pq_dl.PQstatus
#define PQtransactionStatus  pq_dl.PQtransactionStatus
#endif

#endif

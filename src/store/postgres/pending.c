/*
 * pending.c: the ops of the PostgreSQL aggregates not written yet, empty
 * (NULL: calling one crashes), so that the backend links while they are
 * built side by side. Whoever adds an aggregate's file deletes its
 * definition here; the file goes when the last one does.
 */
#include "store/postgres/pg_int.h"

/* reports.c (pg-ledger) replaces this. */
const struct store_reports_ops pg_reports_ops = { 0 };

/* parties.c (pg-core) replaces this. */
const struct store_parties_ops pg_parties_ops = { 0 };

/*
 * stamp.c: store_data_stamp on PostgreSQL (store/store.h).
 *
 * The stamp is the transaction's snapshot as text, xmin:xmax:xip-list
 * (txid_current_snapshot(), in every version this backend supports): which
 * transactions had finished and which were in flight. A row can only
 * change by a transaction that has an id, and when one ends, xmax moves
 * past it or it leaves the in-flight list: so any commit anywhere after a
 * snapshot was taken gives every later snapshot another text. Two equal
 * texts mean the same finished transactions, the same committed data. A
 * read transaction is REPEATABLE READ (db.c): the snapshot is the one that
 * every read of the transaction sees, the queue's included. Other
 * databases of the cluster, and aborted transactions, also move it: a
 * needless recompute, never a stale answer.
 *
 * Rejected: pg_current_wal_insert_lsn(). A commit's record is in the WAL
 * before the commit is visible (the flush comes between), so a stamp read
 * in that window already counts a commit that the snapshot does not show,
 * and nothing moves the LSN afterwards: an entry would stay stale.
 *
 * One round trip; the text is long only with many writers in flight (it
 * then does not fit `size`, and nothing is cached).
 */
#include <stdio.h>
#include <string.h>

#include "store/postgres/pg_int.h"

int pg_data_stamp(struct store_tx *tx, uint64_t *domain, char *out, size_t size, struct error *e)
{
	struct pg_store *ps = PG(tx);
	PGresult *res = PQexecParams(ps->conn, "SELECT txid_current_snapshot()::text", 0, NULL, NULL, NULL, NULL, 0);
	int ret;

	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		PQclear(res);
		return pg_error(ps, e, "reading the snapshot");
	}
	*domain = 0;
	ret = (size_t)snprintf(out, size, "%s", PQgetvalue(res, 0, 0)) < size ? 1 : 0;
	PQclear(res);
	return ret;
}

/*
 * store_tx_others_version on PostgreSQL, from the write serial (migration
 * 0044) that every write transaction of recoup's takes with its tenant's lock
 * (db.c, tenant_lock): called in a write transaction, right after its BEGIN
 * and that lock, the serial it took against the one taken at the last call;
 * more values in between than this connection took itself means another
 * connection began a write of this database in between, and it had ended by
 * then (it held its tenant's lock until its end; another tenant's writes
 * count too: a needless new generation of the run's read ahead, never a
 * missed one). What writes this database without recoup (a DBA's psql) takes
 * no value and is not seen. No statement: the value came with the lock.
 * Returns 0 in a transaction that took none (a read transaction).
 */
int pg_others_version(struct store_tx *tx, int64_t *out, struct error *e)
{
	struct pg_store *ps = PG(tx);

	(void)e;
	if (tx->mode != STORE_WRITE || tx->batch || !ps->serial_own)
		return 0;
	if (ps->serial_at && ps->serial_own - ps->serial_at != ps->serial_mine - ps->mine_at)
		ps->others_n++;
	ps->serial_at = ps->serial_own;
	ps->mine_at = ps->serial_mine;
	*out = ps->others_n;
	return 1;
}

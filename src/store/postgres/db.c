/*
 * db.c: the PostgreSQL backend's connection: connect, session settings,
 * migrations, transactions, the prepared-statement cache, cursors, and the
 * parameter and result helpers of pg_int.h.
 *
 * One connection per store (libpq, blocking calls). Statements are sent
 * with text parameters and read as text; each is prepared once per
 * connection on first use (pg_run) and kept until the connection closes.
 *
 * Conflicts: a write transaction takes the tenant's advisory lock first, so
 * recoup's own writers of one tenant never deadlock on each other; a
 * serialization failure (40001) or a deadlock (40P01) can still come from
 * other clients of the database. They are reported as ERR_ENV marked
 * retryable (error_mark_retry), with a message that says to run the
 * command again: the transaction was rolled back whole, so the CLI runs the
 * use case again a bounded number of times (cli/main.c) before it gives
 * the message to the user.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/migrations.h"
#include "store/postgres/pg_int.h"

enum stmt_id { ST_TENANT_LOCK, ST_COUNT };

static const char *const stmt_sql[ST_COUNT] = {
	/* the two-int form: (class, tenant); tenants beyond 2^32 share a lock, which only makes them take turns */
	[ST_TENANT_LOCK] = "SELECT pg_advisory_xact_lock($1::integer, $2::integer), nextval('write_serial')",
};

/* The key of the lock held while migrating: no tenant has id 0. */
#define MIGRATION_LOCK_KEY 0

/* ---- errors ---- */

/* libpq's messages end with a newline: without it, in `buf`. */
static const char *trimmed(const char *msg, char *buf, size_t size)
{
	size_t n = strlen(msg ? msg : "");
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(buf, msg ? msg : "", n);
	buf[n] = '\0';
	return buf;
}

int pg_error(struct pg_store *ps, struct error *e, const char *what)
{
	char msg[512];
	return error_set(e, ERR_ENV, "database '%s': %s: %s", ps->url, what,
			 trimmed(PQerrorMessage(ps->conn), msg, sizeof(msg)));
}

/*
 * As pg_error, from a failed result; names a conflict with another
 * transaction as such, on one line: the primary message only ("deadlock
 * detected"), not the DETAIL, HINT and CONTEXT lines of the full one, which
 * name server processes and lock tags an operator has no use for.
 */
static int result_error(struct pg_store *ps, const PGresult *res, struct error *e, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char msg[512];

	if (!res)
		return pg_error(ps, e, what);
	if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01"))) {
		error_set(e, ERR_ENV,
			  "database '%s': %s: the transaction conflicted with another one (%s); "
			  "nothing was changed, run the command again",
			  ps->url, what, trimmed(primary ? primary : state, msg, sizeof(msg)));
		return error_mark_retry(e);
	}
	trimmed(PQresultErrorMessage(res), msg, sizeof(msg));
	return error_set(e, ERR_ENV, "database '%s': %s: %s", ps->url, what, msg);
}

static int result_ok(const PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	return st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK;
}

/* ---- parameters ---- */

static char *next_slot(struct pg_params *p)
{
	if (p->n >= PG_PARAMS_MAX)
		abort(); /* a statement with more parameters than the struct holds is a bug in the caller */
	return p->buf[p->n];
}

void pg_param_int(struct pg_params *p, int64_t v)
{
	char *b = next_slot(p);
	snprintf(b, PG_PARAM_BUF, "%lld", (long long)v);
	p->values[p->n++] = b;
}

void pg_param_id(struct pg_params *p, int64_t id)
{
	if (id)
		pg_param_int(p, id);
	else
		pg_param_null(p);
}

void pg_param_text(struct pg_params *p, const char *s)
{
	next_slot(p);
	p->values[p->n++] = s ? s : "";
}

void pg_param_null(struct pg_params *p)
{
	next_slot(p);
	p->values[p->n++] = NULL;
}

void pg_param_date(struct pg_params *p, date_t d)
{
	char *b = next_slot(p);
	date_format(d, b, PG_PARAM_BUF);
	p->values[p->n++] = b;
}

void pg_param_ts(struct pg_params *p, timestamp_t t)
{
	pg_param_int(p, (int64_t)t);
}

/* ---- array parameters ---- */

static int array_reserve(struct pg_array *a, size_t more, struct error *e)
{
	size_t cap;
	char *buf;

	if (a->len + more + 2 <= a->cap)
		return 0;
	cap = a->cap ? a->cap : 4096;
	while (cap < a->len + more + 2)
		cap *= 2;
	buf = realloc(a->buf, cap);
	if (!buf)
		return error_set(e, ERR_ENV, "out of memory");
	a->buf = buf;
	a->cap = cap;
	return 0;
}

int pg_array_start(struct pg_array *a, struct error *e)
{
	a->len = 0;
	a->n = 0;
	if (array_reserve(a, 1, e) < 0)
		return -ERR_ENV;
	a->buf[a->len++] = '{';
	return 0;
}

/* The separator before an element; room for `more` bytes of it. */
static int array_next(struct pg_array *a, size_t more, struct error *e)
{
	if (array_reserve(a, more + 1, e) < 0)
		return -ERR_ENV;
	if (a->n++)
		a->buf[a->len++] = ',';
	return 0;
}

/* Quoted, with '"' and '\' escaped: anything else (commas, braces, NULL as a word) is then plain text. */
int pg_array_text(struct pg_array *a, const char *s, struct error *e)
{
	size_t n = s ? strlen(s) : 0;

	if (array_next(a, 2 * n + 2, e) < 0)
		return -ERR_ENV;
	a->buf[a->len++] = '"';
	for (size_t k = 0; k < n; k++) {
		if (s[k] == '"' || s[k] == '\\')
			a->buf[a->len++] = '\\';
		a->buf[a->len++] = s[k];
	}
	a->buf[a->len++] = '"';
	return 0;
}

int pg_array_int(struct pg_array *a, int64_t v, struct error *e)
{
	if (array_next(a, 24, e) < 0)
		return -ERR_ENV;
	a->len += (size_t)snprintf(a->buf + a->len, a->cap - a->len, "%lld", (long long)v);
	return 0;
}

int pg_array_id(struct pg_array *a, int64_t id, struct error *e)
{
	if (id)
		return pg_array_int(a, id, e);
	if (array_next(a, 4, e) < 0)
		return -ERR_ENV;
	memcpy(a->buf + a->len, "NULL", 4);
	a->len += 4;
	return 0;
}

int pg_array_date(struct pg_array *a, date_t d, struct error *e)
{
	if (array_next(a, DATE_TEXT_MAX, e) < 0)
		return -ERR_ENV;
	date_format(d, a->buf + a->len, DATE_TEXT_MAX);
	a->len += strlen(a->buf + a->len);
	return 0;
}

int pg_array_end(struct pg_array *a, struct error *e)
{
	if (array_reserve(a, 1, e) < 0)
		return -ERR_ENV;
	a->buf[a->len++] = '}';
	a->buf[a->len] = '\0';
	return 0;
}

int pg_array_ids(struct pg_array *a, const int64_t *ids, size_t n, struct error *e)
{
	int ret = pg_array_start(a, e);

	for (size_t i = 0; i < n && ret == 0; i++)
		ret = pg_array_int(a, ids[i], e);
	return ret == 0 ? pg_array_end(a, e) : ret;
}

int pg_array_texts(struct pg_array *a, const char *const *v, size_t n, struct error *e)
{
	int ret = pg_array_start(a, e);

	for (size_t i = 0; i < n && ret == 0; i++)
		ret = pg_array_text(a, v[i], e);
	return ret == 0 ? pg_array_end(a, e) : ret;
}

void pg_array_release(struct pg_array *a)
{
	free(a->buf);
	*a = (struct pg_array)PG_ARRAY_INIT;
}

/* ---- reading ---- */

int64_t pg_int(const PGresult *r, int i, int col)
{
	if (PQgetisnull(r, i, col))
		return 0;
	return (int64_t)strtoll(PQgetvalue(r, i, col), NULL, 10);
}

void pg_text(const PGresult *r, int i, int col, char *buf, size_t size)
{
	const char *t = PQgetvalue(r, i, col);
	size_t n = PQgetisnull(r, i, col) ? 0 : (size_t)PQgetlength(r, i, col);
	if (n > size - 1)
		n = size - 1;
	memcpy(buf, t, n);
	buf[n] = '\0';
}

date_t pg_date(const PGresult *r, int i, int col)
{
	date_t d = 0;
	if (!PQgetisnull(r, i, col))
		date_parse(PQgetvalue(r, i, col), &d, NULL);
	return d;
}

timestamp_t pg_ts(const PGresult *r, int i, int col)
{
	return (timestamp_t)pg_int(r, i, col);
}

/* ---- running statements ---- */

/* 1 when statement `id` of `agg` may run with balance moves held back (pg_int.h). */
static int balance_blind(enum pg_agg agg, int id)
{
	uint64_t mask = agg == PG_LEDGER    ? pg_ledger_balance_blind
			: agg == PG_PARTIES ? pg_parties_balance_blind
			: agg == PG_ACTIONS ? pg_actions_balance_blind
					    : 0;
	return agg == PG_DB || (mask >> id & 1);
}

/*
 * A statement's first run on the connection: prepared and run in one round
 * trip (libpq's pipeline: Parse, Bind, Execute, one Sync), where
 * PQprepare and then PQexecPrepared waited for the server twice. A daily
 * run at 100,000 customers prepares 80 statements on its two sessions,
 * most of them run once; a command's every statement is a first. The
 * result as PQexecPrepared's: the rows or the command's, else NULL with e
 * set from the first error (the prepare's, or the run's).
 */
static PGresult *prepare_run(struct pg_store *ps, enum pg_agg agg, int id, const char *name, const char *sql,
			     const struct pg_params *p, struct error *e)
{
	PGresult *res, *out = NULL, *err = NULL;
	const char *what = "preparing a statement";
	int prepared = 0, sent, nulls = 0;

	if (!PQenterPipelineMode(ps->conn)) {
		pg_error(ps, e, "preparing a statement");
		return NULL;
	}
	sent = PQsendPrepare(ps->conn, name, sql, 0, NULL) &&
	       PQsendQueryPrepared(ps->conn, name, p ? p->n : 0, p ? p->values : NULL, NULL, NULL, 0) &&
	       PQpipelineSync(ps->conn);
	/* every result up to the Sync's: the prepare's, the run's (PIPELINE_ABORTED after an error), each then a NULL */
	for (int step = 0; sent && nulls < 2;) {
		ExecStatusType st;
		res = PQgetResult(ps->conn);
		if (!res) {
			nulls++;
			continue;
		}
		nulls = 0;
		st = PQresultStatus(res);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			break;
		}
		if (step == 0 && st == PGRES_COMMAND_OK) {
			prepared = 1;
			PQclear(res);
		} else if (step == 1 && result_ok(res) && !err) {
			out = res;
		} else if (!err && st != PGRES_PIPELINE_ABORTED) {
			err = res;
			what = step == 0 ? "preparing a statement" : "running a statement";
		} else {
			PQclear(res);
		}
		step++;
	}
	/* tried whatever came before: it fails only with results pending, after a failed send or a lost connection */
	if (!PQexitPipelineMode(ps->conn) || !sent || nulls >= 2 || err || !out) {
		if (err)
			result_error(ps, err, e, what);
		else
			pg_error(ps, e, what);
		PQclear(err);
		PQclear(out);
		if (prepared)
			ps->prepared[agg][id] = 1;
		return NULL;
	}
	ps->prepared[agg][id] = 1;
	return out;
}

PGresult *pg_run(struct pg_store *ps, enum pg_agg agg, int id, const char *const *sql, const struct pg_params *p,
		 struct error *e)
{
	char name[32];
	PGresult *res;

	if (ps->moves_n && !balance_blind(agg, id) && pg_moves_flush(ps, e) < 0)
		return NULL;

	snprintf(name, sizeof(name), "s%d_%d", (int)agg, id);
	if (!ps->prepared[agg][id])
		return prepare_run(ps, agg, id, name, sql[id], p, e);
	res = PQexecPrepared(ps->conn, name, p ? p->n : 0, p ? p->values : NULL, NULL, NULL, 0);
	if (!res || !result_ok(res)) {
		result_error(ps, res, e, "running a statement");
		PQclear(res);
		return NULL;
	}
	return res;
}

int pg_exec(struct pg_store *ps, enum pg_agg agg, int id, const char *const *sql, const struct pg_params *p,
	    struct error *e)
{
	PGresult *res = pg_run(ps, agg, id, sql, p, e);
	if (!res)
		return -ERR_ENV;
	PQclear(res);
	return 0;
}

int pg_text_by_name(struct pg_store *ps, enum pg_agg agg, int id, const char *const *sql, int64_t tenant,
		    const char *name, char **out, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int ret = 0;

	*out = NULL;
	pg_param_int(&p, tenant);
	pg_param_text(&p, name);
	res = pg_run(ps, agg, id, sql, &p, e);
	if (!res)
		return -ERR_ENV;
	if (PQntuples(res) > 0) {
		*out = strdup(PQgetvalue(res, 0, 0));
		ret = *out ? 1 : error_set(e, ERR_ENV, "out of memory");
	}
	PQclear(res);
	return ret;
}

int pg_exec_text(struct pg_store *ps, const char *sql, struct error *e)
{
	PGresult *res = PQexec(ps->conn, sql);
	int ret = 0;
	if (!res || !result_ok(res))
		ret = result_error(ps, res, e, "running a statement");
	PQclear(res);
	return ret;
}

int pg_inserted(struct pg_store *ps, enum pg_table t, size_t n, struct error *e)
{
	static const char *const analyze[PG_TABLE_COUNT] = {
		[PG_T_CUSTOMER] = "ANALYZE (SKIP_LOCKED) customer",
		[PG_T_CONTACT] = "ANALYZE (SKIP_LOCKED) contact",
		[PG_T_INVOICE] = "ANALYZE (SKIP_LOCKED) invoice",
		[PG_T_PAYMENT] = "ANALYZE (SKIP_LOCKED) payment",
		[PG_T_LEDGER_ENTRY] = "ANALYZE (SKIP_LOCKED) ledger_entry",
		[PG_T_CONTACT_ATTEMPT] = "ANALYZE (SKIP_LOCKED) contact_attempt",
	};
	size_t before = ps->inserted[t];
	size_t mark = PG_ANALYZE_AFTER;
	int ret;

	ps->inserted[t] += n;
	/* the first mark this insert crossed, if any: PG_ANALYZE_AFTER, then each tenfold */
	while (mark <= before && mark <= SIZE_MAX / 10)
		mark *= 10;
	if (before >= mark || ps->inserted[t] < mark)
		return 0;
	/*
	 * ANALYZE holds its lock until the commit: another tenant's import in
	 * the same table skips its own (SKIP_LOCKED) rather than waiting for
	 * this whole transaction, or deadlocking on two tables taken in another
	 * order, and tries again at its next mark. A role that may not analyze
	 * the table gets a warning (a notice, ignored), not an error.
	 */
	ret = pg_exec_text(ps, analyze[t], e);
	if (ret < 0)
		error_prefix(e, "updating the planner's statistics");
	return ret;
}

/* ---- bulk inserts through COPY ---- */

/* Room for `more` bytes; on failure the copy is marked failed and nothing is written. */
static int copy_reserve(struct pg_copy *c, size_t more)
{
	size_t cap;
	char *buf;

	if (c->failed)
		return -1;
	if (c->len + more <= c->cap)
		return 0;
	cap = c->cap ? c->cap : 65536;
	while (cap < c->len + more)
		cap *= 2;
	buf = realloc(c->buf, cap);
	if (!buf) {
		c->failed = 1;
		return -1;
	}
	c->buf = buf;
	c->cap = cap;
	return 0;
}

/* The tab before a field (none before the first of a row). */
static int copy_field(struct pg_copy *c, size_t more)
{
	if (copy_reserve(c, more + 1) < 0)
		return -1;
	if (c->fields++)
		c->buf[c->len++] = '\t';
	return 0;
}

void pg_copy_text(struct pg_copy *c, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (copy_field(c, 2 * n) < 0)
		return;
	for (size_t k = 0; k < n; k++) {
		char ch = s[k];
		if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
			c->buf[c->len++] = '\\';
			ch = ch == '\t' ? 't' : ch == '\n' ? 'n' : ch == '\r' ? 'r' : '\\';
		}
		c->buf[c->len++] = ch;
	}
}

void pg_copy_int(struct pg_copy *c, int64_t v)
{
	if (copy_field(c, 24) < 0)
		return;
	c->len += (size_t)snprintf(c->buf + c->len, c->cap - c->len, "%lld", (long long)v);
}

void pg_copy_id(struct pg_copy *c, int64_t id)
{
	if (id) {
		pg_copy_int(c, id);
		return;
	}
	if (copy_field(c, 2) < 0)
		return;
	c->buf[c->len++] = '\\';
	c->buf[c->len++] = 'N';
}

void pg_copy_date(struct pg_copy *c, date_t d)
{
	if (copy_field(c, DATE_TEXT_MAX) < 0)
		return;
	date_format(d, c->buf + c->len, DATE_TEXT_MAX);
	c->len += strlen(c->buf + c->len);
}

/* Sends what the buffer holds (PQputCopyData). 0 or -ERR_ENV. */
static int copy_send(struct pg_store *ps, struct pg_copy *c, struct error *e)
{
	if (c->failed)
		return error_set(e, ERR_ENV, "out of memory");
	if (c->len && PQputCopyData(ps->conn, c->buf, (int)c->len) != 1)
		return pg_error(ps, e, "sending rows (COPY)");
	c->len = 0;
	return 0;
}

/* Ends the COPY (an error message aborts it) and reads its result. 0 or -ERR_ENV. */
static int copy_finish(struct pg_store *ps, const char *abort_msg, struct error *e)
{
	PGresult *res;
	int ret = 0;

	if (PQputCopyEnd(ps->conn, abort_msg) != 1)
		ret = pg_error(ps, e, "ending a COPY");
	while ((res = PQgetResult(ps->conn)) != NULL) {
		if (ret == 0 && !abort_msg && PQresultStatus(res) != PGRES_COMMAND_OK)
			ret = result_error(ps, res, e, "copying rows");
		PQclear(res);
	}
	return ret;
}

/* Sends rows[0..n) into the kind's staging table, created first when this transaction has none. */
static int copy_rows(struct pg_store *ps, const struct pg_copy_kind *k, const char *rows, size_t n, struct pg_copy *c,
		     struct error *e)
{
	PGresult *res;
	int ret;

	/*
	 * Emptied by TRUNCATE, not by a DELETE in the move: deleted rows stay
	 * until the transaction ends, and every later batch would scan them.
	 */
	if (!(ps->staged & (1u << k->table))) {
		ret = pg_exec_text(ps, k->create_sql, e);
		if (ret < 0)
			return ret;
		ps->staged |= 1u << k->table;
	} else {
		ret = pg_exec_text(ps, k->truncate_sql, e);
		if (ret < 0)
			return ret;
	}
	res = PQexec(ps->conn, k->copy_sql);
	if (!res || PQresultStatus(res) != PGRES_COPY_IN) {
		ret = result_error(ps, res, e, "starting a COPY");
		PQclear(res);
		return ret;
	}
	PQclear(res);
	c->len = 0;
	ret = 0;
	for (size_t i = 0; i < n && ret == 0; i++) {
		c->fields = 0;
		pg_copy_int(c, (int64_t)i);
		k->row(c, rows + i * k->stride);
		if (copy_reserve(c, 1) == 0)
			c->buf[c->len++] = '\n';
		/* sent a megabyte at a time: memory stays flat whatever the batch */
		if (c->len >= 1u << 20) {
			ret = copy_send(ps, c, e);
			if (ret < 0)
				break;
		}
	}
	if (ret == 0)
		ret = copy_send(ps, c, e);
	if (ret < 0) {
		copy_finish(ps, "recoup: the rows could not be sent", NULL);
		return ret;
	}
	return copy_finish(ps, NULL, e);
}

static uint32_t ref_hash(const char *s)
{
	uint32_t h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/*
 * Maps the refs the move returns back to the rows of the batch: slot[]
 * (size a power of two, at least twice n) holds row + 1 of the first row
 * with each ref; open addressing.
 */
static void refs_index(const char *rows, size_t n, const struct pg_copy_kind *k, uint32_t *slot, size_t size)
{
	memset(slot, 0, size * sizeof(*slot));
	for (size_t i = 0; i < n; i++) {
		const char *ref = rows + i * k->stride + k->ref_offset;
		size_t h = ref_hash(ref) & (size - 1);
		while (slot[h] && strcmp(rows + (slot[h] - 1) * k->stride + k->ref_offset, ref))
			h = (h + 1) & (size - 1);
		if (!slot[h])
			slot[h] = (uint32_t)(i + 1);
	}
}

static long refs_find(const char *rows, const struct pg_copy_kind *k, const uint32_t *slot, size_t size,
		      const char *ref)
{
	size_t h = ref_hash(ref) & (size - 1);
	while (slot[h]) {
		if (!strcmp(rows + (slot[h] - 1) * k->stride + k->ref_offset, ref))
			return (long)slot[h] - 1;
		h = (h + 1) & (size - 1);
	}
	return -1;
}

/* One chunk (n <= PG_COPY_ROWS): staged, moved, and the rows written marked. */
static int copy_chunk(struct store_tx *tx, const struct pg_copy_kind *k, char *rows, size_t n, int set_ids,
		      int64_t import_id, unsigned char *added, struct pg_copy *c, uint32_t *slot, struct error *e)
{
	struct pg_store *ps = PG(tx);
	struct pg_params p = PG_PARAMS_INIT;
	size_t size = 2 * PG_COPY_ROWS;
	PGresult *res;
	int ret = copy_rows(ps, k, rows, n, c, e);

	if (ret < 0)
		return ret;
	pg_param_int(&p, tx->tenant);
	pg_param_id(&p, import_id);
	res = pg_run(ps, k->agg, k->move_id, k->sql, &p, e);
	if (!res)
		return -ERR_ENV;
	ret = pg_inserted(ps, k->table, (size_t)PQntuples(res), e);
	memset(added, 0, n);
	refs_index(rows, n, k, slot, size);
	for (int r = 0; r < PQntuples(res) && ret == 0; r++) {
		long i = refs_find(rows, k, slot, size, PQgetvalue(res, r, 0));
		if (i < 0) {
			ret = error_set(e, ERR_ENV, "inserting rows: '%s' came back but was not sent",
					PQgetvalue(res, r, 0));
			break;
		}
		added[i] = 1;
		if (set_ids)
			*(int64_t *)(void *)(rows + (size_t)i * k->stride + k->id_offset) = pg_int(res, r, 1);
	}
	if (ret == 0)
		ret = PQntuples(res);
	PQclear(res);
	return ret;
}

int pg_copy_add(struct store_tx *tx, const struct pg_copy_kind *k, void *rows, size_t n, int set_ids, int64_t import_id,
		unsigned char *added, struct error *e)
{
	struct pg_copy c = { 0 };
	uint32_t *slot = malloc(2 * PG_COPY_ROWS * sizeof(*slot));
	unsigned char *mine = added ? NULL : malloc(PG_COPY_ROWS);
	int total = 0, ret = 0;

	if (!slot || (!added && !mine)) {
		ret = error_set(e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	for (size_t at = 0; at < n;) {
		size_t m = n - at < PG_COPY_ROWS ? n - at : PG_COPY_ROWS;
		ret = copy_chunk(tx, k, (char *)rows + at * k->stride, m, set_ids, import_id, added ? added + at : mine,
				 &c, slot, e);
		if (ret < 0)
			break;
		total += ret;
		at += m;
	}
cleanup:
	free(c.buf);
	free(slot);
	free(mine);
	return ret < 0 ? ret : total;
}

int pg_copy_stage(struct store_tx *tx, const struct pg_copy_kind *k, const void *rows, size_t n, struct error *e)
{
	struct pg_copy c = { 0 };
	int ret = copy_rows(PG(tx), k, rows, n, &c, e);

	free(c.buf);
	return ret;
}

/* Runs `sql` (FETCH, CLOSE) with no parameters; the result or NULL with `e` set. */
static PGresult *exec_rows(struct pg_store *ps, const char *sql, struct error *e)
{
	PGresult *res = PQexec(ps->conn, sql);
	if (!res || !result_ok(res)) {
		result_error(ps, res, e, "reading");
		PQclear(res);
		return NULL;
	}
	return res;
}

int pg_stream(struct pg_store *ps, const char *sql, const struct pg_params *p, pg_row_fn row, void *ctx,
	      struct error *e)
{
	char cursor[32];
	char fetch[64];
	char close_sql[48];
	size_t size = strlen(sql) + 64;
	char *declare = malloc(size);
	PGresult *res = NULL;
	int ret = 0;

	if (!declare)
		return error_set(e, ERR_ENV, "out of memory");
	/* a whole-tenant read may read any balance */
	if (ps->moves_n && pg_moves_flush(ps, e) < 0) {
		free(declare);
		return -ERR_ENV;
	}
	snprintf(cursor, sizeof(cursor), "c%lu", ++ps->cursor_seq);
	snprintf(declare, size, "DECLARE %s NO SCROLL CURSOR FOR %s", cursor, sql);
	snprintf(fetch, sizeof(fetch), "FETCH %d FROM %s", PG_FETCH_ROWS, cursor);
	snprintf(close_sql, sizeof(close_sql), "CLOSE %s", cursor);

	res = PQexecParams(ps->conn, declare, p ? p->n : 0, NULL, p ? p->values : NULL, NULL, NULL, 0);
	free(declare);
	if (!res || !result_ok(res)) {
		ret = result_error(ps, res, e, "reading");
		PQclear(res);
		return ret;
	}
	PQclear(res);
	for (;;) {
		int n;
		res = exec_rows(ps, fetch, e);
		if (!res)
			return -ERR_ENV;
		n = PQntuples(res);
		for (int i = 0; i < n && ret == 0; i++)
			ret = row(ctx, res, i);
		PQclear(res);
		if (ret != 0 || n < PG_FETCH_ROWS)
			break;
	}
	/* after a callback's failed statement the transaction is aborted and CLOSE fails too: keep its error */
	if (PQtransactionStatus(ps->conn) == PQTRANS_INERROR)
		return ret;
	res = exec_rows(ps, close_sql, ret < 0 ? NULL : e);
	if (!res)
		return ret < 0 ? ret : -ERR_ENV;
	PQclear(res);
	return ret;
}

int pg_each(PGresult *res, pg_row_fn row, void *ctx)
{
	int stop = 0;

	for (int i = 0; i < PQntuples(res) && !stop; i++)
		stop = row(ctx, res, i);
	PQclear(res);
	return stop;
}

int pg_list(struct pg_store *ps, enum pg_agg agg, int page_id, const char *const *sql, const char *all_sql,
	    int64_t tenant, const struct store_cursor *cur, pg_row_fn row, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tenant);
	pg_param_int(&p, cur->after);
	if (cur->limit <= 0)
		return pg_stream(ps, all_sql, &p, row, ctx, e);
	pg_param_int(&p, cur->limit);
	res = pg_run(ps, agg, page_id, sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, row, ctx);
}

/* ---- migrations ---- */

/*
 * Applies `m` unless the database has it, in one transaction that first
 * takes the migration lock: two processes opening a new database at once
 * take turns, and the second finds the migration applied.
 * schema_migration is created in the same transaction, for the same reason.
 * Returns 0 or -ERR_ENV.
 */
static int migrate_one(struct pg_store *ps, const struct migration *m, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	char lock[96];
	PGresult *res = NULL;
	int ret;

	snprintf(lock, sizeof(lock), "SELECT pg_advisory_xact_lock(%d, %d)", PG_LOCK_CLASS, MIGRATION_LOCK_KEY);
	ret = pg_exec_text(ps, "BEGIN", e);
	if (ret < 0)
		return ret;
	ret = pg_exec_text(ps, lock, e);
	if (ret < 0)
		goto fail;
	ret = pg_exec_text(ps,
			   "CREATE TABLE IF NOT EXISTS schema_migration ("
			   "name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
			   e);
	if (ret < 0)
		goto fail;
	pg_param_text(&p, m->name);
	res = PQexecParams(ps->conn, "SELECT 1 FROM schema_migration WHERE name = $1", p.n, NULL, p.values, NULL, NULL,
			   0);
	if (!res || !result_ok(res)) {
		ret = result_error(ps, res, e, "reading migrations");
		goto fail;
	}
	if (PQntuples(res) == 0) {
		PQclear(res);
		res = NULL;
		ret = pg_exec_text(ps, m->sql, e);
		if (ret < 0) {
			error_prefix(e, "migration %s", m->name);
			goto fail;
		}
		res = PQexecParams(ps->conn, "INSERT INTO schema_migration (name) VALUES ($1)", p.n, NULL, p.values,
				   NULL, NULL, 0);
		if (!res || !result_ok(res)) {
			ret = result_error(ps, res, e, "recording a migration");
			goto fail;
		}
	}
	PQclear(res);
	return pg_exec_text(ps, "COMMIT", e);
fail:
	PQclear(res);
	pg_exec_text(ps, "ROLLBACK", NULL);
	return ret;
}

/*
 * Whether the database has every migration already: one statement, no lock
 * and no transaction. Every process opens the database (each CLI command,
 * each server connection), and the locked path below costs five round trips
 * a migration (about 150 statements for 31 migrations, and a notice from
 * each CREATE TABLE IF NOT EXISTS): in the PostgreSQL scenario tests, where
 * every command is a process, that was most of what the server did. A
 * database missing any migration, or without schema_migration (the
 * statement fails: a new database), takes the locked path, which decides.
 * Returns 1 or 0, or -ERR_ENV when the database has a migration this binary
 * does not know (a newer recoup's).
 */
static int all_applied(struct pg_store *ps, struct error *e)
{
	PGresult *res = PQexec(ps->conn, "SELECT name FROM schema_migration");
	int all = res && PQresultStatus(res) == PGRES_TUPLES_OK;

	/* a migration this binary does not know: a newer recoup upgraded the
	 * database; refused before anything is applied or written */
	for (int i = 0; all && i < PQntuples(res); i++) {
		if (store_migration_check(store_pg_migrations, ps->url, PQgetvalue(res, i, 0), e) < 0) {
			PQclear(res);
			return -ERR_ENV;
		}
	}
	for (const struct migration *m = store_pg_migrations; all && m->name; m++) {
		int found = 0;
		for (int i = 0; i < PQntuples(res) && !found; i++)
			found = strcmp(PQgetvalue(res, i, 0), m->name) == 0;
		all = found;
	}
	PQclear(res);
	return all;
}

/*
 * A database whose schema holds tables but no schema_migration is another
 * program's: recoup takes it over for none of its commands (a report on
 * it created every table of recoup's beside them). 0, or -ERR_ENV.
 */
static int foreign_database(struct pg_store *ps, struct error *e)
{
	PGresult *res = PQexec(ps->conn, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
					 "ORDER BY tablename = 'schema_migration' DESC, tablename LIMIT 1");
	int ret = 0;

	if (!res || !result_ok(res)) {
		ret = result_error(ps, res, e, "reading the schema");
		PQclear(res);
		return ret;
	}
	if (PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "schema_migration"))
		ret = error_set(e, ERR_ENV,
				"database %s is not a recoup database: its schema holds other tables (such as '%s') "
				"and none of recoup's; nothing was written. Give recoup a database of its own",
				ps->url, PQgetvalue(res, 0, 0));
	PQclear(res);
	return ret;
}

static int migrate(struct pg_store *ps, struct error *e)
{
	int all = all_applied(ps, e);
	if (all < 0)
		return all;
	if (all)
		return 0;
	if (foreign_database(ps, e) < 0)
		return -ERR_ENV;
	for (const struct migration *m = store_pg_migrations; m->name; m++) {
		int ret = migrate_one(ps, m, e);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* ---- transactions ---- */

static void forget_tx_state(struct pg_store *ps)
{
	ps->ledger_n = 0;
	ps->moves_n = 0;
	ps->ledger_import = 0;
	ps->ledger_tenant = 0;
	memset(ps->inserted, 0, sizeof(ps->inserted));
	ps->staged = 0;
	ps->cover_on = 0; /* its settings go with the transaction */
}

static void pg_tx_rollback(struct store_tx *tx)
{
	struct pg_store *ps = PG(tx);
	forget_tx_state(ps);
	ps->in_tx = 0;
	if (PQtransactionStatus(ps->conn) != PQTRANS_IDLE)
		pg_exec_text(ps, "ROLLBACK", NULL);
}

/* A failed statement aborts the whole transaction: nothing more runs in it. */
static int pg_tx_broken(struct store_tx *tx)
{
	return PQtransactionStatus(PG(tx)->conn) != PQTRANS_INTRANS;
}

/* Takes the tenant's lock, held to the transaction's end (the batch's, in a batch). */
static int tenant_lock(struct store_tx *tx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	struct pg_store *ps = PG(tx);
	PGresult *res;

	pg_param_int(&p, PG_LOCK_CLASS);
	pg_param_int(&p, (int32_t)(uint32_t)tx->tenant);
	res = pg_run(ps, PG_DB, ST_TENANT_LOCK, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	/* this connection's own value (store_tx_others_version, stamp.c) */
	if (PQntuples(res) == 1) {
		ps->serial_own = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
		ps->serial_mine++;
	}
	PQclear(res);
	return 0;
}

/* The session's settings, set on every connection, the first and one made again (reconnect). */
static const char session_sql[] = "SET client_encoding TO 'UTF8'; SET DateStyle TO ISO; SET TIME ZONE 'UTC'";

/*
 * A connection the server closed (PostgreSQL restarted, the backend ended
 * by an administrator, a failover) is made again, with the same parameters,
 * between transactions only: nothing of a transaction is lost or run twice.
 * The statements prepared on the old session are prepared again when next
 * used. Without it a long-lived process (recoup serve's workers and writer)
 * answered 503 to every request on that connection until restarted.
 * Returns 0 (connected, or already), or -ERR_ENV naming why not.
 */
static int reconnect(struct pg_store *ps, struct error *e)
{
	if (PQstatus(ps->conn) == CONNECTION_OK)
		return 0;
	/*
	 * Not while the session held an advisory lock (the run's: store_lock):
	 * the server released it with the session, and a new session would go
	 * on without it, beside a run another process may have started since.
	 */
	if (ps->session_locks > 0)
		return pg_error(ps, e,
				"the connection was lost while this command held the run's lock; "
				"nothing more is done (run it again)");
	PQreset(ps->conn);
	if (PQstatus(ps->conn) != CONNECTION_OK)
		return pg_error(ps, e, "the connection was lost, and connecting again failed");
	memset(ps->prepared, 0, sizeof(ps->prepared));
	return pg_exec_text(ps, session_sql, e);
}

static int pg_tx_begin(struct store_tx *tx, struct error *e)
{
	struct pg_store *ps = PG(tx);
	const char *begin = tx->mode != STORE_WRITE ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
			    : ps->reader            ? "BEGIN READ ONLY" /* store_open_reader's */
			    : ps->unchecked         ? "BEGIN; SET LOCAL session_replication_role = replica"
						    : "BEGIN";
	int ret;

	forget_tx_state(ps);
	ret = reconnect(ps, e);
	if (ret == 0)
		ret = pg_exec_text(ps, begin, e);
	/* the server closed the connection while it was idle: found only now, by
	 * the BEGIN, which did nothing; connected again, it is sent once more */
	if (ret < 0 && PQstatus(ps->conn) != CONNECTION_OK) {
		error_clear(e);
		ret = reconnect(ps, e);
		if (ret == 0)
			ret = pg_exec_text(ps, begin, e);
	}
	if (ret < 0) {
		/* a BEGIN that went through before the SET LOCAL failed */
		if (PQstatus(ps->conn) == CONNECTION_OK && PQtransactionStatus(ps->conn) != PQTRANS_IDLE)
			pg_exec_text(ps, "ROLLBACK", NULL);
		error_prefix(e, "starting a transaction");
		return ret;
	}
	ps->in_tx = 1;
	/* the batch's own transaction takes no tenant's lock: each savepoint in it takes its own */
	if (tx->mode == STORE_WRITE && !tx->batch) {
		ret = tenant_lock(tx, e);
		if (ret < 0) {
			pg_tx_rollback(tx);
			error_prefix(e, "starting a transaction");
			return ret;
		}
	}
	return 0;
}

/*
 * The staging tables (ON COMMIT DROP) live as long as the batch's
 * transaction: one created by an earlier unit is there for the next, one
 * created by a unit rolled back is gone with it.
 */
static void pg_rollback_to(struct store_tx *tx)
{
	struct pg_store *ps = PG(tx);

	forget_tx_state(ps);
	if (PQtransactionStatus(ps->conn) == PQTRANS_IDLE)
		return;
	ps->staged = ps->staged_before;
	/* ROLLBACK TO also brings a failed transaction back; if even it fails, the batch ends */
	if (pg_exec_text(ps, "ROLLBACK TO SAVEPOINT unit", NULL) < 0 ||
	    pg_exec_text(ps, "RELEASE SAVEPOINT unit", NULL) < 0)
		pg_exec_text(ps, "ROLLBACK", NULL);
}

static int pg_savepoint(struct store_tx *tx, struct error *e)
{
	struct pg_store *ps = PG(tx);
	unsigned staged = ps->staged;
	int ret;

	forget_tx_state(ps);
	ps->staged = ps->staged_before = staged;
	if (PQtransactionStatus(ps->conn) != PQTRANS_INTRANS)
		return error_set(e, ERR_ENV, "database '%s': the batch's transaction has ended", ps->url);
	ret = pg_exec_text(ps, "SAVEPOINT unit", e);
	if (ret == 0 && tx->mode == STORE_WRITE) {
		ret = tenant_lock(tx, e);
		if (ret < 0)
			pg_rollback_to(tx);
	}
	if (ret < 0)
		error_prefix(e, "starting a transaction in the batch");
	return ret;
}

static int pg_release(struct store_tx *tx, struct error *e)
{
	struct pg_store *ps = PG(tx);
	int ret = pg_ledger_flush(ps, e);
	unsigned staged;

	if (ret == 0)
		ret = pg_exec_text(ps, "RELEASE SAVEPOINT unit", e);
	if (ret < 0)
		pg_rollback_to(tx);
	staged = ps->staged;
	forget_tx_state(ps);
	ps->staged = staged;
	return ret;
}

static int pg_tx_commit(struct store_tx *tx, struct error *e)
{
	struct pg_store *ps = PG(tx);
	PGresult *res = NULL;
	int ret = pg_ledger_flush(ps, e);

	/* a cover still on ends with the transaction: its customers marked if anything was written under it */
	if (ret == 0)
		ret = pg_watch_cover_end(tx, NULL, 0, e);
	if (ret == 0) {
		res = PQexec(ps->conn, "COMMIT");
		if (!res || !result_ok(res))
			ret = result_error(ps, res, e, "committing");
		else if (strcmp(PQcmdStatus(res), "COMMIT") != 0)
			/* COMMIT of a failed transaction succeeds and says ROLLBACK */
			ret = error_set(e, ERR_ENV,
					"database '%s': committing: the transaction had failed and was rolled back",
					ps->url);
		PQclear(res);
	}
	if (ret < 0)
		pg_tx_rollback(tx);
	forget_tx_state(ps);
	ps->in_tx = 0;
	return ret;
}

/* ---- the store ---- */

static void pg_close(struct store *s)
{
	struct pg_store *ps = (struct pg_store *)s;
	if (!ps)
		return;
	PQfinish(ps->conn);
	free(ps->conninfo);
	free(ps->cover);
	free(ps);
}

/* Notices (CREATE TABLE IF NOT EXISTS on an existing table, ...) are not for the user. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/*
 * store_check_references: off, each write transaction of the connection
 * sets session_replication_role to replica (SET LOCAL, right after its
 * BEGIN: pg_tx_begin), in which PostgreSQL fires no trigger but those
 * enabled ALWAYS: not its own internal ones that check each foreign key (a
 * SELECT ... FOR KEY SHARE of the parent row per reference written), and
 * all of recoup's (migration 0043). Per transaction, not for the session:
 * through a pooler that hands the server's session to another client
 * between transactions (PgBouncer in transaction mode) a session's setting
 * would go with it. Only when every trigger of the schema is ALWAYS (one
 * that is not would be skipped: the references stay checked, 0) and the
 * role may set it (a superuser, or GRANT SET ON PARAMETER
 * session_replication_role: else 0 too, tried in a transaction rolled
 * back). On again: the transactions are left as they begin.
 */
static int pg_check_references(struct store *s, int on, struct error *e)
{
	struct pg_store *ps = (struct pg_store *)s;
	PGresult *res;
	int ret;

	if (on) {
		ps->unchecked = 0;
		return 1;
	}
	ret = reconnect(ps, e);
	if (ret < 0)
		return ret;
	res = PQexec(ps->conn, "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
			       "JOIN pg_namespace n ON n.oid = c.relnamespace "
			       "WHERE NOT t.tgisinternal AND t.tgenabled <> 'A' AND n.nspname = current_schema()");
	if (!res || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		ret = result_error(ps, res, e, "reading the triggers");
		PQclear(res);
		return ret;
	}
	ret = strcmp(PQgetvalue(res, 0, 0), "0") == 0;
	PQclear(res);
	if (!ret)
		return 0;
	res = PQexec(ps->conn, "BEGIN; SET LOCAL session_replication_role = replica");
	ret = res && PQresultStatus(res) == PGRES_COMMAND_OK;
	{
		const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
		int denied = state && !strcmp(state, "42501"); /* insufficient_privilege: checked, as before */
		if (!ret && !denied)
			ret = result_error(ps, res, e, "setting session_replication_role");
		else if (denied)
			ret = 0;
	}
	PQclear(res);
	if (pg_exec_text(ps, "ROLLBACK", ret < 0 ? NULL : e) < 0 && ret >= 0)
		ret = -ERR_ENV;
	if (ret == 1)
		ps->unchecked = 1;
	return ret;
}

static int pg_open_reader(struct store *s, struct store **out, struct error *e);

static const struct store_ops pg_ops = {
	.name = "postgresql",
	.close = pg_close,
	.tx_begin = pg_tx_begin,
	.tx_commit = pg_tx_commit,
	.tx_rollback = pg_tx_rollback,
	.tenants = &pg_tenants_ops,
	.imports = &pg_imports_ops,
	.parties = &pg_parties_ops,
	.ledger = &pg_ledger_ops,
	.history = &pg_history_ops,
	.rules_config = &pg_rules_config_ops,
	.reports = &pg_reports_ops,
	.risk = &pg_risk_ops,
	.users = &pg_users_ops,
	.account = &pg_account_ops,
	.strategies = &pg_strategies_ops,
	.actions = &pg_actions_ops,
	.assignments = &pg_assignments_ops,
	.audit = &pg_audit_ops,
	.holds = &pg_holds_ops,
	.agreements = &pg_agreements_ops,
	.auth = &pg_auth_ops,
	.disputes = &pg_disputes_ops,
	.credit = &pg_credit_ops,
	.returned = &pg_returned_ops,
	.promises = &pg_promises_ops,
	.escalation = &pg_escalation_ops,
	.channels = &pg_channels_ops,
	.documents = &pg_documents_ops,
	.dashboard = &pg_dashboard_ops,
	.tx_broken = pg_tx_broken,
	.queue_balances_of = pg_queue_balances_of,
	.data_stamp = pg_data_stamp,
	.savepoint = pg_savepoint,
	.release = pg_release,
	.rollback_to = pg_rollback_to,
	.check_references = pg_check_references,
	.open_reader = pg_open_reader,
	.others_version = pg_others_version,
};

/*
 * Connects with everything the URL says (sslmode, options=-c
 * statement_timeout=..., a password from PGPASSFILE: libpq's own), and
 * application_name "recoup" unless the URL or PGAPPNAME names one, so that
 * an operator tells recoup's sessions apart in pg_stat_activity and the
 * server log.
 */
static PGconn *connect_url(const char *url)
{
	const char *const keys[] = { "dbname", "fallback_application_name", NULL };
	const char *const values[] = { url, "recoup", NULL };

	return PQconnectdbParams(keys, values, 1);
}

/*
 * A session of `url` in a new store (ps->url for messages): connected, its
 * notices ignored, its settings made (session_sql). NULL with `e` set, and
 * nothing left open, when it cannot.
 */
static struct pg_store *pg_session(const char *url, const char *what, struct error *e)
{
	struct pg_store *ps = calloc(1, sizeof(*ps));

	if (!ps) {
		error_set(e, ERR_ENV, "out of memory");
		return NULL;
	}
	ps->base.ops = &pg_ops;
	store_url_for_messages(url, ps->url, sizeof(ps->url));
	ps->conn = connect_url(url);
	if (!ps->conn) {
		free(ps);
		error_set(e, ERR_ENV, "out of memory");
		return NULL;
	}
	if (PQstatus(ps->conn) != CONNECTION_OK) {
		pg_error(ps, e, what);
		pg_close(&ps->base);
		return NULL;
	}
	PQsetNoticeProcessor(ps->conn, ignore_notice, NULL);
	if (pg_exec_text(ps, session_sql, e) < 0) {
		pg_close(&ps->base);
		return NULL;
	}
	return ps;
}

int store_pg_open(const char *url, struct store **out, struct error *e)
{
	struct pg_store *ps;
	int ret;

	*out = NULL;
	ret = pq_dl_open(e);
	if (ret < 0)
		return ret;
	ps = pg_session(url, "cannot connect", e);
	if (!ps)
		return -ERR_ENV;
	ps->conninfo = strdup(url);
	ret = ps->conninfo ? migrate(ps, e) : error_set(e, ERR_ENV, "out of memory");
	if (ret < 0) {
		pg_close(&ps->base);
		return ret;
	}
	*out = &ps->base;
	return 0;
}

/*
 * store_open_reader: a second session on the same database, as the first
 * was opened (the migrations are the first's business, done). The server
 * runs each session in a process of its own: the daily run's reads
 * (app/run.c, its reader) then run on the server's second core beside the
 * walk's writes, as SQLite's second connection reads beside them in this
 * process. It writes nothing, as SQLite's reader is query_only: its write
 * transactions begin READ ONLY (per transaction: a session's
 * default_transaction_read_only would stay on a server session that a pooler
 * in transaction mode then hands to a writer).
 */
static int pg_open_reader(struct store *s, struct store **out, struct error *e)
{
	struct pg_store *ps = (struct pg_store *)s, *r;

	*out = NULL;
	if (!ps->conninfo)
		return 0;
	r = pg_session(ps->conninfo, "cannot connect a second session", e);
	if (!r)
		return -ERR_ENV;
	r->reader = 1;
	*out = &r->base;
	return 1;
}

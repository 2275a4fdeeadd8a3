/*
 * The log written a transaction at a time (src/store/sqlite/walbuf.c): a
 * commit's frames are all in the file when the commit returns, another
 * connection reads them, a transaction past the VFS's limit (8 MiB) and in
 * many pieces is whole, and a process that dies in the middle of a
 * transaction leaves the commits before it and nothing of it. Run twice
 * (CMakeLists.txt): as it is, and with RECOUP_WALBUF_BARRIER_ONLY=1, where
 * only the barrier before a commit's publication writes the log.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/error.h"
#include "store/store.h"

static char path[512], wal[600];
static int hook_frames;
static long long hook_file_size;

static long long file_size(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 ? (long long)st.st_size : -1;
}

/* after each commit: the frames SQLite counts in the log, and the log's size in the file then */
static int on_commit(void *arg, sqlite3 *db, const char *name, int frames)
{
	(void)arg;
	(void)db;
	(void)name;
	hook_frames = frames;
	hook_file_size = file_size(wal);
	return SQLITE_OK;
}

static sqlite3 *open_db(void)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; "
				      "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	return db;
}

static long long count_rows(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	long long n = -1;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void assert_intact(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
}

static int setup(void **state)
{
	struct store *s = NULL;
	struct error e = ERROR_INIT;

	(void)state;
	snprintf(path, sizeof(path), "%s/recoup-walbuf-%d.db", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		 (int)getpid());
	snprintf(wal, sizeof(wal), "%s-wal", path);
	unlink(path);
	unlink(wal);
	/* the store's first open sets SQLite up, the VFS with it */
	assert_int_equal(store_open(path, &s, &e), 0);
	store_close(s);
	unlink(path);
	unlink(wal);
	return 0;
}

static int teardown(void **state)
{
	char shm[600];
	(void)state;
	snprintf(shm, sizeof(shm), "%s-shm", path);
	unlink(path);
	unlink(wal);
	unlink(shm);
	return 0;
}

static void test_default_vfs(void **state)
{
	(void)state;
	assert_string_equal(sqlite3_vfs_find(NULL)->zName, "recoup-walbuf");
}

/* A commit of ~10 MB (past the 8 MiB kept, in many pieces): all of it in the file at the commit, read by another connection. */
static void test_commit_in_file(void **state)
{
	sqlite3 *a = open_db(), *b;

	(void)state;
	sqlite3_wal_hook(a, on_commit, NULL);
	assert_int_equal(sqlite3_exec(a, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	assert_true(hook_frames > 0);
	assert_true(hook_file_size >= 32 + (long long)hook_frames * (16384 + 24));
	assert_int_equal(
		sqlite3_exec(a,
			     "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
			     "INSERT INTO t SELECT randomblob(5000) FROM n; COMMIT",
			     NULL, NULL, NULL),
		SQLITE_OK);
	assert_true(hook_frames > 600);
	assert_true(hook_file_size >= 32 + (long long)hook_frames * (16384 + 24));
	/* small commits after it: each one's frames in the file too */
	for (int i = 0; i < 5; i++) {
		assert_int_equal(sqlite3_exec(a, "INSERT INTO t VALUES (randomblob(100))", NULL, NULL, NULL),
				 SQLITE_OK);
		assert_true(hook_file_size >= 32 + (long long)hook_frames * (16384 + 24));
	}
	b = open_db();
	assert_int_equal(count_rows(b), 2005);
	assert_intact(b);
	sqlite3_close(b);
	sqlite3_close(a);
}

/*
 * A process that dies (no close, no commit) in a transaction of ~10 MB
 * after two commits: the next connection finds the two commits whole and
 * nothing of the third, the book intact.
 */
static void test_crash_mid_transaction(void **state)
{
	pid_t pid;
	int status = 0;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sqlite3 *a = open_db();
		if (sqlite3_exec(a, "CREATE TABLE t(x); INSERT INTO t VALUES (1)", NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(a,
				 "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) "
				 "INSERT INTO t SELECT randomblob(5000) FROM n; COMMIT",
				 NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(
			    a,
			    "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
			    "INSERT INTO t SELECT randomblob(5000) FROM n",
			    NULL, NULL, NULL) != SQLITE_OK)
			_exit(2);
		_exit(0); /* as a kill -9 would: nothing closed, nothing flushed */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	{
		sqlite3 *b = open_db();
		assert_int_equal(count_rows(b), 301);
		assert_intact(b);
		sqlite3_close(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_default_vfs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_in_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crash_mid_transaction, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

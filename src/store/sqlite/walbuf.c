/*
 * walbuf.c: SQLite's log written in whole transactions, not frame by frame.
 *
 * SQLite appends a frame to the write-ahead log in two writes, its 24-byte
 * header and then its page (wal.c, walWriteOneFrame): the daily run's next
 * day at 1M customers made 15,500 of them for 7,764 frames on the walk's
 * thread, 14% of its time in the kernel's write path. The same bytes
 * written in runs of 8 frames took 31 ms against 68 ms, of 64 frames 24 ms
 * (a scratch program, this machine). This VFS, registered as the process's
 * default over SQLite's own (store_sqlite_open), keeps a log's contiguous
 * appends in memory and writes them in one call when
 *   - the frame written is the last of a commit (its header's "database
 *     size after commit" is not 0): the whole transaction's frames reach
 *     the file before wal.c goes on to publish the commit in the shared
 *     index (walIndexWriteHdr, after every frame's write returned), and a
 *     failed write fails the commit as it did;
 *   - the log is synced, truncated, read, sized, closed, or written
 *     elsewhere than at the end of what is kept;
 *   - what is kept passes WALBUF_MAX.
 * And, a second guard, at the barrier between the two writes of the shared
 * index's header that publish a commit. Frames not yet written are a transaction not yet committed: a crash loses
 * them as it lost them before (SQLite's recovery reads the file, and no
 * other connection reads a frame before its commit is published). Every
 * other file (the database, its journal, temporary files) goes through
 * SQLite's VFS as it did.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_int.h"

/* Bytes of a log's appends kept before they are written (a chunk of the run commits about 2.5 MB). */
#define WALBUF_MAX       (8 << 20)
#define WAL_FRAME_HEADER 24

struct wb_file {
	sqlite3_file base;
	sqlite3_file *real; /* SQLite's own, allocated right after this struct */
	int wal;            /* a log: its appends are kept */
	char *buf;
	size_t n, cap;
	sqlite3_int64 at;  /* the file offset of buf[0] */
	int commit_header; /* the last header kept was a commit frame's: write out after its page */
	/* a database's: its log's (wb_open of the log sets it, its close clears it); a log's: its database's */
	struct wb_file *link;
};

/* RECOUP_WALBUF_BARRIER_ONLY=1 (tests): no write at a commit's frame, the barrier's alone */
static int barrier_only;

static sqlite3_vfs *wb_real;
static sqlite3_vfs wb_vfs;

/*
 * SQLite's unix VFS writes at most 0x1ffff bytes a call (seekAndWrite masks
 * the count: it never writes more than a page and a header) and reports the
 * rest as a full disk: what is kept goes in pieces below that, 31 pages of
 * 4 KiB each.
 */
#define WALBUF_PIECE (31 * 4096)

static int wb_flush(struct wb_file *f)
{
	int rc = SQLITE_OK;

	for (size_t at = 0; at < f->n && rc == SQLITE_OK; at += WALBUF_PIECE) {
		size_t n = f->n - at < WALBUF_PIECE ? f->n - at : WALBUF_PIECE;
		rc = f->real->pMethods->xWrite(f->real, f->buf + at, (int)n, f->at + (sqlite3_int64)at);
	}
	f->n = 0;
	f->commit_header = 0;
	return rc;
}

static int wb_close(sqlite3_file *p)
{
	struct wb_file *f = (struct wb_file *)p;
	int rc = wb_flush(f);

	if (f->link && f->link->link == f)
		f->link->link = NULL;
	f->link = NULL;
	int rc2 = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;

	free(f->buf);
	f->buf = NULL;
	return rc != SQLITE_OK ? rc : rc2;
}

static int wb_read(sqlite3_file *p, void *out, int amount, sqlite3_int64 offset)
{
	struct wb_file *f = (struct wb_file *)p;
	int rc = wb_flush(f);

	return rc != SQLITE_OK ? rc : f->real->pMethods->xRead(f->real, out, amount, offset);
}

static int wb_write(sqlite3_file *p, const void *data, int amount, sqlite3_int64 offset)
{
	struct wb_file *f = (struct wb_file *)p;
	int rc;

	if (!f->wal || amount <= 0)
		return f->real->pMethods->xWrite(f->real, data, amount, offset);
	if (f->n && offset != f->at + (sqlite3_int64)f->n) {
		rc = wb_flush(f);
		if (rc != SQLITE_OK)
			return rc;
	}
	if (f->n + (size_t)amount > f->cap) {
		size_t cap = f->cap ? f->cap : 1 << 20;
		char *b = NULL;
		while (cap < f->n + (size_t)amount)
			cap *= 2;
		if (cap <= WALBUF_MAX)
			b = realloc(f->buf, cap);
		if (!b) {
			/* past the limit, or no memory: what is kept, then this write, as SQLite would */
			rc = wb_flush(f);
			return rc != SQLITE_OK ? rc : f->real->pMethods->xWrite(f->real, data, amount, offset);
		}
		f->buf = b;
		f->cap = cap;
	}
	if (!f->n)
		f->at = offset;
	memcpy(f->buf + f->n, data, (size_t)amount);
	f->n += (size_t)amount;
	if (amount == WAL_FRAME_HEADER) {
		const unsigned char *h = data;
		/* bytes 4-7, big-endian: the database's size in pages after a commit, 0 in other frames */
		f->commit_header = (h[4] | h[5] | h[6] | h[7]) != 0;
		return SQLITE_OK;
	}
	return (f->commit_header && !barrier_only) || f->n >= WALBUF_MAX ? wb_flush(f) : SQLITE_OK;
}

static int wb_truncate(sqlite3_file *p, sqlite3_int64 size)
{
	struct wb_file *f = (struct wb_file *)p;
	int rc = wb_flush(f);

	return rc != SQLITE_OK ? rc : f->real->pMethods->xTruncate(f->real, size);
}

static int wb_sync(sqlite3_file *p, int flags)
{
	struct wb_file *f = (struct wb_file *)p;
	int rc = wb_flush(f);

	return rc != SQLITE_OK ? rc : f->real->pMethods->xSync(f->real, flags);
}

static int wb_file_size(sqlite3_file *p, sqlite3_int64 *size)
{
	struct wb_file *f = (struct wb_file *)p;
	int rc = wb_flush(f);

	return rc != SQLITE_OK ? rc : f->real->pMethods->xFileSize(f->real, size);
}

/* The rest as SQLite's own. */
#define REAL(p) (((struct wb_file *)(p))->real)
static int wb_lock(sqlite3_file *p, int l)
{
	return REAL(p)->pMethods->xLock(REAL(p), l);
}
static int wb_unlock(sqlite3_file *p, int l)
{
	return REAL(p)->pMethods->xUnlock(REAL(p), l);
}
static int wb_check_reserved(sqlite3_file *p, int *out)
{
	return REAL(p)->pMethods->xCheckReservedLock(REAL(p), out);
}
static int wb_file_control(sqlite3_file *p, int op, void *arg)
{
	return REAL(p)->pMethods->xFileControl(REAL(p), op, arg);
}
static int wb_sector_size(sqlite3_file *p)
{
	return REAL(p)->pMethods->xSectorSize(REAL(p));
}
static int wb_device_characteristics(sqlite3_file *p)
{
	return REAL(p)->pMethods->xDeviceCharacteristics(REAL(p));
}
static int wb_shm_map(sqlite3_file *p, int page, int size, int extend, void volatile **out)
{
	return REAL(p)->pMethods->xShmMap(REAL(p), page, size, extend, out);
}
static int wb_shm_lock(sqlite3_file *p, int offset, int n, int flags)
{
	return REAL(p)->pMethods->xShmLock(REAL(p), offset, n, flags);
}
/*
 * wal.c publishes a commit by writing the shared index's header twice with
 * a barrier between (walIndexWriteHdr): the log's frames kept are written
 * here too, before the second copy makes the commit visible. A second
 * guard: the commit's frame wrote them already, unless a later SQLite
 * writes a frame otherwise than header then page; an error here cannot be
 * returned (the commit's frame reports it).
 */
static void wb_shm_barrier(sqlite3_file *p)
{
	struct wb_file *f = (struct wb_file *)p;

	if (f->link)
		(void)wb_flush(f->link);
	REAL(p)->pMethods->xShmBarrier(REAL(p));
}
static int wb_shm_unmap(sqlite3_file *p, int delete_flag)
{
	return REAL(p)->pMethods->xShmUnmap(REAL(p), delete_flag);
}
static int wb_fetch(sqlite3_file *p, sqlite3_int64 offset, int amount, void **out)
{
	struct wb_file *f = (struct wb_file *)p;
	int rc = wb_flush(f);

	return rc != SQLITE_OK ? rc : f->real->pMethods->xFetch(f->real, offset, amount, out);
}
static int wb_unfetch(sqlite3_file *p, sqlite3_int64 offset, void *page)
{
	return REAL(p)->pMethods->xUnfetch(REAL(p), offset, page);
}

/* SQLite's unix files are version 3 (shared memory and memory mapping): so are these. */
static const sqlite3_io_methods wb_io = {
	3,
	wb_close,
	wb_read,
	wb_write,
	wb_truncate,
	wb_sync,
	wb_file_size,
	wb_lock,
	wb_unlock,
	wb_check_reserved,
	wb_file_control,
	wb_sector_size,
	wb_device_characteristics,
	wb_shm_map,
	wb_shm_lock,
	wb_shm_barrier,
	wb_shm_unmap,
	wb_fetch,
	wb_unfetch,
};

static sqlite3_io_methods wb_io1, wb_io2; /* wb_io as versions 1 and 2 (sq_walbuf_register) */

static int wb_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *p, int flags, int *out_flags)
{
	struct wb_file *f = (struct wb_file *)p;
	int rc;

	(void)vfs;
	memset(f, 0, sizeof(*f));
	f->real = (sqlite3_file *)(f + 1);
	rc = wb_real->xOpen(wb_real, name, f->real, flags, out_flags);
	if (rc != SQLITE_OK) {
		/* SQLite calls xClose only on a file whose pMethods is set */
		if (f->real->pMethods)
			f->real->pMethods->xClose(f->real);
		f->base.pMethods = NULL;
		return rc;
	}
	f->wal = (flags & SQLITE_OPEN_WAL) != 0;
	if (f->wal && name) {
		/* its database, opened through this VFS by the same connection before it */
		sqlite3_file *db = sqlite3_database_file_object(name);
		if (db && db->pMethods && db->pMethods->xClose == wb_close) {
			f->link = (struct wb_file *)db;
			f->link->link = f;
		}
	}
	/* as many methods as SQLite's own file has (a locking style without shared memory has fewer) */
	f->base.pMethods = f->real->pMethods->iVersion >= 3   ? &wb_io
			   : f->real->pMethods->iVersion == 2 ? &wb_io2
							      : &wb_io1;
	return SQLITE_OK;
}

/* Everything but xOpen: SQLite's own. */
static int wb_delete(sqlite3_vfs *v, const char *name, int sync_dir)
{
	(void)v;
	return wb_real->xDelete(wb_real, name, sync_dir);
}
static int wb_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
	(void)v;
	return wb_real->xAccess(wb_real, name, flags, out);
}
static int wb_full_pathname(sqlite3_vfs *v, const char *name, int n, char *out)
{
	(void)v;
	return wb_real->xFullPathname(wb_real, name, n, out);
}
static void *wb_dlopen(sqlite3_vfs *v, const char *name)
{
	(void)v;
	return wb_real->xDlOpen(wb_real, name);
}
static void wb_dlerror(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	wb_real->xDlError(wb_real, n, out);
}
static void (*wb_dlsym(sqlite3_vfs *v, void *h, const char *sym))(void)
{
	(void)v;
	return wb_real->xDlSym(wb_real, h, sym);
}
static void wb_dlclose(sqlite3_vfs *v, void *h)
{
	(void)v;
	wb_real->xDlClose(wb_real, h);
}
static int wb_randomness(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return wb_real->xRandomness(wb_real, n, out);
}
static int wb_sleep(sqlite3_vfs *v, int us)
{
	(void)v;
	return wb_real->xSleep(wb_real, us);
}
static int wb_current_time(sqlite3_vfs *v, double *out)
{
	(void)v;
	return wb_real->xCurrentTime(wb_real, out);
}
static int wb_last_error(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return wb_real->xGetLastError(wb_real, n, out);
}
static int wb_current_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
	(void)v;
	return wb_real->xCurrentTimeInt64(wb_real, out);
}
static int wb_set_syscall(sqlite3_vfs *v, const char *name, sqlite3_syscall_ptr fn)
{
	(void)v;
	return wb_real->xSetSystemCall(wb_real, name, fn);
}
static sqlite3_syscall_ptr wb_get_syscall(sqlite3_vfs *v, const char *name)
{
	(void)v;
	return wb_real->xGetSystemCall(wb_real, name);
}
static const char *wb_next_syscall(sqlite3_vfs *v, const char *name)
{
	(void)v;
	return wb_real->xNextSystemCall(wb_real, name);
}

int sq_walbuf_register(void)
{
	wb_real = sqlite3_vfs_find(NULL);
	if (!wb_real || wb_real->iVersion < 3)
		return SQLITE_ERROR;
	barrier_only = getenv("RECOUP_WALBUF_BARRIER_ONLY") && !strcmp(getenv("RECOUP_WALBUF_BARRIER_ONLY"), "1");
	wb_io1 = wb_io;
	wb_io1.iVersion = 1;
	wb_io2 = wb_io;
	wb_io2.iVersion = 2;
	wb_vfs = (sqlite3_vfs){
		3,
		(int)sizeof(struct wb_file) + wb_real->szOsFile,
		wb_real->mxPathname,
		NULL,
		"recoup-walbuf",
		NULL,
		wb_open,
		wb_delete,
		wb_access,
		wb_full_pathname,
		wb_dlopen,
		wb_dlerror,
		wb_dlsym,
		wb_dlclose,
		wb_randomness,
		wb_sleep,
		wb_current_time,
		wb_last_error,
		wb_current_time64,
		wb_set_syscall,
		wb_get_syscall,
		wb_next_syscall,
	};
	return sqlite3_vfs_register(&wb_vfs, 1);
}

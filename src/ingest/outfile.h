/*
 * outfile.h: every file a command writes goes through here.
 *
 * What a user types after --out or --rejects must never destroy something
 * else: the database, its -wal/-shm/-journal companions, or a file the same
 * command is reading. And a command that fails must not leave half a file,
 * nor have truncated the file that was there before. So:
 *
 *   - outfile_open() refuses (-ERR_INPUT, naming the path and why) a path
 *     that is one of the `protect` paths. Two paths are the same file when
 *     both exist and have the same device and inode (so "./x.db", "x.db"
 *     and a symlink to it all match); when either does not exist yet, when
 *     their resolved parent directories and last names match.
 *   - it refuses an existing output unless `force` ("'out.csv' exists; use
 *     --force to overwrite it"), and a directory always.
 *   - the data goes to a temporary file made by mkstemp() in the folder of
 *     the final file (".NAME.XXXXXX"), so that the rename stays on one file
 *     system. outfile_commit() flushes, fsyncs and renames it into place;
 *     outfile_abort() removes it. Until the commit the old file is intact.
 *   - an existing symlink is followed: the file it points to is replaced.
 *     An existing non-regular file (a FIFO, /dev/null, /dev/stderr) is
 *     written directly, since it cannot be half-written or renamed over.
 *
 * Ownership: outfile_open() allocates the handle; exactly one of
 * outfile_commit() and outfile_abort() frees it (both accept NULL).
 */
#ifndef RECOUP_OUTFILE_H
#define RECOUP_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "core/error.h"

struct outfile;

/* A path that must not be written, and what it is for the message ("the database"). */
struct outfile_protect {
	const char *path;
	const char *what;
};

/*
 * Opens `path` for writing as above. `protect` lists `nprotect` paths that
 * must not be written (a NULL path is skipped). Returns 0 or -ERR_INPUT (a
 * refused path: "'x.db' is the database; refusing to write over it") or
 * -ERR_ENV (the file system failed); *out is NULL then.
 */
int outfile_open(struct outfile **out, const char *path, const struct outfile_protect *protect, size_t nprotect,
		 int force, struct error *e);

/* The stream to write to; valid until commit or abort. */
FILE *outfile_stream(struct outfile *f);

/*
 * The file the data goes to until the commit: the temporary, or the path
 * itself when written directly. For a writer that opens the file by name
 * (a database backup) rather than through outfile_stream().
 */
const char *outfile_write_path(const struct outfile *f);

/* The path as given to outfile_open(). */
const char *outfile_path(const struct outfile *f);

/*
 * Flushes, fsyncs and renames the temporary file into place, then frees f.
 * -ERR_ENV when any step failed: then the temporary is removed, the old file
 * is left as it was, and f is freed all the same. (Tests set the
 * environment variable RECOUP_TEST_FAIL_COMMIT to make it fail with EIO.)
 */
int outfile_commit(struct outfile *f, struct error *e);

/* Removes the temporary file and frees f. Accepts NULL. */
void outfile_abort(struct outfile *f);

/*
 * Same file as outfile_open() understands it: 1 when `a` and `b` name the
 * same file (or would, once created), else 0.
 */
int outfile_same(const char *a, const char *b);

#endif

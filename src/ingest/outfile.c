#include "ingest/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct outfile {
	char *path;  /* as given, for messages */
	char *final; /* where the data ends up (a symlink resolved) */
	char *tmp;   /* the temporary, or NULL when written directly */
	FILE *fp;
};

/* Splits `path` into its resolved parent directory and its last name; -1 when out of memory. */
static int resolve_parent(const char *path, char **dir, const char **base)
{
	const char *slash = strrchr(path, '/');
	char *parent;
	char resolved[PATH_MAX];

	if (!slash) {
		parent = strdup(".");
		*base = path;
	} else {
		parent = strndup(path, slash == path ? 1 : (size_t)(slash - path));
		*base = slash + 1;
	}
	if (!parent)
		return -1;
	if (realpath(parent, resolved)) {
		free(parent);
		parent = strdup(resolved);
		if (!parent)
			return -1;
	}
	*dir = parent;
	return 0;
}

int outfile_same(const char *a, const char *b)
{
	struct stat sa, sb;
	int ea = stat(a, &sa) == 0;
	int eb = stat(b, &sb) == 0;
	char *da = NULL, *db = NULL;
	const char *na, *nb;
	int same = 0;

	if (ea && eb)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (ea != eb)
		return 0;
	if (resolve_parent(a, &da, &na) == 0 && resolve_parent(b, &db, &nb) == 0)
		same = !strcmp(da, db) && !strcmp(na, nb);
	free(da);
	free(db);
	return same;
}

static void outfile_free(struct outfile *f)
{
	if (!f)
		return;
	free(f->path);
	free(f->final);
	free(f->tmp);
	free(f);
}

/* The temporary gets the mode the file would have had from fopen(), or the old file's. */
static void set_mode(int fd, const struct stat *old)
{
	mode_t mask;

	if (old) {
		fchmod(fd, old->st_mode & 07777);
		return;
	}
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
}

int outfile_open(struct outfile **out, const char *path, const struct outfile_protect *protect, size_t nprotect,
		 int force, struct error *e)
{
	struct outfile *f = NULL;
	struct stat st;
	int exists;
	char *dir = NULL;
	const char *base;
	size_t need;
	int fd, ret = 0;

	*out = NULL;
	if (!path[0])
		return error_set(e, ERR_INPUT, "the output file name is empty");
	for (size_t i = 0; i < nprotect; i++) {
		const char *p = protect[i].path;
		if (p && outfile_same(path, p)) {
			if (!strcmp(path, p))
				return error_set(e, ERR_INPUT, "'%s' is %s; refusing to write over it", path,
						 protect[i].what);
			return error_set(e, ERR_INPUT, "'%s' is %s '%s'; refusing to write over it", path,
					 protect[i].what, p);
		}
	}
	exists = stat(path, &st) == 0;
	if (exists && S_ISDIR(st.st_mode))
		return error_set(e, ERR_INPUT, "'%s' is a directory, not a file", path);
	if (exists && S_ISREG(st.st_mode) && !force)
		return error_set(e, ERR_INPUT, "'%s' exists; use --force to overwrite it", path);

	f = calloc(1, sizeof(*f));
	if (!f)
		goto oom;
	f->path = strdup(path);
	if (!f->path)
		goto oom;
	if (exists && !S_ISREG(st.st_mode)) {
		/* a device or a FIFO: nothing to truncate or rename over */
		f->fp = fopen(path, "w");
		if (!f->fp) {
			ret = error_set(e, ERR_ENV, "cannot write '%s': %s", path, strerror(errno));
			goto fail;
		}
		*out = f;
		return 0;
	}
	if (exists) {
		char resolved[PATH_MAX];
		f->final = strdup(realpath(path, resolved) ? resolved : path);
	} else {
		f->final = strdup(path);
	}
	if (!f->final || resolve_parent(f->final, &dir, &base) < 0)
		goto oom;
	need = strlen(dir) + strlen(base) + 16;
	f->tmp = malloc(need);
	if (!f->tmp)
		goto oom;
	snprintf(f->tmp, need, "%s/.%s.XXXXXX", dir, base);
	fd = mkstemp(f->tmp);
	if (fd < 0) {
		ret = error_set(e, ERR_ENV, "cannot write '%s': %s", path, strerror(errno));
		free(f->tmp);
		f->tmp = NULL;
		goto fail;
	}
	set_mode(fd, exists ? &st : NULL);
	f->fp = fdopen(fd, "w");
	if (!f->fp) {
		ret = error_set(e, ERR_ENV, "cannot write '%s': %s", path, strerror(errno));
		close(fd);
		goto fail;
	}
	free(dir);
	*out = f;
	return 0;
oom:
	ret = error_set(e, ERR_ENV, "out of memory");
fail:
	free(dir);
	if (f && f->tmp)
		unlink(f->tmp);
	outfile_free(f);
	return ret;
}

FILE *outfile_stream(struct outfile *f)
{
	return f->fp;
}

const char *outfile_write_path(const struct outfile *f)
{
	return f->tmp ? f->tmp : f->final;
}

const char *outfile_path(const struct outfile *f)
{
	return f->path;
}

/* Makes the rename itself durable; a failure here loses nothing that was promised. */
static void sync_parent(const char *final)
{
	char *dir = NULL;
	const char *base;
	int fd;

	if (resolve_parent(final, &dir, &base) < 0)
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int outfile_commit(struct outfile *f, struct error *e)
{
	int ret = 0;
	int failed;

	if (!f)
		return 0;
	failed = fflush(f->fp) != 0 || ferror(f->fp);
	if (!failed && getenv("RECOUP_TEST_FAIL_COMMIT")) {
		/* fault injection for the tests: a disk that fails at the last moment */
		errno = EIO;
		failed = 1;
	}
	if (!failed && f->tmp && fsync(fileno(f->fp)) != 0)
		failed = 1;
	if (failed)
		ret = error_set(e, ERR_ENV, "cannot write '%s': %s", f->path, strerror(errno));
	if (fclose(f->fp) != 0 && ret == 0)
		ret = error_set(e, ERR_ENV, "cannot write '%s': %s", f->path, strerror(errno));
	f->fp = NULL;
	if (ret == 0 && f->tmp) {
		if (rename(f->tmp, f->final) != 0)
			ret = error_set(e, ERR_ENV, "cannot write '%s': %s", f->path, strerror(errno));
		else
			sync_parent(f->final);
	}
	if (ret < 0 && f->tmp)
		unlink(f->tmp);
	outfile_free(f);
	return ret;
}

void outfile_abort(struct outfile *f)
{
	if (!f)
		return;
	if (f->fp)
		fclose(f->fp);
	if (f->tmp)
		unlink(f->tmp);
	outfile_free(f);
}

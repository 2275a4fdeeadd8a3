/*
 * api_static.c: the workspace's files (GET /, /{file}, /vendor/{file}):
 * the pages, scripts and styles under the --web directory (web/ of the
 * source tree, or share/recoup/web once installed), with the libraries
 * install-deps vendored into web/vendor/. docs/workspace.md.
 *
 * A file is named by one path segment of letters, digits, '.', '-' and
 * '_', not starting with '.', with an extension of the table below:
 * nothing else is opened, so no request reaches outside the directory
 * (no "..", no hidden file, no second level but vendor/, no symbolic
 * link: O_NOFOLLOW) and no file is served with a type the browser guesses.
 *
 * Caching: every answer carries an ETag (size and modification time) and
 * `Cache-Control: no-cache`, so the browser keeps the file and asks again
 * each time with If-None-Match (one tag, a list, W/ or *: etag_listed),
 * answered 304 with no body: a file changed
 * by an upgrade is seen at the next load, and an unchanged one costs a
 * round trip on loopback. Pages carry a Content-Security-Policy that allows
 * only this origin's scripts, styles and requests (no inline script, no
 * eval, no CDN), and are never framed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/api.h"
#include "http/router.h"

/* Larger files do not belong in the workspace (htmx, the largest, is 171 KB). */
#define STATIC_FILE_MAX (4u << 20)
#define STATIC_NAME_MAX 128

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			  "font-src 'self'; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; "
			  "frame-ancestors 'none'";

static const struct {
	const char *ext, *type;
	int page;
} types[] = {
	{ ".html", "text/html; charset=utf-8", 1 },
	{ ".js", "text/javascript; charset=utf-8", 0 },
	{ ".mjs", "text/javascript; charset=utf-8", 0 },
	{ ".css", "text/css; charset=utf-8", 0 },
	{ ".svg", "image/svg+xml", 0 },
	{ ".png", "image/png", 0 },
	{ ".ico", "image/x-icon", 0 },
	{ ".json", "application/json", 0 },
	{ ".woff2", "font/woff2", 0 },
	{ ".txt", "text/plain; charset=utf-8", 0 },
};

static int name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > STATIC_NAME_MAX || name[0] == '.')
		return 0;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '-' || *p == '_'))
			return 0;
	return 1;
}

/* The index into types[] of name's extension, -1 when it has none of them. */
static int type_of(const char *name)
{
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(dot, types[i].ext))
			return (int)i;
	return -1;
}

static int not_found(struct http_request *rq, const char *name)
{
	return http_error(rq, 404, "not_found", "", "no file '%.128s' in the workspace", name);
}

/* The whole file into rs->text (from the arena): 0, or -1 with rq->fail set. */
static int read_whole(struct http_request *rq, struct http_response *rs, int fd, size_t size)
{
	char *buf = arena_alloc(rq->arena, size + 1);
	size_t got = 0;

	if (!buf)
		return http_error(rq, 500, "environment", "", "out of memory");
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return http_error(rq, 500, "environment", "", "cannot read a file of the workspace");
		got += (size_t)n;
	}
	rs->text = buf;
	rs->text_len = size;
	return 0;
}

/*
 * 1 when an If-None-Match value names etag: "*", or a list of entity tags
 * separated by commas of which one is etag, compared weakly (a "W/" prefix
 * is ignored, RFC 9110 13.1.2), as a cache between may send it.
 */
static int etag_listed(const char *list, const char *etag)
{
	size_t n = strlen(etag);
	const char *p = list;

	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (!strncmp(p, "W/", 2))
			p += 2;
		if (!strncmp(p, etag, n) && (p[n] == '\0' || p[n] == ',' || p[n] == ' ' || p[n] == '\t'))
			return 1;
		if (*p == '"') { /* past this tag: its closing quote (a tag holds no quote) */
			const char *q = strchr(p + 1, '"');
			if (!q)
				return 0;
			p = q + 1;
		}
		while (*p && *p != ',')
			p++;
	}
	return 0;
}

/* ETag and caching headers, and the page's policy; 1 when the client's copy is current (304). */
static int add_headers(struct http_request *rq, struct http_response *rs, const struct stat *st, int page)
{
	char *etag = arena_alloc(rq->arena, 64);
	const char *match = http_header(rq, "If-None-Match");

	if (!etag)
		return http_error(rq, 500, "environment", "", "out of memory");
	snprintf(etag, 64, "\"%llx-%llx.%lx\"", (unsigned long long)st->st_size, (unsigned long long)st->st_mtim.tv_sec,
		 (unsigned long)st->st_mtim.tv_nsec);
	http_add_header(rs, "ETag", etag);
	http_add_header(rs, "Cache-Control", "no-cache");
	if (page) {
		http_add_header(rs, "Content-Security-Policy", csp);
		http_add_header(rs, "Referrer-Policy", "no-referrer");
	}
	return match && etag_listed(match, etag);
}

int api_static(struct http_request *rq, struct http_response *rs)
{
	const char *name = rq->nparams ? rq->params[0] : "index.html";
	const char *sub = !strncmp(rq->route->pattern, "/vendor/", 8) ? "vendor/" : "";
	char path[4096];
	struct stat st;
	int type = type_of(name), fd, ret;

	if (!rq->web_dir)
		return http_error(rq, 404, "not_found", "", "this server has no workspace (recoup serve --web DIR)");
	if (!name_ok(name) || type < 0)
		return not_found(rq, name);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s%s", rq->web_dir, sub, name) >= sizeof(path))
		return not_found(rq, name);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return not_found(rq, name);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > STATIC_FILE_MAX) {
		close(fd);
		return not_found(rq, name);
	}
	ret = add_headers(rq, rs, &st, types[type].page);
	if (ret == 1) {
		rs->status = 304;
		ret = 0;
	} else if (ret == 0) {
		rs->status = 200;
		rs->content_type = types[type].type;
		ret = read_whole(rq, rs, fd, (size_t)st.st_size);
	}
	close(fd);
	return ret;
}

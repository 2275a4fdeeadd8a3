/*
 * cmd_serve.c: recoup serve — the JSON API (docs/api.md). Parsing only:
 * the server is http/server.c.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/documents.h"
#include "cli/cli.h"
#include "http/router.h"
#include "http/server.h"

static const char usage[] =
	"usage: recoup serve [--listen ADDRESS:PORT] [--threads N] [--max-body BYTES] [--timeout SECONDS]\n"
	"                    [--grace SECONDS] [--web DIR] [--files DIR]\n"
	"       recoup serve --routes\n\n"
	"Serves the JSON API under /api/v1 (docs/api.md) on ADDRESS:PORT (default 127.0.0.1:8080;\n"
	"port 0 picks a free port). Once listening it prints 'listening on ADDRESS:PORT' on stdout;\n"
	"every request gets an access-log line on stderr. --threads workers (default 2), each with\n"
	"its own database connection; bodies over --max-body bytes (default 16777216) get 413; idle\n"
	"connections close after --timeout seconds (default 30). SIGTERM or SIGINT stops accepting,\n"
	"lets the requests in flight finish (at most --grace seconds, default 30) and exits 0.\n"
	"Sign-ins without a tenant go to --tenant's. --routes prints the route table.\n"
	"The workspace (GET /, docs/workspace.md) is served from --web DIR (default: share/recoup/web\n"
	"beside an installed binary, else the source tree's web/).\n"
	"Documents' files are kept under --files, else $RECOUP_FILES, else beside the database\n"
	"(docs/documents.md).\n";

/* "A.B.C.D:PORT" into address and port. */
static int parse_listen(struct cli *cli, const char *text, char *address, size_t size, unsigned *port)
{
	const char *colon = strrchr(text, ':');
	char *end;
	unsigned long p;

	if (!colon || colon == text || (size_t)(colon - text) >= size)
		return cli_usage_error(cli, &cmd_serve, "--listen '%s': expected ADDRESS:PORT", text);
	p = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || p > 65535)
		return cli_usage_error(cli, &cmd_serve, "--listen '%s': the port must be 0 to 65535", text);
	memcpy(address, text, (size_t)(colon - text));
	address[colon - text] = '\0';
	*port = (unsigned)p;
	return 0;
}

static int parse_count(struct cli *cli, const char *option, const char *text, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v = strtoul(text, &end, 10);

	if (!*text || *end || *text == '-' || v < 1 || v > max)
		return cli_usage_error(cli, &cmd_serve, "%s '%s': must be a whole number from 1 to %lu", option, text,
				       max);
	*out = v;
	return 0;
}

/* Whether dir holds the workspace (its index.html). */
static int web_dir_ok(const char *dir)
{
	char path[PATH_MAX];
	return (size_t)snprintf(path, sizeof(path), "%s/index.html", dir) < sizeof(path) && access(path, R_OK) == 0;
}

/*
 * The workspace beside an installed binary (PREFIX/bin/recoup and
 * PREFIX/share/recoup/web), else the source tree's, which a binary of the
 * build tree finds; NULL when neither is there (the API alone is served).
 */
static const char *default_web_dir(char *buf, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		if ((size_t)snprintf(buf, size, "%s/../share/recoup/web", exe) < size && web_dir_ok(buf))
			return buf;
	}
	return web_dir_ok(RECOUP_WEB_SOURCE) ? RECOUP_WEB_SOURCE : NULL;
}

static int run_serve(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "max-body", required_argument, NULL, 'b' },
		{ "timeout", required_argument, NULL, 'o' },
		{ "grace", required_argument, NULL, 'g' },
		{ "routes", no_argument, NULL, 'r' },
		{ "web", required_argument, NULL, 'w' },
		{ "files", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	struct server_options o = { 0 };
	char address[64] = "127.0.0.1", web[PATH_MAX], files[4096];
	const char *web_dir = NULL;
	const char *files_option = getenv("RECOUP_FILES");
	unsigned long threads = 2, body = 16u << 20, timeout = 30, grace = 30;
	int c, ret = 0;

	o.port = 8080;
	while (ret == 0 && (c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'l': ret = parse_listen(cli, optarg, address, sizeof(address), &o.port); break;
		case 't': ret = parse_count(cli, "--threads", optarg, 256, &threads); break;
		case 'b': ret = parse_count(cli, "--max-body", optarg, 1ul << 31, &body); break;
		case 'o': ret = parse_count(cli, "--timeout", optarg, 3600, &timeout); break;
		case 'g': ret = parse_count(cli, "--grace", optarg, 3600, &grace); break;
		case 'r': router_print(stdout); return 0;
		case 'w':
			web_dir = optarg;
			if (!web_dir_ok(web_dir))
				return cli_usage_error(cli, &cmd_serve, "--web '%s': no index.html there", optarg);
			break;
		case 'F': files_option = optarg; break;
		default: return cli_usage_error(cli, &cmd_serve, "unknown option");
		}
	}
	if (ret < 0)
		return ret;
	if (optind < argc)
		return cli_usage_error(cli, &cmd_serve, "unexpected argument '%s'", argv[optind]);
	o.db_url = cli->db_url;
	o.tenant = cli->tenant;
	o.address = address;
	o.threads = (unsigned)threads;
	o.body_max = body;
	o.timeout = (unsigned)timeout;
	o.grace = (unsigned)grace;
	o.ready = stdout;
	o.log = stderr;
	o.web_dir = web_dir ? web_dir : default_web_dir(web, sizeof(web));
	o.files_dir = files_option && *files_option ? files_option
						    : documents_dir_default(cli->db_url, files, sizeof(files));
	return server_run(&o, &cli->err);
}

const struct command cmd_serve = {
	.name = "serve",
	.summary = "serve the JSON API (sign-in, customers, payments, imports, queue)",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_serve,
};

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

#include "app/auth.h"
#include "app/documents.h"
#include "app/send.h"
#include "cli/cli.h"
#include "http/router.h"
#include "app/idempotency.h"
#include "core/profile.h"
#include "http/server.h"

static const char usage[] =
	"usage: recoup serve [--listen ADDRESS:PORT] [--threads N] [--max-body BYTES] [--timeout SECONDS]\n"
	"                    [--head-timeout SECONDS] [--max-per-address N] [--grace SECONDS]\n"
	"                    [--send-every SECONDS [--send-now TIMESTAMP]]\n"
	"                    [--tls-cert FILE --tls-key FILE] [--trusted-proxy ADDRESS[/BITS]]...\n"
	"                    [--idempotency-ttl DURATION] [--web DIR] [--files DIR]\n"
	"                    [--session-idle SECONDS]\n"
	"       recoup serve --routes\n\n"
	"Serves the JSON API under /api/v1 (docs/api.md) on ADDRESS:PORT (default 127.0.0.1:8080;\n"
	"port 0 picks a free port). Once listening it prints 'listening on ADDRESS:PORT' on stdout;\n"
	"every request gets an access-log line on stderr. --threads workers (default 2), each with\n"
	"its own database connection; bodies over --max-body bytes (default 16777216) get 413; idle\n"
	"connections close after --timeout seconds (default 30). A request's line and header fields\n"
	"must arrive whole within --head-timeout seconds (default 30) of the connection's opening,\n"
	"or on a kept-alive one of the end of its --timeout wait, else the connection is closed (a\n"
	"client sending a byte now and then holds none for ever). One client address holds at most\n"
	"--max-per-address connections at once (default 64, 0 for no limit; more are closed at once):\n"
	"behind a proxy, which is one address, raise it to the proxy's connections or set 0 and let\n"
	"the proxy limit its clients. A request target over 16 KiB gets 414, header fields over\n"
	"16 KiB together get 431. SIGTERM or SIGINT stops accepting,\n"
	"lets the requests in flight finish (at most --grace seconds, default 30) and exits 0.\n"
	"SIGHUP reads --tls-cert and --tls-key again for new connections, on the same socket; files\n"
	"that cannot be read or do not pair keep the certificate in force (the log says why).\n"
	"Sign-ins without a tenant go to --tenant's. --routes prints the route table.\n"
	"--send-every SECONDS (default: no worker) also runs `recoup send` for every tenant in a\n"
	"thread of its own, at once and then SECONDS after each round ends, under the same lock as\n"
	"the command (docs/channels.md); SIGTERM stops it between two messages. --send-now sets the\n"
	"worker's clock to TIMESTAMP at start, running on from there; as the messages leave at the\n"
	"machine's moment, it is refused (exit 2) more than 60 s from the machine's clock.\n"
	"--tls-cert and --tls-key (PEM files) serve HTTPS instead of HTTP; the session cookie is then\n"
	"Secure. X-Forwarded-For (and X-Forwarded-Proto) are believed only from a --trusted-proxy\n"
	"(an IPv4 or IPv6 address, or a CIDR range such as 10.0.0.0/8 or fd00::/8; repeat the option\n"
	"for several, at most 16): the address they name is then the\n"
	"client's in the access log, the audit trail and the sign-in lock-out. Idempotency-Key values\n"
	"are kept --idempotency-ttl (\"24h\", \"90m\", \"7d\", seconds; default 24h), then may be used again.\n"
	"The workspace (GET /, docs/workspace.md) is served from --web DIR (default: share/recoup/web\n"
	"beside an installed binary, else the source tree's web/).\n"
	"Documents' files are kept under --files, else $RECOUP_FILES, else beside the database\n"
	"(docs/documents.md).\n"
	"A session ends --session-idle seconds after its last request (default 1800, at most 43200).\n";

/* --trusted-proxy ADDRESS or ADDRESS/BITS: one more, as bytes and a prefix length. */
static int parse_proxy(struct cli *cli, const char *text, struct forwarded_addr *list, size_t *n)
{
	char why[160];

	if (*n == FORWARDED_PROXIES_MAX)
		return cli_usage_error(cli, &cmd_serve, "--trusted-proxy: at most %d addresses or ranges",
				       FORWARDED_PROXIES_MAX);
	if (forwarded_parse_range(text, &list[*n], why, sizeof(why)) < 0)
		return cli_usage_error(cli, &cmd_serve, "--trusted-proxy '%s': %s", text, why);
	(*n)++;
	return 0;
}

static int parse_ttl(struct cli *cli, const char *text, int64_t *out)
{
	if (profile_duration_parse(text, out) < 0 || *out < 1 || *out > 366 * 86400)
		return cli_usage_error(cli, &cmd_serve,
				       "--idempotency-ttl '%s': a duration from 1s to 366d (\"24h\", \"90m\", \"7d\")",
				       text);
	return 0;
}

/* --tls-cert and --tls-key: both or neither, each a readable file. */
static int read_tls(struct cli *cli, const char *cert_path, const char *key_path, char **cert, char **key)
{
	int ret;

	if (!cert_path != !key_path)
		return cli_usage_error(cli, &cmd_serve, "--tls-cert and --tls-key go together");
	if (!cert_path)
		return 0;
	ret = cli_read_file(cli, cert_path, cert);
	if (ret == 0)
		ret = cli_read_file(cli, key_path, key);
	if (ret < 0) {
		char why[ERROR_MESSAGE_MAX];
		snprintf(why, sizeof(why), "%s", cli->err.message);
		error_set_field(&cli->err, -ret, *cert ? "tls-key" : "tls-cert", "--%s: %s",
				*cert ? "tls-key" : "tls-cert", why);
	}
	return ret;
}

/* "A.B.C.D:PORT" into address and port. */
static int parse_listen(struct cli *cli, const char *text, char *address, size_t size, unsigned *port)
{
	const char *colon = strrchr(text, ':');
	long long p;

	if (!colon || colon == text || (size_t)(colon - text) >= size)
		return cli_usage_error(cli, &cmd_serve, "--listen '%s': expected ADDRESS:PORT", text);
	if (cli_int_text(colon + 1, 0, 65535, &p) < 0)
		return cli_usage_error(cli, &cmd_serve, "--listen '%s': the port must be 0 to 65535", text);
	memcpy(address, text, (size_t)(colon - text));
	address[colon - text] = '\0';
	*port = (unsigned)p;
	return 0;
}

static int parse_count(struct cli *cli, const char *option, const char *text, unsigned long max, unsigned long *out)
{
	long long v;

	if (cli_int_text(text, 1, (long long)max, &v) < 0)
		return cli_usage_error(cli, &cmd_serve, "%s '%s': must be a whole number from 1 to %lu", option, text,
				       max);
	*out = (unsigned long)v;
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
		{ "head-timeout", required_argument, NULL, 'H' },
		{ "grace", required_argument, NULL, 'g' },
		{ "routes", no_argument, NULL, 'r' },
		{ "send-every", required_argument, NULL, 's' },
		{ "send-now", required_argument, NULL, 'n' },
		{ "tls-cert", required_argument, NULL, 'C' },
		{ "tls-key", required_argument, NULL, 'K' },
		{ "trusted-proxy", required_argument, NULL, 'P' },
		{ "idempotency-ttl", required_argument, NULL, 'I' },
		{ "web", required_argument, NULL, 'w' },
		{ "files", required_argument, NULL, 'F' },
		{ "session-idle", required_argument, NULL, 'S' },
		{ "max-per-address", required_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 },
	};
	struct server_options o = { 0 };
	char address[64] = "127.0.0.1", web[PATH_MAX], files[4096];
	const char *web_dir = NULL;
	const char *files_option = getenv("RECOUP_FILES");
	unsigned long threads = 2, body = 16u << 20, timeout = 30, head_timeout = 30, grace = 30, send_every = 0;
	unsigned long session_idle = AUTH_SESSION_IDLE;
	long long per_address = SERVER_PER_ADDRESS_DEFAULT;
	struct forwarded_addr proxies[FORWARDED_PROXIES_MAX];
	size_t nproxies = 0;
	const char *cert_path = NULL, *key_path = NULL;
	char *cert = NULL, *key = NULL;
	int64_t ttl = IDEMPOTENCY_TTL_DEFAULT;
	int c, ret = 0;

	o.port = 8080;
	while (ret == 0 && (c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'l': ret = parse_listen(cli, optarg, address, sizeof(address), &o.port); break;
		case 't': ret = parse_count(cli, "--threads", optarg, 256, &threads); break;
		case 'b': ret = parse_count(cli, "--max-body", optarg, 1ul << 31, &body); break;
		case 'o': ret = parse_count(cli, "--timeout", optarg, 3600, &timeout); break;
		case 'H': ret = parse_count(cli, "--head-timeout", optarg, 3600, &head_timeout); break;
		case 'g': ret = parse_count(cli, "--grace", optarg, 3600, &grace); break;
		case 's': ret = parse_count(cli, "--send-every", optarg, 86400, &send_every); break;
		case 'n':
			if (cli_parse_timestamp(cli, &cmd_serve, "--send-now", optarg, &o.send_clock) < 0)
				return -ERR_USAGE;
			break;
		case 'r': router_print(stdout); return 0;
		case 'C': cert_path = optarg; break;
		case 'K': key_path = optarg; break;
		case 'P': ret = parse_proxy(cli, optarg, proxies, &nproxies); break;
		case 'I': ret = parse_ttl(cli, optarg, &ttl); break;
		case 'w':
			web_dir = optarg;
			if (!web_dir_ok(web_dir))
				return cli_usage_error(cli, &cmd_serve, "--web '%s': no index.html there", optarg);
			break;
		case 'F': files_option = optarg; break;
		case 'A':
			if (cli_int_text(optarg, 0, 65535, &per_address) < 0)
				ret = cli_usage_error(
					cli, &cmd_serve,
					"--max-per-address '%s': must be a whole number from 0 (no limit) to 65535",
					optarg);
			break;
		case 'S': ret = parse_count(cli, "--session-idle", optarg, AUTH_SESSION_MAX, &session_idle); break;
		default: return cli_usage_error(cli, &cmd_serve, "unknown option");
		}
	}
	if (ret < 0)
		return ret;
	if (optind < argc)
		return cli_usage_error(cli, &cmd_serve, "unexpected argument '%s'", argv[optind]);
	if (o.send_clock && !send_every)
		return cli_usage_error(cli, &cmd_serve, "--send-now needs --send-every");
	/* the worker hands messages over at the machine's moment: its clock must be the machine's (app/send.h) */
	if (o.send_clock && send_clock_check("--send-now", o.send_clock, cli_now(), &cli->err) < 0)
		return cli_usage_error(cli, &cmd_serve, "%s", cli->err.message);
	o.send_every = (unsigned)send_every;
	ret = read_tls(cli, cert_path, key_path, &cert, &key);
	if (ret < 0) {
		free(cert);
		return ret;
	}
	o.db_url = cli->db_url;
	o.tenant = cli->tenant;
	o.address = address;
	o.threads = (unsigned)threads;
	o.body_max = body;
	o.timeout = (unsigned)timeout;
	o.head_timeout = (unsigned)head_timeout;
	o.max_per_address = (unsigned)per_address;
	o.grace = (unsigned)grace;
	o.ready = stdout;
	o.log = stderr;
	o.tls_cert = cert;
	o.tls_key = key;
	o.tls_cert_path = cert_path;
	o.tls_key_path = key_path;
	o.trusted_proxies = proxies;
	o.n_trusted_proxies = nproxies;
	o.idempotency_ttl = ttl;
	o.session_idle = (int)session_idle;
	o.web_dir = web_dir ? web_dir : default_web_dir(web, sizeof(web));
	o.files_dir = files_option && *files_option ? files_option
						    : documents_dir_default(cli->db_url, files, sizeof(files));
	ret = server_run(&o, &cli->err);
	free(cert);
	if (key)
		explicit_bzero(key, strlen(key));
	free(key);
	return ret;
}

const struct command cmd_serve = {
	.name = "serve",
	.summary = "serve the JSON API (sign-in, customers, payments, imports, queue)",
	.usage = usage,
	.flags = CMD_NEEDS_DB | CMD_SERVER,
	.no_db_option = "--routes",
	.run = run_serve,
};

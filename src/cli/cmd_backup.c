/*
 * cmd_backup.c: recoup backup DEST [--force]
 *
 * A copy of the whole database that opens as it is (app/backup). DEST goes
 * through the rules of every file recoup writes (cli_outfile_open): never
 * the database or its -wal/-shm/-journal files, an existing DEST only with
 * --force, a temporary file renamed into place when complete.
 */
#include <getopt.h>
#include <stdio.h>

#include "app/backup.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "ingest/outfile.h"

static int run_backup(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "force", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	struct outfile *of = NULL;
	const char *dest;
	int c, ret, force = 0;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c == 'F')
			force = 1;
		else
			return cli_usage_error(cli, &cmd_backup, "unknown option");
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_backup, "expected the file to write");
	dest = argv[optind];
	ret = backup_check(&cli->app, cli->db_url, dest, &cli->err);
	if (ret < 0)
		return ret;
	ret = cli_outfile_open(cli, dest, NULL, 0, force, &of);
	if (ret < 0)
		return ret;
	ret = backup_run(&cli->app, outfile_write_path(of), dest, &cli->err);
	if (ret == 0)
		ret = outfile_commit(of, &cli->err);
	else
		outfile_abort(of);
	if (ret == 0)
		cli_printf("backed up to %s\n", dest);
	return ret;
}

const struct command cmd_backup = {
	.name = "backup",
	.summary = "copy the whole database into a file (SQLite)",
	.usage = "usage: recoup backup DEST [--force]\n\n"
		 "Copies the whole SQLite database (every tenant) into DEST with SQLite's online\n"
		 "backup: a consistent snapshot, taken while others read and write. DEST opens as\n"
		 "it is (recoup --db DEST check). It is written whole or not at all (a temporary\n"
		 "file renamed into place when complete); never the database or its\n"
		 "-wal/-shm/-journal files; an existing DEST only with --force.\n"
		 "A PostgreSQL database is backed up with pg_dump, not by recoup: the command\n"
		 "refuses (exit 2) and prints the pg_dump command to run.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_backup,
};

/*
 * migrations.h: the schema, as numbered SQL files in src/store/migrations/
 * (SQLite) and src/store/migrations/postgres/ (PostgreSQL),
 * compiled into the binary (see scripts/embed-migrations.cmake). A database
 * records the names it has applied; opening it applies the rest in order,
 * each in its own transaction.
 */
#ifndef RECOUP_MIGRATIONS_H
#define RECOUP_MIGRATIONS_H

struct migration {
	const char *name; /* "0001_ledger": file name without .sql */
	const char *sql;
};

/* Ordered by name, terminated by {NULL, NULL}. */
extern const struct migration store_migrations[];
/* The PostgreSQL backend's, from src/store/migrations/postgres/: same rules. */
extern const struct migration store_pg_migrations[];

struct error;

/*
 * A name a database lists in schema_migration that `list` does not have:
 * the database was upgraded by a newer recoup, whose schema this one does
 * not know (a column it does not fill, a constraint it does not keep).
 * Returns 0 when `name` is in `list`, else -ERR_ENV with the error naming
 * the database `db`, the migration and what to do.
 */
int store_migration_check(const struct migration *list, const char *db, const char *name, struct error *e);

#endif

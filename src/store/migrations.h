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

#endif

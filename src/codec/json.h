/*
 * json.h: records and report rows as jansson objects, from the same field
 * tables as the CSV (codec/fields.h), so that a JSON key is a CSV column.
 *
 * Every value of a record is a JSON string, the text the CSV export
 * writes ("1234.50", "true", "" for an empty field): money keeps its exact
 * decimal digits, and a reader gets one type per key whatever the row.
 * Keys are in table order; dump with JSON_PRESERVE_ORDER to keep it.
 *
 * Ownership: the returned object is new (a reference the caller owns and
 * releases with json_decref); NULL when out of memory.
 */
#ifndef RECOUP_CODEC_JSON_H
#define RECOUP_CODEC_JSON_H

#include <jansson.h>

#include "codec/csv.h"

/* The row's values (codec_row_format) under the table's names. */
json_t *codec_json_row(const struct record_table *t, const struct codec_row *row);

/* A record straight from its table (computed fields without an offset are ""). */
json_t *codec_json_record(const struct record_table *t, const void *rec);

/*
 * The record as codec_json_record() dumped with JSON_PRESERVE_ORDER |
 * JSON_COMPACT would write it, byte for byte, but written straight to out
 * with no jansson object in between: for pages of records served many
 * times a second (GET /api/v1/customers), where building and freeing an
 * object per record and dumping it was a third of a request's time.
 */
void codec_json_record_write(FILE *out, const struct record_table *t, const void *rec);

/*
 * json_dumps() of one value with `flags`, written to out; 0, or -1 when it
 * could not be encoded. For hand-assembled streams of objects (export's
 * array written row by row).
 */
int codec_json_write(FILE *out, const json_t *value, size_t flags);

/*
 * The head of an object that the caller goes on writing as a stream: the
 * dump of `object` (not empty) without its closing brace, so that a last
 * key whose value is written row by row ("rows": [...]) can follow after
 * ", ". Keys and strings are escaped by jansson. 0, or -1.
 */
int codec_json_write_head(FILE *out, const json_t *object, size_t flags);

/*
 * json_dumps(value, JSON_COMPACT) as bytes, byte for byte (key order kept),
 * at a fraction of its cost: the server's response bodies (a collector's
 * queue spent a tenth of its time in json_dumps). A real number is left to
 * jansson. *out (NUL-terminated, free()) and *len; 0, or -1 out of memory.
 */
int codec_json_dump(const json_t *value, char **out, size_t *len);

#endif

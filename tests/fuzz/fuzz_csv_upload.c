/*
 * fuzz_csv_upload.c: libFuzzer over the server's CSV upload path
 * (POST /api/v1/imports/{kind}, http/api_imports.c): the body is spooled to
 * a private file, imported all or nothing by import_run() into the seeded
 * database of fuzz_db.h, and the importer's report is turned into the JSON
 * list of bad rows the client gets.
 *
 * The first byte of an input picks the kind, as in fuzz_csv_import.c; the
 * rest is the body. Whatever the bytes, the upload either succeeds (every
 * row counted once, no bad rows) or is refused with a 4xx status, an error
 * code and, for bad rows, a list of {"line","column","reason"} objects (line
 * 0 for the file as a whole: an empty one); never a 5xx, a crash, a leak or an out-of-bounds read.
 *
 * Built only in the fuzz tree with clang (make fuzz, make check); the other
 * trees replay the seeds in tests/fuzz/corpus-upload (fuzz_replay.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/import.h"
#include "fuzz_db.h"
#include "http/api.h"

static void check_rows(const json_t *rows)
{
	size_t i;
	json_t *row;

	if (!json_is_array(rows) || json_array_size(rows) == 0)
		abort();
	json_array_foreach(rows, i, row)
	{
		if (!json_is_integer(json_object_get(row, "line")) ||
		    json_integer_value(json_object_get(row, "line")) < 0 ||
		    !json_is_string(json_object_get(row, "column")) || !json_is_string(json_object_get(row, "reason")))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena arena = ARENA_INIT;
	struct http_request rq = { 0 };
	struct import_result r = { 0 };
	json_t *rows = NULL;
	int ret;

	fuzz_db_setup();
	if (size < 1)
		return 0;
	rq.method = "POST";
	rq.path = "/api/v1/imports/fuzz";
	rq.arena = &arena;
	rq.address = "127.0.0.1";
	rq.app = fuzz_db_ctx();
	ret = api_import_csv(&rq, (enum import_kind)((data[0] & 0x7f) % IMPORT_KIND_COUNT), (const char *)data + 1,
			     size - 1, &r, &rows);
	if (ret == 0) {
		if (rq.fail.status || rows || r.rejected || r.inserted + r.unchanged > r.rows)
			abort();
	} else {
		if (rq.fail.status < 400 || rq.fail.status > 499 || !rq.fail.code)
			abort();
		if (rows)
			check_rows(rows);
	}
	json_decref(rows);
	json_decref(rq.fail.rows);
	arena_release(&arena);
	if (ret == 0 && r.inserted > 0)
		fuzz_db_reset();
	return 0;
}

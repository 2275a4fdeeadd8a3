/*
 * csv_write.h: writing CSV fields for export and reports. Quoting is
 * libcsv's (csv_fwrite); a field is quoted only when it needs to be, so
 * plain refs and amounts stay plain.
 */
#ifndef RECOUP_CSV_WRITE_H
#define RECOUP_CSV_WRITE_H

#include <stdio.h>

/* Writes one field, with a leading comma unless `first`. */
void csv_put(FILE *out, const char *field, int first);

#endif

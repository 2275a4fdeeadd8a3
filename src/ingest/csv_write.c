#include "ingest/csv_write.h"

#include <csv.h>
#include <string.h>

void csv_put(FILE *out, const char *field, int first)
{
	size_t len = strlen(field);
	if (!first)
		fputc(',', out);
	if (strpbrk(field, ",\"\r\n") || (len && (field[0] == ' ' || field[len - 1] == ' ')))
		csv_fwrite(out, field, len);
	else
		fwrite(field, 1, len, out);
}

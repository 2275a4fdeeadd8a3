/*
 * fuzz_replay.c: a main() for the fuzz targets where libFuzzer is not
 * there (gcc, the release and ASan trees): every file of the folders
 * given, fed once to LLVMFuzzerTestOneInput, so that the committed seeds
 * run under the sanitizers of whatever tree builds them. The fuzzing
 * itself runs in the clang tree (make fuzz, make check).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f)
		return NULL;
	do {
		char *p;
		if (*len == cap) {
			cap = cap ? cap * 2 : 65536;
			p = realloc(buf, cap);
			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n > 0);
	fclose(f);
	return buf;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	int runs = 0;

	for (int i = 1; i < argc; i++) {
		struct dirent **names;
		int n = scandir(argv[i], &names, NULL, by_name);
		if (n < 0) {
			fprintf(stderr, "fuzz_replay: cannot read the folder %s\n", argv[i]);
			return 1;
		}
		for (int j = 0; j < n; j++) {
			char path[4096];
			size_t len;
			char *data;
			if (names[j]->d_name[0] != '.') {
				snprintf(path, sizeof(path), "%s/%s", argv[i], names[j]->d_name);
				data = read_all(path, &len);
				if (!data) {
					fprintf(stderr, "fuzz_replay: cannot read %s\n", path);
					return 1;
				}
				LLVMFuzzerTestOneInput((const uint8_t *)data, len);
				free(data);
				runs++;
			}
			free(names[j]);
		}
		free(names);
	}
	printf("fuzz_replay: %d inputs, no crash\n", runs);
	return runs > 0 ? 0 : 1;
}

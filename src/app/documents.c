/*
 * documents.c: documents attached to customers and invoices (see
 * documents.h): the files on disk, content-addressed, and their rows.
 */
#include "app/documents.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/ledger.h"
#include "store/parties.h"

static const char *const kinds[] = { "po", "delivery_note", "signed", "contract", "receipt", "other" };

/* The allowed types and how their content begins. */
static const struct {
	const char *type;
	const char *magic;
	size_t n;
} types[] = {
	{ "application/pdf", "%PDF-", 5 },
	{ "image/png", "\x89PNG\r\n\x1a\n", 8 },
	{ "image/jpeg", "\xff\xd8\xff", 3 },
};

const char *documents_dir_default(const char *db_url, char *out, size_t size)
{
	if (!strncmp(db_url, "postgres://", 11) || !strncmp(db_url, "postgresql://", 13))
		snprintf(out, size, "recoup-files");
	else
		snprintf(out, size, "%s.files", db_url);
	return out;
}

/* The type the content's first bytes say, or NULL when none allowed. */
static const char *sniff(const unsigned char *data, size_t len)
{
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (len >= types[i].n && !memcmp(data, types[i].magic, types[i].n))
			return types[i].type;
	return NULL;
}

/* "image/png; charset=x" -> "image/png" in out, lowercase. */
static void media_type(const char *declared, char *out, size_t size)
{
	size_t j = 0;
	for (const char *p = declared; *p && *p != ';' && *p != ' ' && j + 1 < size; p++)
		out[j++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	out[j] = '\0';
}

static int check_type(const struct documents_add_request *rq, char *type, size_t size, struct error *e)
{
	const char *found = sniff(rq->data, rq->len);
	char declared[64] = "";

	if (rq->content_type && *rq->content_type)
		media_type(rq->content_type, declared, sizeof(declared));
	if (declared[0] && strcmp(declared, "application/pdf") && strcmp(declared, "image/png") &&
	    strcmp(declared, "image/jpeg"))
		return error_set_field(e, ERR_INPUT, "content_type",
				       "document '%s': type '%.40s' is not taken (only " DOCUMENTS_TYPES ")",
				       rq->file_name, declared);
	if (!found)
		return error_set_field(e, ERR_INPUT, "content_type",
				       "document '%s': the content is not a PDF, PNG or JPEG file", rq->file_name);
	if (declared[0] && strcmp(declared, found))
		return error_set_field(e, ERR_INPUT, "content_type", "document '%s': declared %s but the content is %s",
				       rq->file_name, declared, found);
	snprintf(type, size, "%s", found);
	return 0;
}

static int check_kind(const char *kind, struct error *e)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kind, kinds[i]))
			return 0;
	return error_set_field(e, ERR_INPUT, "kind", "kind '%.40s' is not one of " DOCUMENTS_KINDS, kind);
}

/* The checks that need neither the disk nor the database. */
static int check_add(const struct documents_add_request *rq, const char *by, char *type, size_t size, struct error *e)
{
	size_t max = rq->max_bytes ? rq->max_bytes : DOCUMENTS_MAX_BYTES;

	if (!rq->customer_ref || !*rq->customer_ref)
		return error_set_field(e, ERR_INPUT, "customer_ref", "a document needs a customer");
	if (!rq->file_name || !*rq->file_name)
		return error_set_field(e, ERR_INPUT, "file_name", "a document needs a file name");
	if (app_check_text("file_name", rq->file_name, DOCUMENT_NAME_MAX, e) < 0)
		return -ERR_INPUT;
	if (strchr(rq->file_name, '/') || strchr(rq->file_name, '\\'))
		return error_set_field(e, ERR_INPUT, "file_name", "file name '%s' names a directory ('/' or '\\')",
				       rq->file_name);
	if (app_check_text("by", by, NAME_MAX_LEN, e) < 0)
		return -ERR_INPUT;
	if (check_kind(rq->kind && *rq->kind ? rq->kind : "other", e) < 0)
		return -ERR_INPUT;
	if (rq->len == 0)
		return error_set_field(e, ERR_INPUT, "size", "document '%s' is empty", rq->file_name);
	if (rq->len > max)
		return error_set_field(e, ERR_INPUT, "size", "document '%s' is %zu bytes, over the limit of %zu",
				       rq->file_name, rq->len, max);
	return check_type(rq, type, size, e);
}

/* ---- the files ---- */

static void sha256_hex(const void *data, size_t len, char out[DOCUMENT_SHA256_HEX + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, DOCUMENT_SHA256_HEX + 1, h, sizeof(h));
}

/* "DIR/ab" and "DIR/ab/abcd..." of a sha256. */
static int file_paths(const char *dir, const char *sha, char *sub, char *path, size_t size, struct error *e)
{
	int n = snprintf(sub, size, "%s/%.2s", dir, sha);
	if (n < 0 || (size_t)n >= size || snprintf(path, size, "%s/%s", sub, sha) >= (int)size)
		return error_set(e, ERR_ENV, "files directory '%s': the path is too long", dir);
	return 0;
}

static int make_dir(const char *dir, struct error *e)
{
	if (mkdir(dir, 0750) == 0 || errno == EEXIST)
		return 0;
	return error_set(e, ERR_ENV, "files directory '%s': %s", dir, strerror(errno));
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* fsync of a directory, so that a rename in it survives a crash. */
static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	int ret;
	if (fd < 0)
		return -1;
	ret = fsync(fd);
	close(fd);
	return ret;
}

/* Writes the bytes as DIR/ab/SHA unless that file is there already. */
static int store_file(const char *dir, const char *sha, const void *data, size_t len, struct error *e)
{
	char sub[4096], path[4096], tmp[4096 + 16];
	struct stat st;
	int fd, ret;

	ret = file_paths(dir, sha, sub, path, sizeof(sub), e);
	if (ret < 0)
		return ret;
	if (stat(path, &st) == 0 && st.st_size == (off_t)len)
		return 0; /* the same bytes, stored once */
	if (make_dir(dir, e) < 0 || make_dir(sub, e) < 0)
		return -ERR_ENV;
	snprintf(tmp, sizeof(tmp), "%s/.tmp-XXXXXX", sub);
	fd = mkstemp(tmp);
	if (fd < 0)
		return error_set(e, ERR_ENV, "files directory '%s': %s", sub, strerror(errno));
	ret = write_all(fd, data, len) < 0 || fsync(fd) < 0 ? -1 : 0;
	if (close(fd) < 0)
		ret = -1;
	if (ret == 0)
		ret = rename(tmp, path);
	if (ret == 0)
		ret = sync_dir(sub);
	if (ret < 0) {
		ret = error_set(e, ERR_ENV, "writing document file '%s': %s", path, strerror(errno));
		unlink(tmp);
	}
	return ret;
}

/* The bytes of DIR/ab/SHA into *data (malloc'd), checked against the row's size and sha256. */
static int read_file(const char *dir, const struct document *d, char **data, struct error *e)
{
	char sub[4096], path[4096], sha[DOCUMENT_SHA256_HEX + 1];
	char *buf = NULL;
	FILE *f;
	size_t n;
	int ret = file_paths(dir, d->sha256, sub, path, sizeof(sub), e);

	if (ret < 0)
		return ret;
	f = fopen(path, "rb");
	if (!f)
		return error_set(e, ERR_ENV, "document %lld: file '%s': %s", (long long)d->id, path, strerror(errno));
	buf = malloc((size_t)d->size + 1);
	n = buf ? fread(buf, 1, (size_t)d->size + 1, f) : 0;
	fclose(f);
	if (!buf)
		return error_set(e, ERR_ENV, "out of memory");
	sha256_hex(buf, n, sha);
	if (n != (size_t)d->size || strcmp(sha, d->sha256)) {
		free(buf);
		return error_set(e, ERR_ENV, "document %lld: file '%s' was changed on disk (its sha256 differs)",
				 (long long)d->id, path);
	}
	*data = buf;
	return 0;
}

int documents_copy_file(const char *from, const char *to, const struct document *d, struct error *e)
{
	char sub[4096], path[4096];
	char *data = NULL;
	struct stat st;
	int ret = file_paths(to, d->sha256, sub, path, sizeof(sub), e);

	if (ret < 0)
		return ret;
	if (stat(path, &st) == 0 && st.st_size == (off_t)d->size)
		return 0; /* there already (the same directory, or an earlier copy) */
	ret = read_file(from, d, &data, e);
	if (ret == 0)
		ret = store_file(to, d->sha256, data, (size_t)d->size, e);
	free(data);
	return ret;
}

/* ---- the rows ---- */

json_t *documents_json(const struct document *d)
{
	char at[TIMESTAMP_TEXT_MAX];
	return json_pack("{s:I, s:s, s:s?, s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)d->id, "customer_ref",
			 d->customer_ref, "invoice_ref", d->invoice_ref[0] ? d->invoice_ref : NULL, "kind", d->kind,
			 "file_name", d->file_name, "content_type", d->content_type, "size", (json_int_t)d->size,
			 "sha256", d->sha256, "uploaded_by", d->uploaded_by, "uploaded_at",
			 timestamp_format(d->uploaded_at, at, sizeof(at)));
}

/* The customer, and the invoice when named (it must be the customer's). */
static int resolve_refs(struct store_tx *tx, const char *customer_ref, const char *invoice_ref, struct customer *cu,
			struct invoice *inv, struct error *e)
{
	int ret = store_customer_get(tx, customer_ref, cu, NULL, e);
	if (ret == 0)
		return error_set_field(e, ERR_NOT_FOUND, "customer_ref", "unknown customer '%s'", customer_ref);
	if (ret < 0)
		return ret;
	memset(inv, 0, sizeof(*inv));
	if (!invoice_ref || !*invoice_ref)
		return 0;
	ret = store_invoice_get(tx, invoice_ref, inv, NULL, e);
	if (ret == 0)
		return error_set_field(e, ERR_NOT_FOUND, "invoice_ref", "unknown invoice '%s'", invoice_ref);
	if (ret < 0)
		return ret;
	if (inv->customer_id != cu->id)
		return error_set_field(e, ERR_INPUT, "invoice_ref", "invoice '%s' belongs to customer '%s', not '%s'",
				       inv->ref, inv->customer_ref, cu->ref);
	return 0;
}

static int write_row(const struct app_ctx *ctx, struct store_tx *tx, struct document *d, struct error *e)
{
	json_t *after;
	char ref[32];
	int ret = store_document_add(tx, d, e);

	if (ret < 0)
		return ret;
	after = documents_json(d);
	if (!after)
		return error_set(e, ERR_ENV, "out of memory");
	snprintf(ref, sizeof(ref), "%lld", (long long)d->id);
	ret = app_audit(ctx, tx, "document.add", "document", ref, NULL, after, e);
	json_decref(after);
	return ret;
}

int documents_add(const struct app_ctx *ctx, const struct documents_add_request *rq, struct document *out,
		  struct error *e)
{
	const char *by = rq->by ? rq->by : ctx->actor;
	struct document d = { 0 };
	struct customer cu;
	struct invoice inv;
	struct store_tx *tx = NULL;
	int ret = check_add(rq, by, d.content_type, sizeof(d.content_type), e);

	if (ret < 0)
		return ret;
	if (sodium_init() < 0)
		return error_set(e, ERR_ENV, "libsodium could not start");
	/* the refs first, so that a refused upload leaves no file behind */
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ | STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = resolve_refs(tx, rq->customer_ref, rq->invoice_ref, &cu, &inv, e);
	if (ret < 0)
		goto cleanup;
	sha256_hex(rq->data, rq->len, d.sha256);
	ret = store_file(rq->dir, d.sha256, rq->data, rq->len, e);
	if (ret < 0)
		goto cleanup;
	d.customer_id = cu.id;
	d.invoice_id = inv.id;
	snprintf(d.customer_ref, sizeof(d.customer_ref), "%s", cu.ref);
	snprintf(d.invoice_ref, sizeof(d.invoice_ref), "%s", inv.id ? inv.ref : "");
	snprintf(d.kind, sizeof(d.kind), "%s", rq->kind && *rq->kind ? rq->kind : "other");
	snprintf(d.file_name, sizeof(d.file_name), "%s", rq->file_name);
	d.size = (int64_t)rq->len;
	snprintf(d.uploaded_by, sizeof(d.uploaded_by), "%s", by);
	d.uploaded_at = ctx->now;
	ret = write_row(ctx, tx, &d, e);
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	if (ret == 0 && out)
		*out = d;
cleanup:
	store_tx_free(tx);
	return ret;
}

int documents_list(const struct app_ctx *ctx, const struct auth_identity *who, const char *customer_ref,
		   const char *invoice_ref, store_document_cb cb, void *cb_ctx, struct error *e)
{
	struct customer cu;
	struct invoice inv;
	struct store_tx *tx = NULL;
	int ret = who ? auth_customer_visible(ctx, who, customer_ref, e) : 0;

	if (ret < 0)
		return ret;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret == 0)
		ret = resolve_refs(tx, customer_ref, invoice_ref, &cu, &inv, e);
	if (ret == 0)
		ret = store_documents_each(tx, cu.id, inv.id, cb, cb_ctx, e);
	if (ret > 0)
		ret = 0;
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	return ret;
}

int documents_get(const struct app_ctx *ctx, const struct auth_identity *who, const char *dir, int64_t id,
		  struct document *out, char **data, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret == 0)
		ret = store_document_get(tx, id, out, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_NOT_FOUND, "id", "unknown document %lld", (long long)id);
	if (ret > 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	if (ret == 0 && who && auth_customer_visible(ctx, who, out->customer_ref, e) < 0)
		ret = error_set_field(e, ERR_NOT_FOUND, "id", "unknown document %lld", (long long)id);
	if (ret == 0 && data)
		ret = read_file(dir, out, data, e);
	return ret;
}

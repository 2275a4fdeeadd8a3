#include "core/kpi.h"
#include "core/array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kpi_init(struct kpi_report *r, date_t from, date_t to, int default_dpd, const struct aging_config *buckets)
{
	memset(r, 0, sizeof(*r));
	r->from = from;
	r->to = to;
	r->default_dpd = default_dpd;
	r->buckets = *buckets;
}

enum { CUST_HAS_BALANCE = 1, CUST_IN_DEFAULT = 2 };

static size_t slot_of(int64_t id, size_t cap)
{
	/* Fibonacci hashing: ids are dense and sequential, spread them out */
	return (size_t)(((uint64_t)id * 11400714819323198485ull) >> 16) & (cap - 1);
}

/* Sets flag bits on a customer; counts each customer once per bit. */
static int mark_customer(struct kpi_currency *k, int64_t id, unsigned char bits)
{
	size_t i;

	if (k->cust_n * 2 >= k->cust_cap) {
		size_t cap = k->cust_cap ? k->cust_cap * 2 : 1024;
		int64_t *ids = calloc(cap, sizeof(*ids));
		unsigned char *flags = calloc(cap, 1);
		if (!ids || !flags) {
			free(ids);
			free(flags);
			return -1;
		}
		for (size_t j = 0; j < k->cust_cap; j++) {
			if (!k->cust_ids[j])
				continue;
			for (i = slot_of(k->cust_ids[j], cap); ids[i]; i = (i + 1) & (cap - 1))
				;
			ids[i] = k->cust_ids[j];
			flags[i] = k->cust_flags[j];
		}
		free(k->cust_ids);
		free(k->cust_flags);
		k->cust_ids = ids;
		k->cust_flags = flags;
		k->cust_cap = cap;
	}
	for (i = slot_of(id, k->cust_cap); k->cust_ids[i] && k->cust_ids[i] != id; i = (i + 1) & (k->cust_cap - 1))
		;
	if (!k->cust_ids[i]) {
		k->cust_ids[i] = id;
		k->cust_n++;
	}
	if ((bits & CUST_HAS_BALANCE) && !(k->cust_flags[i] & CUST_HAS_BALANCE))
		k->customers_with_balance++;
	if ((bits & CUST_IN_DEFAULT) && !(k->cust_flags[i] & CUST_IN_DEFAULT))
		k->customers_in_default++;
	k->cust_flags[i] |= bits;
	return 0;
}

static struct kpi_currency *row_for(struct kpi_report *r, const char *currency)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->rows[i].currency, currency))
			return &r->rows[i];
	if (array_grow(&r->rows, &r->cap, r->n, sizeof(*r->rows)) < 0)
		return NULL;
	memset(&r->rows[r->n], 0, sizeof(r->rows[0]));
	snprintf(r->rows[r->n].currency, 4, "%s", currency);
	return &r->rows[r->n++];
}

#define ADD(dst, v)                                             \
	do {                                                    \
		if (__builtin_add_overflow((dst), (v), &(dst))) \
			goto overflow;                          \
	} while (0)

int kpi_add(struct kpi_report *r, const struct kpi_input *it, struct error *e)
{
	struct kpi_currency *k = row_for(r, it->currency);
	int closing_dpd = r->to - it->due_date;
	int opening_dpd = (r->from - 1) - it->due_date;

	if (!k)
		return error_set(e, ERR_ENV, "out of memory");
	if (k->overflow)
		return 0;
	if (it->issue_date < r->from)
		ADD(k->opening_ar, it->opening_balance);
	else
		ADD(k->credit_sales, it->amount);
	ADD(k->closing_ar, it->closing_balance);
	if (closing_dpd <= 0)
		ADD(k->closing_current, it->closing_balance);
	else
		ADD(k->closing_overdue, it->closing_balance);
	if (closing_dpd > r->default_dpd)
		ADD(k->closing_default, it->closing_balance);
	if (it->closing_balance > 0 &&
	    mark_customer(k, it->customer_id, CUST_HAS_BALANCE | (closing_dpd > r->default_dpd ? CUST_IN_DEFAULT : 0)) <
		    0)
		return error_set(e, ERR_ENV, "out of memory");
	if (it->issue_date < r->from && it->opening_balance > 0) {
		int b0 = aging_bucket(&r->buckets, opening_dpd);
		int b1 = aging_bucket(&r->buckets, closing_dpd);
		ADD(k->roll_base[b0], it->opening_balance);
		if (b1 > b0 && it->closing_balance > 0)
			ADD(k->roll_moved[b0], it->closing_balance);
	}
	return 0;
overflow:
	k->overflow = 1;
	return 0;
}

static int cmp_row(const void *a, const void *b)
{
	return strcmp(((const struct kpi_currency *)a)->currency, ((const struct kpi_currency *)b)->currency);
}

void kpi_finish(struct kpi_report *r)
{
	if (r->n > 1)
		qsort(r->rows, r->n, sizeof(r->rows[0]), cmp_row);
}

void kpi_release(struct kpi_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->rows[i].cust_ids);
		free(r->rows[i].cust_flags);
	}
	free(r->rows);
	r->rows = NULL;
	r->n = r->cap = 0;
}

/* Rounds num/den half away from zero, in 128-bit so nothing overflows. */
static int64_t div_round(__int128 num, __int128 den)
{
	__int128 q, rem;
	if (den < 0) {
		num = -num;
		den = -den;
	}
	q = num / den;
	rem = num % den;
	if (rem * 2 >= den)
		q++;
	else if (rem * 2 <= -den)
		q--;
	return (int64_t)q;
}

int64_t kpi_ratio_bp(int64_t num, int64_t den)
{
	if (den == 0)
		return KPI_NA;
	return div_round((__int128)num * 10000, den);
}

int64_t kpi_dso_tenths(const struct kpi_currency *k, int days)
{
	if (k->credit_sales <= 0)
		return KPI_NA;
	return div_round((__int128)k->closing_ar * days * 10, k->credit_sales);
}

int64_t kpi_cei_bp(const struct kpi_currency *k)
{
	__int128 num = (__int128)k->opening_ar + k->credit_sales - k->closing_ar;
	__int128 den = (__int128)k->opening_ar + k->credit_sales - k->closing_current;
	if (den == 0)
		return KPI_NA;
	return div_round(num * 10000, den);
}

char *kpi_format_bp(int64_t bp, char *buf, size_t size)
{
	if (bp == KPI_NA)
		snprintf(buf, size, "n/a");
	else
		snprintf(buf, size, "%s%lld.%02lld", bp < 0 ? "-" : "", (long long)(bp < 0 ? -bp : bp) / 100,
			 (long long)(bp < 0 ? -bp : bp) % 100);
	return buf;
}

char *kpi_format_tenths(int64_t t, char *buf, size_t size)
{
	if (t == KPI_NA)
		snprintf(buf, size, "n/a");
	else
		snprintf(buf, size, "%s%lld.%lld", t < 0 ? "-" : "", (long long)(t < 0 ? -t : t) / 10,
			 (long long)(t < 0 ? -t : t) % 10);
	return buf;
}

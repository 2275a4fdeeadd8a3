#include "core/report.h"
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

static void close_customer(struct kpi_currency *k)
{
	k->customers_with_balance += k->cur_has_balance;
	k->customers_in_default += k->cur_in_default;
	k->cur_has_balance = 0;
	k->cur_in_default = 0;
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
	r->rows[r->n].cur_customer = -1;
	return &r->rows[r->n++];
}

#define ADD(dst, v)                                                  \
	do {                                                         \
		if (__builtin_add_overflow((dst), (v), &(dst)))      \
			goto overflow;                               \
	} while (0)

int kpi_add(struct kpi_report *r, const struct kpi_input *it, struct error *e)
{
	struct kpi_currency *k = row_for(r, it->currency);
	int closing_dpd = r->to - it->due_date;
	int opening_dpd = (r->from - 1) - it->due_date;

	if (!k)
		return error_set(e, ERR_ENV, "out of memory");
	if (k->cur_customer != it->customer_id) {
		close_customer(k);
		k->cur_customer = it->customer_id;
	}
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
	if (it->closing_balance > 0) {
		k->cur_has_balance = 1;
		if (closing_dpd > r->default_dpd)
			k->cur_in_default = 1;
	}
	if (it->issue_date < r->from && it->opening_balance > 0) {
		int b0 = aging_bucket(&r->buckets, opening_dpd);
		int b1 = aging_bucket(&r->buckets, closing_dpd);
		ADD(k->roll_base[b0], it->opening_balance);
		if (b1 > b0 && it->closing_balance > 0)
			ADD(k->roll_moved[b0], it->closing_balance);
	}
	return 0;
overflow:
	return error_set(e, ERR_INPUT, "a %s total overflows", it->currency);
}

static int cmp_row(const void *a, const void *b)
{
	return strcmp(((const struct kpi_currency *)a)->currency, ((const struct kpi_currency *)b)->currency);
}

void kpi_finish(struct kpi_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		close_customer(&r->rows[i]);
	if (r->n > 1)
		qsort(r->rows, r->n, sizeof(r->rows[0]), cmp_row);
}

void kpi_release(struct kpi_report *r)
{
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

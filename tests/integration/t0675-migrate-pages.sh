#!/usr/bin/env bash
# t0675: recoup migrate copies a book larger than its pages, row for row.
#
# migrate reads the source's customers, contacts, invoices, payments and
# ledger entries 4,096 at a time, and the contact attempts 1,024 at a time,
# and adds each page to the target in one call (on PostgreSQL COPY),
# mapping the page's ids from what the call returns; an invoice is written
# with the balance its ledger entries make (its amount plus their sum on
# the source, read for the page's range of invoice ids), and the entries
# then go across without moving any balance. Here a tenant of 4,500
# customers (about 7,500 contacts, 23,000 invoices, payments and ledger
# entries, 16,000 contact attempts: every list more than one page, most
# several) and a second tenant whose rows were imported between its halves,
# so that each tenant's source ids come in several runs and a page's range
# of invoice ids holds the other tenant's too, after a day's run (fees and
# interest posted). The target ($RECOUP_DB's backend: a SQLite file, or on
# integration-pg a database of the test's cluster) has every comparison
# the same, the same exports and aging byte for byte, `check` clean, each
# table's rows in the same order with the same refs (the ids were mapped
# row by row across the pages) and every contact attempt alike.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

AS_OF=2026-11-22
SQ="$TMP/source.db"
sq() { "$RECOUP" --db "$SQ" "$@"; }

# halves of each file, imported alternately into the two tenants
sq init --tenant b >/dev/null
"$RECOUP" generate --customers 4500 --seed 1 --as-of "$AS_OF" --out "$TMP/gen-default" >/dev/null
"$RECOUP" generate --customers 600 --seed 2 --as-of "$AS_OF" --out "$TMP/gen-b" >/dev/null
for t in default b; do
	for k in customers contacts invoices payments; do
		f="$TMP/gen-$t/$k.csv"
		lines=$(($(wc -l <"$f") - 1))
		{ head -1 "$f" && sed -n "2,$((1 + lines / 2))p" "$f"; } >"$TMP/gen-$t/$k.1.csv"
		{ head -1 "$f" && sed -n "$((2 + lines / 2)),\$p" "$f"; } >"$TMP/gen-$t/$k.2.csv"
	done
done
for k in customers contacts invoices payments; do
	for h in 1 2; do
		for t in default b; do
			sq --tenant "$t" import "$k" "$TMP/gen-$t/$k.$h.csv" >/dev/null
		done
	done
done
# the large tenant's contact history (about 16,000 attempts: pages of 1,024) and flags, and a call a
# collector logged with the callback asked
sq import contact-history "$TMP/gen-default/contact-history.csv" >/dev/null
sq import flags "$TMP/gen-default/flags.csv" >/dev/null
sq user add ann --role collector >/dev/null
sq contact log --contact C0000001 --channel call --outcome callback --at 2026-11-20T15:00:00Z \
	--callback-at 2026-11-24T10:00:00Z --by ann --note "call back Tuesday" >/dev/null
for t in default b; do
	sq --tenant "$t" run --as-of "$AS_OF" --now "${AS_OF}T05:00:00Z" >/dev/null
done

# each list of the large tenant is more than a page (4,096), so the pages' boundaries are crossed
count() { # table: the default tenant's rows of it
	sql "SELECT count(*) FROM $1 WHERE tenant_id = (SELECT id FROM tenant WHERE name = 'default')" "$SQ"
}
for table in customer contact invoice payment ledger_entry contact_attempt; do
	n=$(count "$table")
	if [[ $n -gt 4096 ]]; then
		pass "the source's $table rows are more than a page ($n)"
	else
		fail "the source's $table rows are more than a page" "$n"
	fi
done
expect_eq "the day's run posted fees and interest" 1 \
	"$(sql "SELECT count(*) > 0 FROM ledger_entry WHERE kind IN ('fee', 'interest')" "$SQ")"

T=$(db_new target)
run recoup --db "$SQ" migrate --to "$T"
expect_eq "migrate exits 0" 0 "$status"
expect_eq "nothing differs" 0 "$(grep -c DIFFERS "$TMP/out" || true)"
for t in default b; do
	for what in customers contacts invoices payments "ledger entries" "active flags" "contact attempts" actions \
		"action invoices" aging check; do
		if grep -q "^tenant '$t': $what: .*(same)$" "$TMP/out"; then
			pass "migrate compared $what of tenant $t"
		else
			fail "migrate compared $what of tenant $t" "$(cat "$TMP/out")"
		fi
	done
done

for t in default b; do
	for c in "export customers" "export contacts" "export invoices" "export payments" \
		"aging --as-of $AS_OF --format csv" "report kpi --from 2025-01-01 --to $AS_OF" check; do
		# shellcheck disable=SC2086
		sq --tenant "$t" $c >"$TMP/a.out" 2>&1
		# shellcheck disable=SC2086
		"$RECOUP" --db "$T" --tenant "$t" $c >"$TMP/b.out" 2>&1
		expect_same_file "tenant $t: $c is the same" "$TMP/a.out" "$TMP/b.out"
	done
done

# every row in id order, named by refs: the same order and the same parents on both sides
tenant_of() { echo "(SELECT id FROM tenant WHERE name = '$1')"; }
for t in default b; do
	rows_of=(
		"invoices|SELECT i.ref || ' ' || c.ref || ' ' || i.amount || ' ' || i.balance FROM invoice i
			JOIN customer c ON c.id = i.customer_id WHERE i.tenant_id = $(tenant_of "$t") ORDER BY i.id"
		"payments|SELECT p.ref || ' ' || c.ref || ' ' || COALESCE(i.ref, '-') || ' ' || p.amount || ' ' || p.status
			FROM payment p JOIN customer c ON c.id = p.customer_id LEFT JOIN invoice i ON i.id = p.invoice_id
			WHERE p.tenant_id = $(tenant_of "$t") ORDER BY p.id"
		"ledger entries|SELECT c.ref || ' ' || COALESCE(i.ref, '-') || ' ' || COALESCE(p.ref, '-') || ' ' || l.kind
			|| ' ' || l.amount || ' ' || l.currency || ' ' || l.date FROM ledger_entry l
			JOIN customer c ON c.id = l.customer_id LEFT JOIN invoice i ON i.id = l.invoice_id
			LEFT JOIN payment p ON p.id = l.payment_id WHERE l.tenant_id = $(tenant_of "$t") ORDER BY l.id"
		"contacts|SELECT k.ref || ' ' || c.ref FROM contact k JOIN customer c ON c.id = k.customer_id
			WHERE k.tenant_id = $(tenant_of "$t") ORDER BY k.id"
	)
	for r in "${rows_of[@]}"; do
		sql "${r#*|}" "$SQ" >"$TMP/a.out"
		sql "${r#*|}" "$T" >"$TMP/b.out"
		expect_same_file "tenant $t: the ${r%%|*} in id order, by refs" "$TMP/a.out" "$TMP/b.out"
	done
done

# every contact attempt, as a set (the target numbers them customer by customer, the source as imported)
if _is_pg_url "$T"; then
	at_of="to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
	cb_of="COALESCE(to_char(a.callback_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '-')"
else
	at_of="a.at"
	cb_of="COALESCE(a.callback_at, '-')"
fi
attempts() { # DB AT CALLBACK
	sql "SELECT c.ref || ' ' || k.ref || ' ' || $2 || ' ' || a.channel || ' ' || a.outcome || ' ' || a.all_invoices
		|| ' ' || a.address || ' ' || a.spoke_with || ' ' || a.note || ' ' || COALESCE(a.logged_by, '-') || ' ' || $3
		|| ' ' || (SELECT count(*) FROM attempt_invoice x WHERE x.tenant_id = a.tenant_id AND x.attempt_id = a.id)
		FROM contact_attempt a JOIN customer c ON c.id = a.customer_id JOIN contact k ON k.id = a.contact_id
		WHERE a.tenant_id = $(tenant_of default)" "$1" | LC_ALL=C sort
}
attempts "$SQ" "a.at" "COALESCE(a.callback_at, '-')" >"$TMP/a.out"
attempts "$T" "$at_of" "$cb_of" >"$TMP/b.out"
expect_same_file "every contact attempt alike (contact, moment, channel, outcome, invoices, who logged it, callback)" \
	"$TMP/a.out" "$TMP/b.out"
expect_eq "... the collector's call among them" 1 "$(grep -c ' ann 2026-11-24T10:00:00Z ' "$TMP/b.out" || true)"
for cref in C0000001 $(sql "SELECT c.ref FROM contact_attempt a JOIN customer c ON c.id = a.customer_id
	WHERE a.tenant_id = $(tenant_of default) GROUP BY c.ref ORDER BY count(*) DESC, c.ref LIMIT 2" "$SQ"); do
	sq contact history --customer "$cref" --format json >"$TMP/a.out"
	"$RECOUP" --db "$T" contact history --customer "$cref" --format json >"$TMP/b.out"
	expect_same_file "contact history of $cref (its invoices by ref) is the same" "$TMP/a.out" "$TMP/b.out"
done

finish

#!/usr/bin/env bash
# t0200-generate: `recoup generate` writes four well-formed, consistent,
# deterministic CSV files, and refuses bad flags with exit code 2.
set -euo pipefail

: "${RECOUP:?RECOUP must point to the recoup binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

as_of=2026-11-22

# Same seed and as-of: byte-identical files. Progress stays off when stderr
# is not a terminal.
"$RECOUP" generate --customers 3000 --seed 42 --as-of "$as_of" --out "$tmp/a" >"$tmp/a.out" 2>"$tmp/a.err"
"$RECOUP" generate --customers 3000 --seed 42 --as-of "$as_of" --out "$tmp/b/nested" >/dev/null 2>&1
[ -s "$tmp/a.err" ] && fail "generate wrote to stderr when not on a terminal: $(cat "$tmp/a.err")"
grep -q 'wrote 3000 customers' "$tmp/a.out" || fail "no summary line: $(cat "$tmp/a.out")"
for f in customers contacts invoices payments contact-history flags; do
	cmp "$tmp/a/$f.csv" "$tmp/b/nested/$f.csv" || fail "$f.csv differs for the same seed"
	[ ! -e "$tmp/a/$f.csv.tmp" ] || fail "$f.csv.tmp left behind"
done

# A different seed gives a different portfolio.
"$RECOUP" generate --customers 3000 --seed 43 --as-of "$as_of" --out "$tmp/c" >/dev/null
cmp -s "$tmp/a/invoices.csv" "$tmp/c/invoices.csv" && fail "seeds 42 and 43 gave the same invoices"
cmp -s "$tmp/a/customers.csv" "$tmp/c/customers.csv" && fail "seeds 42 and 43 gave the same customers"

# Headers, exactly.
[ "$(head -n1 "$tmp/a/customers.csv")" = "customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile,tags,region" ] ||
	fail "customers.csv header: $(head -n1 "$tmp/a/customers.csv")"
[ "$(head -n1 "$tmp/a/contacts.csv")" = "contact_ref,customer_ref,name,role,phone,email,timezone,pays_bills,best_time,notes" ] ||
	fail "contacts.csv header: $(head -n1 "$tmp/a/contacts.csv")"
[ "$(head -n1 "$tmp/a/invoices.csv")" = "invoice_ref,customer_ref,issue_date,due_date,currency,amount,description,po_ref,delivery_note_ref,signed,product" ] ||
	fail "invoices.csv header: $(head -n1 "$tmp/a/invoices.csv")"
[ "$(head -n1 "$tmp/a/payments.csv")" = "payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date" ] ||
	fail "payments.csv header: $(head -n1 "$tmp/a/payments.csv")"
[ "$(head -n1 "$tmp/a/contact-history.csv")" = "attempt_ref,contact_ref,at,channel,outcome,invoice_ref,address,spoke_with,note,inbound" ] ||
	fail "contact-history.csv header: $(head -n1 "$tmp/a/contact-history.csv")"
[ "$(head -n1 "$tmp/a/flags.csv")" = "flag_ref,customer_ref,flag,contact_ref,invoice_ref,address,detail,set_by,set_at,reason,cleared_at,cleared_by,cleared_reason" ] ||
	fail "flags.csv header: $(head -n1 "$tmp/a/flags.csv")"

# The distressed profile is the book this generator wrote before profiles
# existed: its draws are unchanged, and it is far worse than the default.
"$RECOUP" generate --customers 3000 --seed 42 --as-of "$as_of" --profile distressed --out "$tmp/d" >/dev/null
cmp -s "$tmp/a/payments.csv" "$tmp/d/payments.csv" && fail "--profile distressed gave the default book"
"$RECOUP" generate --customers 10 --as-of "$as_of" --profile bogus --out "$tmp/bad" >/dev/null 2>"$tmp/x.err" &&
	fail "--profile bogus was accepted"
grep -q -- "--profile 'bogus'" "$tmp/x.err" || fail "--profile bogus: no message: $(cat "$tmp/x.err")"

# Content: references, dates, currencies, decimals, shares.
python3 - "$tmp/a" "$as_of" <<'EOF'
import csv, datetime, re, sys

d, as_of = sys.argv[1], datetime.date.fromisoformat(sys.argv[2])
errors = []

def err(msg):
    if len(errors) < 20:
        errors.append(msg)

def rows(name, ncols):
    with open(f"{d}/{name}", encoding="utf-8", newline="") as f:
        r = csv.reader(f)
        header = next(r)
        assert len(header) == ncols, (name, header)
        for i, row in enumerate(r, start=2):
            if len(row) != ncols:
                err(f"{name}:{i}: {len(row)} fields, want {ncols}")
                continue
            yield i, dict(zip(header, row))

decimals = {"USD": 2, "EUR": 2, "BRL": 2, "PLN": 2, "GBP": 2, "CAD": 2, "JPY": 0, "BHD": 3, "KWD": 3}

def check_amount(where, text, currency):
    places = decimals.get(currency)
    if places is None:
        err(f"{where}: unexpected currency {currency!r}")
        return 0
    pattern = r"[0-9]+" if places == 0 else r"[0-9]+\.[0-9]{%d}" % places
    if not re.fullmatch(pattern, text):
        err(f"{where}: amount {text!r} does not have {places} decimals for {currency}")
        return 0
    if int(text.replace(".", "")) <= 0:
        err(f"{where}: amount {text!r} is not positive")
    return 1

def date(where, text):
    try:
        v = datetime.date.fromisoformat(text)
    except ValueError:
        err(f"{where}: {text!r} is not a date")
        return as_of
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        err(f"{where}: {text!r} is not YYYY-MM-DD")
    return v

customers = {}
kinds = {"person": 0, "company": 0}
countries = set()
special = {"utf8": 0, "comma": 0, "quote": 0}
us_total = us_no_tz = 0
for line, c in rows("customers.csv", 14):
    where = f"customers.csv:{line}"
    if c["customer_ref"] in customers:
        err(f"{where}: duplicate customer_ref {c['customer_ref']}")
    customers[c["customer_ref"]] = c
    if c["kind"] not in kinds:
        err(f"{where}: kind {c['kind']!r}")
    else:
        kinds[c["kind"]] += 1
    countries.add(c["country"])
    check_amount(where, c["credit_limit"], c["currency"])
    if c["country"] == "US":
        us_total += 1
        us_no_tz += c["timezone"] == ""
    if c["timezone"] and not re.fullmatch(r"[A-Z][A-Za-z_]+/[A-Za-z_]+", c["timezone"]):
        err(f"{where}: timezone {c['timezone']!r}")
    if not re.fullmatch(r"[a-z]{2}(-[A-Z]{2})?", c["language"]):
        err(f"{where}: language {c['language']!r}")
    special["utf8"] += any(ord(ch) > 127 for ch in c["name"])
    special["comma"] += "," in c["name"]
    special["quote"] += '"' in c["name"]

n = len(customers)
if n != 3000:
    err(f"customers.csv: {n} customers, want 3000")
if not {"US", "BR", "PL", "GB", "DE"} <= countries:
    err(f"customers.csv: countries {sorted(countries)} miss one of US, BR, PL, GB, DE")
if not 0.60 <= kinds["person"] / n <= 0.80:
    err(f"customers.csv: {kinds} is not about 70/30")
if not 0.04 <= us_no_tz / us_total <= 0.18:
    err(f"customers.csv: {us_no_tz}/{us_total} US customers without a timezone, want about 10%")
for k, v in special.items():
    if v == 0:
        err(f"customers.csv: no name with {k}")

contact_refs = set()
roles = set()
for line, c in rows("contacts.csv", 10):
    where = f"contacts.csv:{line}"
    if c["customer_ref"] not in customers:
        err(f"{where}: unknown customer {c['customer_ref']}")
    if c["contact_ref"] in customers or c["contact_ref"] in contact_refs:
        err(f"{where}: contact_ref {c['contact_ref']} is not unique")
    contact_refs.add(c["contact_ref"])
    roles.add(c["role"])
    if c["pays_bills"] not in ("true", "false"):
        err(f"{where}: pays_bills {c['pays_bills']!r}")
    if c["best_time"] and not re.fullmatch(r"\d\d:\d\d-\d\d:\d\d", c["best_time"]):
        err(f"{where}: best_time {c['best_time']!r}")
for role in ("accounts_payable", "billing", "spouse"):
    if role not in roles:
        err(f"contacts.csv: no {role} contact")

invoices = {}
for line, i in rows("invoices.csv", 11):
    where = f"invoices.csv:{line}"
    c = customers.get(i["customer_ref"])
    if c is None:
        err(f"{where}: unknown customer {i['customer_ref']}")
        continue
    if i["invoice_ref"] in invoices:
        err(f"{where}: duplicate invoice_ref {i['invoice_ref']}")
    invoices[i["invoice_ref"]] = i
    if i["currency"] != c["currency"]:
        err(f"{where}: currency {i['currency']} but customer's is {c['currency']}")
    check_amount(where, i["amount"], i["currency"])
    issue, due = date(where, i["issue_date"]), date(where, i["due_date"])
    if issue > as_of:
        err(f"{where}: issue date {issue} is after as-of {as_of}")
    if issue < as_of - datetime.timedelta(days=560):
        err(f"{where}: issue date {issue} is more than 18 months before as-of")
    if (due - issue).days not in (15, 30, 45, 60):
        err(f"{where}: due {due} is {(due - issue).days} days after issue")
    if i["signed"] not in ("true", "false"):
        err(f"{where}: signed {i['signed']!r}")
per_customer = len(invoices) / n
if not 3.5 <= per_customer <= 6.5:
    err(f"invoices.csv: {per_customer:.2f} invoices per customer, want about 5")

payment_refs = set()
statuses = {"cleared": 0, "returned": 0}
unnamed = 0
last = ("", "")
paid = {}
for line, p in rows("payments.csv", 9):
    where = f"payments.csv:{line}"
    c = customers.get(p["customer_ref"])
    if c is None:
        err(f"{where}: unknown customer {p['customer_ref']}")
        continue
    if p["payment_ref"] in payment_refs:
        err(f"{where}: duplicate payment_ref {p['payment_ref']}")
    payment_refs.add(p["payment_ref"])
    if p["invoice_ref"]:
        inv = invoices.get(p["invoice_ref"])
        if inv is None:
            err(f"{where}: unknown invoice {p['invoice_ref']}")
        elif inv["customer_ref"] != p["customer_ref"]:
            err(f"{where}: invoice {p['invoice_ref']} belongs to {inv['customer_ref']}")
    else:
        unnamed += 1
    if p["currency"] != c["currency"]:
        err(f"{where}: currency {p['currency']} but customer's is {c['currency']}")
    check_amount(where, p["amount"], p["currency"])
    day = date(where, p["date"])
    if day > as_of:
        err(f"{where}: payment date {day} is after as-of {as_of}")
    if p["status"] not in statuses:
        err(f"{where}: status {p['status']!r}")
    else:
        statuses[p["status"]] += 1
    if p["status"] == "returned":
        back = date(where, p["returned_date"])
        if back < day or back > as_of:
            err(f"{where}: returned_date {back} is not between the payment date {day} and as-of {as_of}")
    elif p["returned_date"]:
        err(f"{where}: a cleared payment with a returned_date {p['returned_date']!r}")
    key = (p["customer_ref"], p["date"])
    if key < last:
        err(f"{where}: payments are not sorted by customer then date")
    last = key
    if p["status"] == "cleared" and p["invoice_ref"]:
        paid[p["invoice_ref"]] = paid.get(p["invoice_ref"], 0) + int(p["amount"].replace(".", ""))
if statuses["returned"] == 0 or unnamed == 0:
    err(f"payments.csv: want some returned and some unnamed payments ({statuses}, {unnamed} unnamed)")

# A realistic share of invoices is still open (named payments only: a lower bound on what is paid).
open_count = sum(1 for ref, i in invoices.items() if paid.get(ref, 0) < int(i["amount"].replace(".", "")))
share = open_count / len(invoices)
if not 0.10 <= share <= 0.35:
    err(f"{open_count} of {len(invoices)} invoices not fully paid by a named payment ({share:.1%}), want 10-35%")

if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
EOF

# Bad --customers values: exit 2 with a message naming the value.
for bad in 0 -5 abc 12x 1e3 "" 99999999999999999999 " 7"; do
	set +e
	"$RECOUP" generate --customers "$bad" --out "$tmp/bad" >"$tmp/bad.out" 2>"$tmp/bad.err"
	rc=$?
	set -e
	[ "$rc" -eq 2 ] || fail "--customers '$bad' exited $rc, want 2"
	grep -q -- "--customers" "$tmp/bad.err" || fail "--customers '$bad': no message: $(cat "$tmp/bad.err")"
done
[ ! -e "$tmp/bad" ] || fail "a refused command created its output directory"

expect_exit() {
	local want=$1
	shift
	set +e
	"$RECOUP" "$@" >"$tmp/x.out" 2>"$tmp/x.err"
	local rc=$?
	set -e
	[ "$rc" -eq "$want" ] || fail "recoup $* exited $rc, want $want ($(cat "$tmp/x.err"))"
	[ -s "$tmp/x.err" ] || fail "recoup $* printed no message"
}
expect_exit 2 generate --out "$tmp/bad"
expect_exit 2 generate --customers 10
expect_exit 2 generate --customers 10 --as-of 2026-02-30 --out "$tmp/bad"
expect_exit 2 generate --customers 10 --seed -1 --out "$tmp/bad"
expect_exit 2 generate --customers 10 --bogus --out "$tmp/bad"
expect_exit 2 generate --customers 10 --out "$tmp/bad" extra
# An output directory that cannot be created is an environment error.
touch "$tmp/file"
expect_exit 3 generate --customers 10 --out "$tmp/file/sub"

# Without --as-of the date is today's (UTC): nothing is dated after it.
"$RECOUP" generate --customers 50 --out "$tmp/today" >/dev/null
today=$(date -u +%Y-%m-%d)
awk -F, -v t="$today" 'NR > 1 && $4 > t { print "payment after today: " $0; bad = 1 } END { exit bad }' "$tmp/today/payments.csv" ||
	fail "payments dated after today"

echo "ok t0200-generate"

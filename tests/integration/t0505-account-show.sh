#!/usr/bin/env bash
# recoup account show (issue 9 point 7): the call-preparation screen of a
# hand-built Ontario account, section by section, in JSON (its keys are an
# interface) and as a table; the call refused on Canada Day 2027 with the
# rule's code and next moment, allowed the day after; the options follow the
# acting user's role; the risk band is customer show's; the steps of its
# strategy still ahead, with their dates, and a tenant's own strategy.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

export USER=bob.k
recoup init >/dev/null
customers=$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
ON1,Maple Tools Ltd,company,CA,America/Toronto,en,CAD,5000.00,ap@maple.example,+1 416 555 0100,"1 King St W, Toronto",
NOC,No Contact Co,company,CA,America/Toronto,en,CAD,,,,,
CSV
)
contacts=$(csv_file contacts.csv <<'CSV'
contact_ref,customer_ref,name,role,phone,email,timezone,pays_bills,best_time,notes
ON1-CEO,ON1,Pat Owner,owner,+1 416 555 0109,pat@maple.example,,false,,
ON1-AP,ON1,Jean Roy,accounts_payable,+1 416 555 0101,jean@maple.example,,true,mornings before 11,
CSV
)
invoices=$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount,po_ref,delivery_note_ref,signed
ON1-2601,ON1,2026-01-15,2026-02-14,CAD,900.00,PO-10,DN-10,true
ON1-2604,ON1,2026-04-10,2026-05-10,CAD,1200.00,PO-11,DN-11,true
ON1-2609,ON1,2026-09-01,2026-10-01,CAD,1500.00,PO-13,DN-13,true
ON1-2610,ON1,2026-10-05,2026-11-04,CAD,2500.00,PO-14,,false
ON1-2611,ON1,2026-11-02,2027-07-05,CAD,800.00,,,false
CSV
)
payments=$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency
P1,ON1,ON1-2601,2026-02-10,900.00,CAD
P2,ON1,ON1-2604,2026-05-20,1200.00,CAD
P3,ON1,ON1-2609,2026-10-20,500.00,CAD
CSV
)
recoup import customers "$customers" >/dev/null
recoup import contacts "$contacts" >/dev/null
recoup import invoices "$invoices" >/dev/null
recoup import payments "$payments" >/dev/null
# calls at 09:05, 10:10 and 15:00 Toronto time (EDT, UTC-4)
recoup contact log --contact ON1-AP --channel call --outcome no_answer --at 2026-10-13T13:05:00Z >/dev/null
recoup contact log --contact ON1-AP --channel call --outcome right_party --at 2026-10-14T14:10:00Z \
	--spoke-with "Jean Roy" --note "will check with the owner" >/dev/null
recoup contact log --contact ON1-CEO --channel call --outcome message_left --at 2026-10-21T19:00:00Z \
	--spoke-with "Sue (assistant)" >/dev/null
recoup customer flag ON1 dispute --invoice ON1-2610 --reason "goods damaged" >/dev/null
recoup user add bob.k --role collector >/dev/null
recoup user add dee --role manager >/dev/null

j() { # j EXPR: a Python expression over the last run's JSON `v`
	python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); r=eval(sys.argv[2])
print("null" if r is None else (str(r).lower() if isinstance(r, bool) else r))' "$TMP/out" "$1"
}

# --- Canada Day 2027, 10:00 in Toronto ---
db_snapshot
expect_exit 0 recoup account show ON1 --now 2027-07-01T14:00:00Z --format json
expect_eq "the JSON keys" \
	"now customer balance call best_time contacts invoices purchase_history recent_contacts contact_attempts flags credit risk next_steps script" \
	"$(j '" ".join(v.keys())')"
expect_eq "now is the --now moment" 2027-07-01T14:00:00Z "$(j 'v["now"]')"
# customer and its local time
expect_eq "customer" "ON1|Maple Tools Ltd|company|CA|CAD|5000.00" \
	"$(j '"|".join(str(v["customer"][k]) for k in ("ref","name","kind","country","currency","credit_limit"))')"
expect_eq "local time now" "2027-07-01T10:00-04:00 America/Toronto" "$(j 'v["customer"]["local_time"]')"
# balance
expect_eq "owed, overdue, net" "4300.00|3500.00|0.00|4300.00|3|2|273|ON1-2609" \
	"$(j '"|".join(str(v["balance"][k]) for k in ("owed","overdue","unapplied_credit","net","open_invoices","overdue_invoices","days_past_due","oldest_overdue"))')"
# the call: refused on the holiday, with the rule's code and the next moment
expect_eq "call target is the contact who pays the bills" ON1-AP "$(j 'v["call"]["contact_ref"]')"
expect_eq "call refused on Canada Day" false "$(j 'v["call"]["allowed"]')"
expect_eq "refused by the holiday rule" holiday "$(j '" ".join(r["code"] for r in v["call"]["reasons"])')"
expect_eq "the rule names the calendar" 1 "$(j '1 if "Canada Day, calendar CA-ON" in v["call"]["reasons"][0]["message"] else 0')"
expect_eq "next allowed: Friday 2 July 08:00 Toronto" 2027-07-02T12:00:00Z "$(j 'v["call"]["next_allowed_at"]')"
expect_eq "profile b2b" b2b "$(j 'v["call"]["profile"]')"
# contacts
expect_eq "contacts with roles" "ON1:debtor:False ON1-CEO:owner:False ON1-AP:accounts_payable:True" \
	"$(j '" ".join("%s:%s:%s" % (c["ref"], c["role"], c["pays_bills"]) for c in v["contacts"])')"
expect_eq "one call target" "ON1-AP" "$(j '" ".join(c["ref"] for c in v["contacts"] if c["call_target"])')"
# best time to call
expect_eq "stated best time" "mornings before 11" "$(j 'v["best_time"]["stated"]')"
expect_eq "preferred windows of the day" "09:00-11:00, 14:30-16:00" "$(j 'v["best_time"]["preferred_windows_today"]')"
expect_eq "answered calls by local hour" "9:0/1 10:1/1 15:1/1" \
	"$(j '" ".join("%d:%d/%d" % (h["hour"], h["answered"], h["calls"]) for h in v["best_time"]["answered_by_local_hour"])')"
# open invoices with DPD and documents
expect_eq "open invoices, DPD, documents" \
	"ON1-2609:273:1000.00:PO-13:DN-13:True:False ON1-2610:239:2500.00:PO-14:None:False:True ON1-2611:0:800.00:None:None:False:False" \
	"$(j '" ".join("%s:%d:%s:%s:%s:%s:%s" % (i["ref"], i["dpd"], i["balance"], i["po_ref"], i["delivery_note_ref"], i["signed"], i["disputed"]) for i in v["invoices"])')"
# purchase history: 18 months, February 2026 to July 2027 (January's invoice is older)
expect_eq "18 months" "18|2026-02|2027-07" \
	"$(j '"%d|%s|%s" % (len(v["purchase_history"]), v["purchase_history"][0]["month"], v["purchase_history"][-1]["month"])')"
expect_eq "months with invoices" "2026-04:1:1200.00 2026-09:1:1500.00 2026-10:1:2500.00 2026-11:1:800.00" \
	"$(j '" ".join("%s:%d:%s" % (m["month"], m["invoices"], m["volume"]) for m in v["purchase_history"] if m["invoices"])')"
# last contacts, newest first, and who answered
expect_eq "last contacts" \
	"2026-10-21T19:00:00Z:ON1-CEO:message_left:Sue (assistant) 2026-10-14T14:10:00Z:ON1-AP:right_party:Jean Roy 2026-10-13T13:05:00Z:ON1-AP:no_answer:None" \
	"$(j '" ".join("%s:%s:%s:%s" % (a["at"], a["contact_ref"], a["outcome"], a["spoke_with"]) for a in v["recent_contacts"])')"
expect_eq "their local time" "2026-10-14T10:10-04:00 America/Toronto" "$(j 'v["recent_contacts"][1]["local_time"]')"
# flags
expect_eq "active flags" "dispute:ON1-2610:goods damaged:bob.k" \
	"$(j '" ".join("%s:%s:%s:%s" % (f["flag"], f["invoice_ref"], f["reason"], f["set_by"]) for f in v["flags"])')"
# the risk band as of the --now day, the same as customer show's for that day, factors listed
account_risk=$(j 'json.dumps(v["risk"], sort_keys=True)')
expect_eq "risk: a band with its factors" 1 "$(j '1 if v["risk"]["band"] in "ABCDE" and len(v["risk"]["factors"]) > 0 else 0')"
cp "$TMP/out" "$TMP/account.json"
expect_exit 0 recoup customer show ON1 --as-of 2027-07-01 --format json
expect_eq "risk: customer show's for the same day" "$account_risk" "$(j 'json.dumps(v["risk"], sort_keys=True)')"
cp "$TMP/account.json" "$TMP/out"
# the strategy's next steps: the oldest invoice is 273 days late, past every step of b2b-gentle
expect_eq "next steps: all reached" "b2b-gentle:ON1-2609:0" \
	"$(j '"%s:%s:%d" % (v["next_steps"]["strategy"], v["next_steps"]["invoice_ref"], len(v["next_steps"]["steps"]))')"
expect_eq "script: consequences" "Every step of the b2b-gentle strategy has been reached: the account is with the manager for review." \
	"$(j 'v["script"]["consequences"][0]')"
# the call script
expect_eq "script: who to ask for" 1 "$(j '1 if v["script"]["facts"][0].startswith("Ask for Jean Roy (accounts_payable, pays the bills)") else 0')"
expect_eq "script: amount overdue and oldest invoice" \
	"2 invoices overdue, 3500.00 CAD in all; the oldest, ON1-2609, was due 2026-10-01 (273 days ago): 1000.00 CAD." \
	"$(j 'v["script"]["facts"][1]')"
expect_eq "script: the disputed invoice is named" 1 "$(j '1 if any(f.startswith("Invoice ON1-2610 is disputed (goods damaged)") for f in v["script"]["facts"]) else 0')"
expect_eq "script: benefits name the credit line" 1 "$(j '1 if any("5000.00 CAD" in b for b in v["script"]["benefits"]) else 0')"
expect_eq "273 days overdue, past the policy's 60: the line is not promised as open" 1 \
	"$(j '1 if any(b.startswith("New orders on credit are refused while an invoice is more than 60 days overdue") for b in v["script"]["benefits"]) and not any("stays open" in b for b in v["script"]["benefits"]) else 0')"
expect_eq "credit: no hold, seriously overdue, the policy's days" "false|null|true|60" \
	"$(j '"|".join(str(x).lower() if x is not None else "null" for x in (v["credit"]["on_hold"], v["credit"]["hold"], v["credit"]["seriously_overdue"], v["credit"]["policy_overdue_days"]))')"
expect_eq "script: a collector offers a plan only with approval" 1 \
	"$(j '1 if any("needs a manager" in o for o in v["script"]["options"]) else 0')"
expect_db_unchanged "account show writes nothing"

# --- the next day, 10:00 Toronto: allowed ---
expect_exit 0 recoup account show ON1 --now 2027-07-02T14:00:00Z --format json
expect_eq "call allowed on 2 July" true "$(j 'v["call"]["allowed"]')"
expect_eq "no reason" "" "$(j '" ".join(r["code"] for r in v["call"]["reasons"])')"
expect_eq "next_allowed_at is the moment itself" 2027-07-02T14:00:00Z "$(j 'v["call"]["next_allowed_at"]')"
expect_eq "DPD counts to the new day" 274 "$(j 'v["balance"]["days_past_due"]')"

# --- a manager may offer a plan ---
USER=dee expect_exit 0 recoup account show ON1 --now 2027-07-02T14:00:00Z --format json
expect_eq "a manager may agree a plan" 1 "$(j '1 if any("manager: you may agree it" in o for o in v["script"]["options"]) else 0')"

# --- the table shows every section ---
expect_exit 0 recoup account show ON1 --now 2027-07-01T14:00:00Z
for text in "account ON1: Maple Tools Ltd (company, CA, America/Toronto)" \
	"local time now: 2027-07-01T10:00-04:00 America/Toronto" \
	"call now: REFUSED (contact ON1-AP, profile b2b" \
	"  holiday: 2027-07-01 is a public holiday (Canada Day, calendar CA-ON)" \
	"  next allowed at 2027-07-02T12:00:00Z" \
	"  stated: mornings before 11" \
	"  preferred windows today: 09:00-11:00, 14:30-16:00" \
	" 10:00 1/1" \
	"* ON1-AP" "pays the bills" \
	"ON1-2610       issued 2026-10-05 due 2026-11-04  239 DPD" "PO PO-14  delivery note -  not signed" \
	"purchase history (invoices issued, 18 months): 4 invoices, 6,000.00 CAD" \
	"last contacts (3 of 3):" "answered by Sue (assistant)" \
	"dispute" "risk band " "factor" "next steps of strategy b2b-gentle (invoice ON1-2609):" "(every step reached)" \
	"benefits of settling now:" "options you may offer:"; do
	expect_stdout_contains "$text"
done

# --- no contact, unknown customer, bad options ---
# ten days after the oldest invoice fell due, the steps still ahead of it, dated from its due date
expect_exit 0 recoup account show ON1 --now 2026-10-11T14:00:00Z --format json
expect_eq "next steps ahead in October 2026" \
	"2026-10-16:statement 2026-10-31:second-call 2026-11-15:formal-letter 2026-11-30:credit-hold 2026-12-30:agency-review" \
	"$(j '" ".join("%s:%s" % (s["date"], s["step"]) for s in v["next_steps"]["steps"])')"
expect_eq "script: the first consequence" "On 2026-10-16, a reminder by email (b2b-gentle strategy, step statement)." \
	"$(j 'v["script"]["consequences"][0]')"
# a tenant's own strategy for Canadian companies wins over the default
cat >"$TMP/ca.json" <<'JSON'
{"name": "ca-firm", "segment": {"kind": "company", "countries": ["CA"]},
 "steps": [{"name": "call-20", "offset_days": 20, "action": "call", "template": "first-call"},
           {"name": "hold-25", "offset_days": 25, "action": "credit_hold", "template": "hold"}]}
JSON
recoup strategy set ca-firm "$TMP/ca.json" >/dev/null
expect_exit 0 recoup account show ON1 --now 2026-10-11T14:00:00Z --format json
expect_eq "next steps of the tenant's strategy" "ca-firm 2026-10-21:call:call-20 2026-10-26:credit_hold:hold-25" \
	"$(j 'v["next_steps"]["strategy"] + " " + " ".join("%s:%s:%s" % (s["date"], s["action"], s["step"]) for s in v["next_steps"]["steps"])')"
# a strategy for tagged customers applies once the customer carries the tag, as in the daily run
cat >"$TMP/key.json" <<'JSON'
{"name": "key-accounts", "priority": 200, "segment": {"tags": ["key-account"]},
 "steps": [{"name": "exec-call", "offset_days": 12, "action": "call", "template": "exec-call"}]}
JSON
recoup strategy set key-accounts "$TMP/key.json" >/dev/null
expect_exit 0 recoup account show ON1 --now 2026-10-11T14:00:00Z --format json
expect_eq "untagged: still the tenant's strategy" ca-firm "$(j 'v["next_steps"]["strategy"]')"
expect_eq "10 days overdue, within the policy: the credit line stays open" "false|1" \
	"$(j '"%s|%d" % (str(v["credit"]["seriously_overdue"]).lower(), sum("The credit line of 5000.00 CAD stays open for new orders." == b for b in v["script"]["benefits"]))')"
recoup customer set ON1 tags=key-account --by test >/dev/null
expect_exit 0 recoup account show ON1 --now 2026-10-11T14:00:00Z --format json
expect_eq "tagged: the key-accounts strategy" "key-accounts 2026-10-13:exec-call" \
	"$(j 'v["next_steps"]["strategy"] + " " + " ".join("%s:%s" % (s["date"], s["step"]) for s in v["next_steps"]["steps"])')"

# a hold set by hand: the screen says so, and settling is what a manager needs to release it
recoup credit hold ON1 --reason "cheque bounced" --by dee >/dev/null
expect_exit 0 recoup account show ON1 --now 2027-07-02T14:00:00Z --format json
expect_eq "credit: on hold, by hand, by dee, why" "true|hand|dee|cheque bounced" \
	"$(j '"|".join(str(x).lower() if isinstance(x, bool) else x for x in (v["credit"]["on_hold"], v["credit"]["hold"]["source"], v["credit"]["hold"]["set_by"], v["credit"]["hold"]["reason"]))')"
expect_eq "script: the hold, not the open line" 1 \
	"$(j '1 if any(b.startswith("New orders are on credit hold now (set by dee)") for b in v["script"]["benefits"]) else 0')"
expect_exit 0 recoup account show ON1 --now 2027-07-02T14:00:00Z
expect_stdout_contains "credit: limit 5,000.00 CAD; ON HOLD since"
recoup credit release ON1 --reason "paid by transfer" --by dee >/dev/null

expect_exit 0 recoup account show NOC --now 2027-07-02T14:00:00Z --format json
expect_eq "a customer without a phone: no call, nothing overdue, nothing to offer" "None|0" \
	"$(j '"%s|%d" % (v["call"], len(v["script"]["options"])) if v["call"] is None else "x"')"
expect_exit 0 recoup account show NOC --now 2027-07-02T14:00:00Z
expect_stdout_contains "call now: no contact with a phone to call"
expect_exit 1 recoup account show NOPE
expect_stderr_contains "unknown customer 'NOPE'"
expect_exit 2 recoup account show ON1 --now yesterday
expect_exit 2 recoup account show ON1 --format csv
expect_exit 2 recoup account show
expect_exit 2 recoup account list

finish

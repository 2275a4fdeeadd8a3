#!/usr/bin/env bash
# The debtor's local time with the debtor's day when it is not the user's
# (tests/web/t1026-web-debtor-day.mjs): a customer in Pago Pago (UTC-11)
# seen from Kiritimati (UTC+14), always a day behind, and from Pago Pago;
# the zone's name whole (`recoup account show` cut it at 16 characters).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
recoup import customers "$(csv_file pago-customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
W-PAGO,Pago Pago Traders,company,AS,Pacific/Pago_Pago,en,USD,,ap@pago.example,+1 684 555 0101,"1 Main Rd, Pago Pago",around-the-clock
CSV
)" >/dev/null
recoup import contacts "$(csv_file pago-contacts.csv <<'CSV'
contact_ref,customer_ref,name,role,phone,email,timezone,pays_bills,best_time,notes
W-PAGO-AP,W-PAGO,Lani Faleolo,accounts_payable,+1 684 555 0102,lani@pago.example,,true,,
CSV
)" >/dev/null
recoup import invoices "$(csv_file pago-invoices.csv <<CSV
invoice_ref,customer_ref,issue_date,due_date,currency,amount,po_ref,delivery_note_ref,signed
W-P1,W-PAGO,$(date -u -d '-39 days' +%F),$(date -u -d '-9 days' +%F),USD,75.00,,,false
CSV
)" >/dev/null
web_node t1026-web-debtor-day.mjs
# the zone's name whole in the account's local time (it was cut at 40 bytes: "Pacific/Pago_Pag",
# "America/Los_Ange"), on the screen and in the JSON the page reads
run recoup account show W-PAGO
expect_stdout_contains "-11:00 Pacific/Pago_Pago"
run recoup account show W-PAGO --format json
expect_stdout_contains "-11:00 Pacific/Pago_Pago\""
finish

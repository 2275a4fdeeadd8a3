# web_lib.sh: what the browser tests (t1000-t1009) share; sourced after
# lib.sh and serve_lib.sh. The browser side is tests/web/ (harness.mjs,
# playwright-core driving Debian's chromium-headless-shell); install-deps
# puts its npm packages in tests/web/node_modules.

WEB="$SRCDIR/tests/web"

# web_setup: the portfolio of tests/web/data, on the backend under test:
# four companies in four currencies (USD, BRL, JPY with no decimals, EUR)
# and zones, their contacts (a bill payer each), invoices overdue 9 and 40
# days as of today, the daily run as of yesterday (so every call it plans
# is due by now in every zone), and users: collectors ann and raj, manager
# max, each with the password NAME-password. The contact-rule profile
# around-the-clock (every hour, every day, no caps) keeps the queue the
# same whatever the hour the test runs at: the server reads the real clock.
web_setup() {
	local due issued due_old issued_old yesterday
	due=$(date -u -d '-9 days' +%F)
	issued=$(date -u -d '-39 days' +%F)
	due_old=$(date -u -d '-40 days' +%F)
	issued_old=$(date -u -d '-70 days' +%F)
	yesterday=$(date -u -d '-1 day' +%F)
	recoup init >/dev/null
	recoup rules set around-the-clock "$WEB/data/around-the-clock.json" >/dev/null
	recoup import customers "$WEB/data/customers.csv" >/dev/null
	recoup import contacts "$WEB/data/contacts.csv" >/dev/null
	csv_file invoices.csv >/dev/null <<CSV
invoice_ref,customer_ref,issue_date,due_date,currency,amount,po_ref,delivery_note_ref,signed
W-I1,W-ACME,$issued,$due,USD,1200.50,PO-77,DN-5,true
W-I2,W-ACME,$issued_old,$due_old,USD,310.00,,,false
W-I3,W-SOL,$issued,$due,BRL,4500.00,,,false
W-I4,W-KYO,$issued,$due,JPY,250000,,,false
W-I5,W-BER,$issued,$due,EUR,980.75,,,false
CSV
	recoup import invoices "$TMP/invoices.csv" >/dev/null
	recoup run --as-of "$yesterday" >/dev/null
	for u in ann raj; do
		echo "$u-password" | recoup user add "$u" --role collector --password-stdin >/dev/null
	done
	echo "max-password" | recoup user add max --role manager --password-stdin >/dev/null
	recoup assign >/dev/null
}

# web_node TEST.mjs: runs a browser test of tests/web with the database
# under test and counts its PASS / FAIL lines (serve_lib.sh results_count).
web_node() {
	local rc
	set +e
	RECOUP_DB=$RECOUP_DB TMP=$TMP node "$WEB/$1" >"$TMP/node.out" 2>"$TMP/node.err"
	rc=$?
	set -e
	results_count "$TMP/node.out"
	if [[ $rc != 0 && ! -s $TMP/node.out ]]; then
		fail "the browser test ran ($1, exit $rc)" "$(tail -20 "$TMP/node.err")" "server log:" \
			"$(tail -10 "$TMP/serve.log" 2>/dev/null)"
	fi
	return 0
}

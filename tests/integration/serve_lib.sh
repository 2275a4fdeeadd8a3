# serve_lib.sh: what the server's scenario tests (t0800-t0819) share;
# sourced after lib.sh. The HTTP side is Python's standard library
# (serve_client.py), run by Debian's /usr/bin/python3.

PY=/usr/bin/python3

# results_count FILE: counts the "PASS desc" / "FAIL desc" lines of FILE as
# lib.sh's pass and fail (a FAIL's indented lines that follow are its
# details); other lines are shown as they are. The browser tests
# (web_lib.sh) report the same way.
results_count() {
	local line desc details=()
	desc=""
	while IFS= read -r line; do
		if [[ $line == "    "* && -n $desc ]]; then
			details+=("$line")
			continue
		fi
		if [[ -n $desc ]]; then
			fail "$desc" "${details[@]}"
			desc=""
		fi
		case $line in
		"PASS "*) pass "${line#PASS }" ;;
		"FAIL "*)
			desc=${line#FAIL }
			details=()
			;;
		*) echo "$line" ;;
		esac
	done <"$1"
	if [[ -n $desc ]]; then
		fail "$desc" "${details[@]}"
	fi
}

# serve_py < PROGRAM: runs a Python program (serve_client imported as `sc`)
# and counts its "PASS desc" / "FAIL desc" lines as lib.sh's pass and fail.
# A program that dies (an exception) fails the test with its traceback.
serve_py() {
	local rc
	cat >"$TMP/prog.py"
	set +e
	PYTHONPATH="$SRCDIR/tests/integration" TMP="$TMP" "$PY" -c 'import serve_client as sc
exec(open(__import__("sys").argv[1]).read())' "$TMP/prog.py" >"$TMP/py.out" 2>"$TMP/py.err"
	rc=$?
	set -e
	results_count "$TMP/py.out"
	if [[ $rc != 0 ]]; then
		fail "the test program ran to its end (exit $rc)" "$(tail -20 "$TMP/py.err")" \
			"server log:" "$(tail -10 "$TMP/serve.log" 2>/dev/null)"
	fi
	return 0
}

# serve_setup: customers and invoices (tests/data/import), a manager
# alice and a collector bob with passwords.
serve_setup() {
	recoup import customers "$DATA/import/customers.csv" >/dev/null
	recoup import invoices "$DATA/import/invoices.csv" >/dev/null
	echo "alice-password" | recoup user add alice --role manager --password-stdin >/dev/null
	echo "bob-password" | recoup user add bob --role collector --password-stdin >/dev/null
}

# serve_setup_agreements: what the agreement routes' tests (t0811-t0813)
# share: serve_setup, a collector ann sharing the five customers with bob
# (checked), and a second tenant acme with one debtor X1, its overdue
# invoice XI1 and a manager alice (password acme-alice-pw), whose records
# the default tenant must not reach.
serve_setup_agreements() {
	recoup init >/dev/null
	serve_setup
	echo "ann-password" | recoup user add ann --role collector --password-stdin >/dev/null
	expect_exit 0 recoup assign
	expect_eq "ann works C001, C003, C005; bob C002, C004" "C001:ann C002:bob C003:ann C004:bob C005:ann" \
		"$(sql_join " " "SELECT c.ref || ':' || u.name FROM assignment a
	  JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
	  JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id ORDER BY c.ref")"
	expect_exit 0 recoup init --tenant acme
	recoup --tenant acme import customers "$(csv_file acme-customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email
X1,Other Creditor's Debtor,company,US,America/New_York,en,USD,ap@x1.example
CSV
	)" >/dev/null
	recoup --tenant acme import invoices "$(csv_file acme-invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
XI1,X1,2026-01-01,2026-02-01,USD,50.00
CSV
	)" >/dev/null
	echo "acme-alice-pw" | recoup --tenant acme user add alice --role manager --password-stdin >/dev/null
}

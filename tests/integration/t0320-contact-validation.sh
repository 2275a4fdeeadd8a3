#!/usr/bin/env bash
# contact log and customer flag refuse what does not fit: an outcome the
# channel cannot have, an address the contact does not have, control
# characters or bad UTF-8 in free text, a moment after now; tenant names
# are checked. Every refusal: exit code, message, database unchanged.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

IMP="$DATA/import"
for k in customers contacts invoices; do recoup import "$k" "$IMP/$k.csv" >/dev/null; done
AT=2026-01-05T15:00:00Z

db_snapshot
for pair in letter:voicemail email:voicemail letter:no_answer call:sent email:wrong_number visit:voicemail; do
	expect_exit 1 recoup contact log --contact K-001 --channel "${pair%%:*}" --outcome "${pair#*:}" --at $AT
	expect_stderr_contains "outcome '${pair#*:}' cannot happen on a ${pair%%:*}"
done
expect_exit 1 recoup contact log --contact K-001 --channel call --outcome no_answer --at $AT --address "+1 999 555 0000"
expect_stderr_contains "--address '+1 999 555 0000' is not the phone of contact 'K-001' ('+1 212 555 0101')"
expect_exit 1 recoup contact log --contact K-001 --channel email --outcome sent --at $AT --address other@example.com
expect_stderr_contains "is not the email of contact 'K-001'"
expect_exit 1 recoup contact log --contact K-002 --channel email --outcome sent --at $AT --address a@b.example
expect_stderr_contains "contact 'K-002' has no email for a email"
# an over-long address is refused input (exit 1) by the use case, as the HTTP API will see it
expect_exit 1 recoup contact log --contact K-001 --channel email --outcome sent --at $AT --address "$(printf '%0300d' 0)@x.example"
expect_stderr_contains "--address: too long: 310 bytes, at most 254"
expect_exit 1 recoup contact log --contact K-001 --channel call --outcome right_party --at $AT --note $'line\x1b[2J'
expect_stderr_contains "--note: contains a control character (byte 0x1b)"
expect_exit 1 recoup contact log --contact K-001 --channel call --outcome right_party --at $AT --spoke-with $'\xc3\x28'
expect_stderr_contains "--spoke-with: not valid UTF-8"
expect_exit 1 recoup contact log --contact K-001 --channel call --outcome no_answer --at 2099-01-01T00:00:00Z
expect_stderr_contains "--at 2099-01-01T00:00:00Z is after now ("
expect_exit 1 recoup customer flag C001 dispute --reason $'bad\x7f' 
expect_stderr_contains "--reason: contains a control character (byte 0x7f)"
expect_exit 1 recoup customer flag C001 cease --by $'\xff'
expect_stderr_contains "--by: not valid UTF-8"
expect_exit 1 recoup customer flag C001 cease --at 2099-01-01T00:00:00Z
expect_stderr_contains "--at 2099-01-01T00:00:00Z is after now"
expect_db_unchanged "no refused contact or flag wrote anything"

# what fits is accepted: a phone in another format, a moment a minute ahead, a note of two lines
# (free text, as the note column of contact-history.csv: t0878)
expect_exit 0 recoup contact log --contact K-001 --channel call --outcome right_party --at $AT --note $'two\nlines'
expect_exit 0 recoup contact log --contact K-001 --channel call --outcome voicemail --at $AT --address "+1 (212) 555-0101"
expect_exit 0 recoup contact log --contact K-001 --channel letter --outcome sent --at $AT
soon=$(date -u -d '+1 minute' +%Y-%m-%dT%H:%M:%SZ)
expect_exit 0 recoup contact log --contact K-001 --channel sms --outcome sent --at "$soon"
expect_exit 0 recoup customer flag C001 dispute --reason "disputes I-002" --by "Zoë"

# ---- tenant names ----
db_snapshot
expect_exit 2 recoup init --tenant ""
expect_stderr_contains "a tenant name cannot be empty"
expect_exit 2 recoup init --tenant $'acme\x1b'
expect_stderr_contains "tenant name: contains a control character"
expect_exit 2 recoup init --tenant "$(printf 'x%.0s' {1..65})"
expect_stderr_contains "tenant name: too long: 65 bytes, at most 64"
expect_exit 2 recoup init --tenant $'\xe2\x82'
expect_stderr_contains "tenant name: not valid UTF-8"
expect_exit 2 recoup aging --tenant $'a\tb'
expect_db_unchanged "no bad tenant name was created"
expect_exit 0 recoup init --tenant "Łódź Collections"
expect_exit 0 recoup init --tenant "$(printf 'x%.0s' {1..64})"

finish

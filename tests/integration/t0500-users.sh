#!/usr/bin/env bash
# Users (issue 9 point 1): the people who work accounts. add, list, set,
# disable and enable through the binary; names, roles, teams and capacities
# checked with errors that name the field, refused changes that change
# nothing, ERR_CONFLICT (exit 1) for a duplicate, ERR_NOT_FOUND (exit 1) for
# an unknown name, who and when recorded, tenants apart.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

export USER=maria
expect_exit 0 recoup init

# jq-less JSON reading: FIELD of the user NAME in the last `run`'s list
field() {
	python3 -c 'import json,sys
for u in json.load(open(sys.argv[1])):
    if u["name"] == sys.argv[2]:
        v = u[sys.argv[3]]
        print("null" if v is None else (str(v).lower() if isinstance(v, bool) else v))' "$TMP/out" "$1" "$2"
}

# --- add ---
expect_exit 0 recoup user add ann --role admin
expect_stdout_contains "user 'ann' added: admin, capacity 40"
expect_exit 0 recoup user add bob.k --role collector --team "Enterprise East"
expect_exit 0 recoup user add cy_2 --role collector --capacity 55
expect_exit 0 recoup user add dee-m --role manager --team "Enterprise East"

# --- refused: each changes nothing ---
db_snapshot
expect_exit 1 recoup user add bob.k --role manager
expect_stderr_contains "user 'bob.k' already exists"
expect_exit 1 recoup user add Bob --role collector
expect_stderr_contains "user name 'Bob': byte 1 is not one of a-z 0-9 . _ - (a login name)"
expect_exit 1 recoup user add "ann smith" --role collector
expect_stderr_contains "byte 4 is not one of"
expect_exit 1 recoup user add .hidden --role collector
expect_stderr_contains "must not start with '.'"
expect_exit 1 recoup user add "$(printf 'a%.0s' {1..65})" --role collector
expect_stderr_contains "must be 1 to 64 bytes"
expect_exit 0 recoup user add "$(printf 'a%.0s' {1..64})" --role collector # 64 is the most
recoup user disable "$(printf 'a%.0s' {1..64})" >/dev/null
db_snapshot
expect_exit 1 recoup user add eve --role boss
expect_stderr_contains "role 'boss' is not a role (admin, manager, collector)"
expect_exit 2 recoup user add eve
expect_stderr_contains "needs --role"
expect_exit 2 recoup user add eve --role collector --capacity -1
expect_stderr_contains "--capacity '-1': expected a whole number from 0 to 1000"
expect_exit 2 recoup user add eve --role collector --capacity 1001
expect_exit 2 recoup user add eve --role collector --capacity 4x
expect_exit 1 recoup user add eve --role collector --team "$(printf 'tab\there')"
expect_stderr_contains "team"
expect_exit 1 recoup user set nobody --capacity 3
expect_stderr_contains "unknown user 'nobody'"
expect_exit 1 recoup user disable nobody
expect_exit 1 recoup user set bob.k --role chief
expect_exit 2 recoup user set bob.k
expect_exit 2 recoup user frobnicate
expect_exit 2 recoup user list --format csv
expect_db_unchanged "refused adds and changes write nothing"

# --- list: name order, who and when ---
expect_exit 0 recoup user list --format json
expect_eq "list is in name order" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ann bob.k cy_2 dee-m" \
	"$(python3 -c 'import json,sys; print(" ".join(u["name"] for u in json.load(open(sys.argv[1]))))' "$TMP/out")"
expect_eq "role kept" collector "$(field bob.k role)"
expect_eq "team kept" "Enterprise East" "$(field bob.k team)"
expect_eq "no team is null" null "$(field cy_2 team)"
expect_eq "default capacity 40" 40 "$(field bob.k capacity)"
expect_eq "capacity given" 55 "$(field cy_2 capacity)"
expect_eq "created by the actor" maria "$(field bob.k created_by)"
expect_eq "enabled" false "$(field bob.k disabled)"
created=$(field bob.k created_at)
expect_eq "created_at is a UTC moment" 1 "$([[ $created =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]] && echo 1)"
expect_exit 0 recoup user list
expect_stdout_contains "bob.k                collector Enterprise East        40  active"

# --- set: who and when of the change; a change to the same values writes nothing ---
sleep 1
USER=lead expect_exit 0 recoup user set bob.k --capacity 25 --team ""
expect_stdout_contains "user 'bob.k' changed: collector, capacity 25"
expect_exit 0 recoup user list --format json
expect_eq "capacity changed" 25 "$(field bob.k capacity)"
expect_eq "team cleared" null "$(field bob.k team)"
expect_eq "updated by the actor of the change" lead "$(field bob.k updated_by)"
expect_eq "created_by stays" maria "$(field bob.k created_by)"
expect_eq "created_at stays" "$created" "$(field bob.k created_at)"
updated=$(field bob.k updated_at)
expect_eq "updated_at moved on" 1 "$([[ $updated > $created ]] && echo 1)"
db_snapshot
expect_exit 0 recoup user set bob.k --capacity 25
expect_stdout_contains "user 'bob.k' unchanged"
expect_db_unchanged "a change to the same values writes nothing"

# --- disable and enable; the last enabled admin stays ---
expect_exit 0 recoup user disable bob.k
expect_stdout_contains "user 'bob.k' disabled"
expect_exit 0 recoup user disable bob.k
expect_stdout_contains "user 'bob.k' was already disabled"
expect_exit 0 recoup user list --format json
expect_eq "disabled" true "$(field bob.k disabled)"
expect_exit 0 recoup user enable bob.k
expect_stdout_contains "user 'bob.k' enabled"
db_snapshot
expect_exit 1 recoup user disable ann
expect_stderr_contains "user 'ann' is the tenant's last enabled admin"
expect_exit 1 recoup user set ann --role manager
expect_stderr_contains "last enabled admin"
expect_db_unchanged "the last admin is neither disabled nor demoted"
expect_exit 0 recoup user set dee-m --role admin
expect_exit 0 recoup user disable ann
expect_stdout_contains "user 'ann' disabled"

# --- tenants apart ---
expect_exit 0 recoup init --tenant other
expect_exit 0 recoup user list --tenant other --format json
expect_eq "another tenant has no users" "[]" "$(tr -d ' \n' <"$TMP/out")"
expect_exit 0 recoup user add bob.k --role admin --tenant other
expect_exit 0 recoup user list --format json
expect_eq "the default tenant's bob.k is untouched" collector "$(field bob.k role)"

finish

#!/usr/bin/env bash
# The route table (recoup serve --routes), docs/api.md and docs/openapi.json
# list the same routes with the same least role, and every route of
# docs/api.md has an example.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
expect_exit 0 recoup serve --routes
cp "$TMP/out" "$TMP/routes.txt"
/usr/bin/python3 - "$TMP/routes.txt" "$SRCDIR/docs/api.md" "$SRCDIR/docs/openapi.json" >"$TMP/py.out" <<'PY'
import json, re, sys
table = set()
for line in open(sys.argv[1]):
    f = line.split()
    table.add((f[0], f[1], f[2]))
md = open(sys.argv[2]).read()
sections = re.split(r"^### ", md, flags=re.M)[1:]
doc = set()
no_example = []
for s in sections:
    head, body = s.split("\n", 1)
    method, path = head.split()
    role = re.search(r"^Role: (\w+)\.", body, flags=re.M)
    doc.add((method, path, role.group(1) if role else "?"))
    if not re.search(r"^    \$ curl ", body, flags=re.M):
        no_example.append(head)
api = json.load(open(sys.argv[3]))
oa = set()
for path, ops in api["paths"].items():
    for method, o in ops.items():
        oa.add((method.upper(), path, o.get("x-recoup-role", "?")))
def show(a, b):
    return "only in the first: %s; only in the second: %s" % (sorted(a - b), sorted(b - a))
print("PASS" if table == doc else "FAIL", "docs/api.md has the route table's routes and roles", "" if table == doc else show(table, doc))
print("PASS" if table == oa else "FAIL", "docs/openapi.json has the route table's routes and roles", "" if table == oa else show(table, oa))
print("PASS" if not no_example else "FAIL", "every route of docs/api.md has an example", no_example if no_example else "")
print("PASS" if len(table) >= 14 else "FAIL", "the table has the routes of issue 11 (%d)" % len(table), "")
PY
while IFS= read -r line; do
	if [[ ${line%% *} == PASS ]]; then
		pass "${line#PASS }"
	else
		fail "${line#FAIL }"
	fi
done <"$TMP/py.out"
finish

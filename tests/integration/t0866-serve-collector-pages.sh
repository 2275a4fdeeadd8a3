#!/usr/bin/env bash
# A collector's pages of GET /api/v1/customers are pages of their own
# customers: ann, given every 13th of 300 customers (23), walks them with
# ?limit=5 and gets each exactly once, in id order, every page full but
# the last (before, a page was read from all customers and then filtered:
# 2 of 100 and 20 pages to walk). The cursor is as before (the last
# customer's id) and a manager's walk is unchanged; a collector's token
# of no user sees none.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
{
	echo "customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile"
	for i in $(seq 1 300); do
		printf 'P%03d,Customer %d,company,US,America/New_York,en,USD,,,,,\n' "$i" "$i"
	done
} >"$TMP/customers.csv"
expect_exit 0 recoup import customers "$TMP/customers.csv"
for u in ann raj; do
	echo "$u-password" | recoup user add "$u" --role collector --password-stdin >/dev/null
done
echo "max-password" | recoup user add max --role manager --password-stdin >/dev/null
# every 13th customer to ann, the ones after them to raj: each collector's
# customers are far apart in id order
sql "INSERT INTO assignment (tenant_id, customer_id, user_id, since, reason)
  SELECT c.tenant_id, c.id, u.id, '2026-11-01', 'team' FROM customer c
  JOIN app_user u ON u.tenant_id = c.tenant_id
  WHERE (u.name = 'ann' AND c.id % 13 = 0) OR (u.name = 'raj' AND c.id % 13 = 1)"
ANN_REFS=$(sql_join " " "SELECT c.ref FROM assignment a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
  JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id WHERE u.name = 'ann' ORDER BY c.id")
RAJ_REFS=$(sql_join " " "SELECT c.ref FROM assignment a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
  JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id WHERE u.name = 'raj' ORDER BY c.id")
ALL_REFS=$(sql_join " " "SELECT ref FROM customer ORDER BY id")
ALL_IDS=$(sql_join " " "SELECT id FROM customer ORDER BY id")
PLAIN=$(recoup token create plain --role collector)
export ANN_REFS RAJ_REFS ALL_REFS ALL_IDS PLAIN
serve_py <<'PY'
import os
s = sc.Server()

def walk(c, limit):
    """Every page from the start: (the pages' refs, the next cursors, the answers not 200)."""
    pages, nexts, bad, after = [], [], [], None
    for _ in range(400):
        r = c.get("/api/v1/customers?limit=%d" % limit + ("&after=" + after if after else ""))
        if r.status != 200:
            bad.append(r)
            break
        pages.append([i["customer_ref"] for i in r.json["items"]])
        nexts.append(r.json["next"])
        after = r.json["next"]
        if after is None:
            break
    return pages, nexts, bad

def check_walk(who, c, limit, refs):
    pages, nexts, bad = walk(c, limit)
    got = [ref for p in pages for ref in p]
    sc.check("%s's walk by %d answers 200 throughout" % (who, limit), not bad, bad)
    sc.check("%s's walk gives exactly their %d customers, once each, in id order" % (who, len(refs)),
             got == refs, got, refs)
    full = all(len(p) == limit for p in pages[:-1]) and len(pages[-1]) <= limit
    sc.check("%s's pages are full but the last" % who, full, [len(p) for p in pages])
    sc.check("%s's walk takes %d pages" % (who, len(refs) // limit + 1), len(pages) == len(refs) // limit + 1,
             [len(p) for p in pages])
    sc.check("%s's cursors are id strings, null on the last page" % who,
             nexts[-1] is None and all(isinstance(n, str) and n.isdigit() for n in nexts[:-1]), nexts)

ann_refs, raj_refs, all_refs = (os.environ[k].split() for k in ("ANN_REFS", "RAJ_REFS", "ALL_REFS"))
sc.check("ann has 23 customers and raj 24 (else this test proves little)", len(ann_refs) == 23 and len(raj_refs) == 24,
         ann_refs, raj_refs)
ann = sc.Client(s, "ann", "ann-password")
raj = sc.Client(s, "raj", "raj-password")
mx = sc.Client(s, "max", "max-password")
check_walk("ann", ann, 5, ann_refs)
check_walk("ann", ann, 100, ann_refs)
check_walk("raj", raj, 7, raj_refs)
check_walk("raj", raj, 8, raj_refs)  # three full pages, then an empty last one, as a manager's
check_walk("max", mx, 100, all_refs)
check_walk("max", mx, 7, all_refs)

r = ann.get("/api/v1/customers?limit=5")
first = r.json["items"] if r.json else []
sc.check("ann's first page of 5 is her first 5 customers", [i["customer_ref"] for i in first] == ann_refs[:5], r)
r2 = ann.get("/api/v1/customers?limit=5&after=" + (r.json["next"] or ""))
sc.check("... and the next page, from its cursor, her next 5",
         r2.json and [i["customer_ref"] for i in r2.json["items"]] == ann_refs[5:10], r2)
# a cursor of someone else's customer (any id) starts after it, as before
ids = dict(zip(all_refs, os.environ["ALL_IDS"].split()))
k = all_refs.index(raj_refs[1])
r = ann.get("/api/v1/customers?limit=3&after=" + ids[raj_refs[1]])
sc.check("after raj's second customer: ann's customers after it",
         r.json and [i["customer_ref"] for i in r.json["items"]] == [x for x in all_refs[k + 1:] if x in ann_refs][:3], r)
r = mx.get("/api/v1/customers?limit=3&after=" + ids[raj_refs[1]])
sc.check("... and a manager's, every customer after it",
         r.json and [i["customer_ref"] for i in r.json["items"]] == all_refs[k + 1:k + 4], r)
pages, nexts, bad = walk(ann, 5)
sc.check("ann's cursors are her pages' last customers' ids",
         nexts[:-1] == [ids[p[-1]] for p in pages[:-1]], nexts)
plain = sc.Client(s, token=os.environ["PLAIN"])
r = plain.get("/api/v1/customers?limit=5")
sc.check("a collector's token of no user: no customers, no next", r.status == 200 and r.json == {"items": [], "next": None}, r)
PY
finish

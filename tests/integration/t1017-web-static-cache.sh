#!/usr/bin/env bash
# The workspace's files and the browser's cache (issue 13, bench/web's full
# loads): every file carries an ETag and Cache-Control: no-cache; the same
# tag in If-None-Match (alone, in a list, weak, or *) gets 304 with no body
# and a tag of another version gets the file; a changed file gets a new
# tag. The API's answers, data or errors, are never cached (no-store, no
# ETag). Over a copy of web/ (--web), so the test may change a file.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
mkdir -p "$TMP/web"
cp "$SRCDIR"/web/*.html "$SRCDIR"/web/*.js "$SRCDIR"/web/*.css "$TMP/web/"

serve_py <<'PY'
import os
web = os.path.join(os.environ["TMP"], "web")
s = sc.Server(["--web", web])

def tagged(desc, r, ctype):
    sc.check(desc + ": 200, its type, an ETag and Cache-Control: no-cache",
             r.status == 200 and (r.header("Content-Type") or "").startswith(ctype)
             and (r.header("ETag") or "").startswith('"') and r.header("Cache-Control") == "no-cache", r.headers)

r = s.request("GET", "/")
tagged("the page", r, "text/html")
sc.check("the page carries its Content-Security-Policy", "script-src 'self'" in (r.header("Content-Security-Policy") or ""),
         r.headers)
page_tag = r.header("ETag")
r = s.request("GET", "/early.js")
tagged("early.js", r, "text/javascript")
sc.check("early.js is the file", r.body == open(os.path.join(web, "early.js"), "rb").read(), r.body[:200])
tag = r.header("ETag")
tagged("a stylesheet", s.request("GET", "/style.css"), "text/css")

def revalidate(desc, inm, status):
    r = s.request("GET", "/early.js", headers={"If-None-Match": inm})
    if status == 304:
        sc.check(desc + ": 304 with no body, the same ETag and Cache-Control",
                 r.status == 304 and r.body == b"" and r.header("ETag") == tag and r.header("Cache-Control") == "no-cache",
                 r.status, r.headers, r.body[:100])
    else:
        sc.check(desc + ": 200 with the file", r.status == 200 and len(r.body) > 0 and r.header("ETag") == tag,
                 r.status, r.headers)
    return r

revalidate("If-None-Match with the file's tag", tag, 304)
revalidate("the tag as a cache between may send it (weak, W/)", "W/" + tag, 304)
revalidate("the tag in a list", '"0-0.0", ' + tag + ', "1-1.1"', 304)
revalidate("If-None-Match: *", "*", 304)
revalidate("another version's tag", '"0-0.0"', 200)
revalidate("a tag that only begins like the file's", tag[:-2] + '"', 200)
revalidate("a list without the file's tag", '"0-0.0", W/"1-1.1"', 200)
r = s.request("GET", "/", headers={"If-None-Match": page_tag})
sc.check("the page revalidates too (304)", r.status == 304 and r.body == b"", r.status, r.headers)

# an upgrade: the file changes (its size and modification time)
path = os.path.join(web, "early.js")
with open(path, "ab") as f:
    f.write(b"\n// upgraded\n")
st = os.stat(path)
os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
r = s.request("GET", "/early.js", headers={"If-None-Match": tag})
sc.check("a changed file answers the old tag with the new file and a new ETag",
         r.status == 200 and r.body.endswith(b"// upgraded\n") and r.header("ETag") not in (None, tag), r.status, r.headers)
new_tag = r.header("ETag")
r = s.request("GET", "/early.js", headers={"If-None-Match": new_tag})
sc.check("and its new tag gets 304", r.status == 304, r.status, r.headers)

# the API: never cached, whatever the request says
r = s.request("GET", "/no-such-file.js")
sc.check("a missing file: 404, not cached", r.status == 404 and r.header("Cache-Control") == "no-store", r.status, r.headers)
bob = sc.Client(s, "bob", "bob-password")
sc.check("the sign-in is not cached (no-store)", bob.signin.status == 201 and bob.signin.header("Cache-Control") == "no-store",
         bob.signin.headers)
for path in ("/api/v1/queue", "/api/v1/customers"):
    r = bob.get(path, {"If-None-Match": "*"})
    sc.check("GET %s: 200 JSON, Cache-Control: no-store and no ETag, even asked with If-None-Match" % path,
             r.status == 200 and (r.header("Content-Type") or "").startswith("application/json")
             and r.header("Cache-Control") == "no-store" and r.header("ETag") is None, r.status, r.headers)
r = s.request("GET", "/api/v1/queue")
sc.check("an API error (401) is not cached either", r.status == 401 and r.header("Cache-Control") == "no-store", r.headers)
rc = s.stop()
sc.check("SIGTERM: exit 0", rc == 0, "exit %s" % rc)
PY
finish

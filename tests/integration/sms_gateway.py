#!/usr/bin/python3
"""sms_gateway.py DIR: an HTTP SMS gateway on loopback for the channel tests.

Listens on a free port of 127.0.0.1 and writes it to DIR/port. Every POST
is appended to DIR/requests.jsonl as {"path", "auth", "content_type",
"idempotency_key", "body": the parsed form or JSON object, "status"}.
DIR/rules.json, read per request when it exists, steers the answers:
  {"status": {"+441234": [503, 503]}}  answer the listed statuses, in turn,
                                       to requests for that number, then 200
"""
import http.server
import json
import os
import socket
import sys
import urllib.parse

DIR = sys.argv[1]
served = {}


def rules():
    try:
        with open(os.path.join(DIR, "rules.json")) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        ctype = self.headers.get("Content-Type", "")
        if ctype.startswith("application/json"):
            body = json.loads(raw)
        else:
            body = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode(), keep_blank_values=True).items()}
        to = body.get("to", "")
        plan = rules().get("status", {}).get(to, [])
        k = served.get(to, 0)
        status = plan[k] if k < len(plan) else 200
        served[to] = k + 1
        with open(os.path.join(DIR, "requests.jsonl"), "a") as f:
            f.write(json.dumps({"path": self.path, "auth": self.headers.get("Authorization"),
                                "content_type": ctype, "idempotency_key": self.headers.get("Idempotency-Key"),
                                "body": body, "status": status}, ensure_ascii=False) + "\n")
        answer = json.dumps({"ok": status == 200}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(os.path.join(DIR, "port.tmp"), "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
    server.serve_forever()


if __name__ == "__main__":
    main()

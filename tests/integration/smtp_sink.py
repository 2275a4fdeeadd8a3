#!/usr/bin/python3
"""smtp_sink.py DIR: an SMTP server on loopback for the channel tests.

Run with Debian's /usr/bin/python3 (python3-aiosmtpd). Listens on a free
port of 127.0.0.1, writes the port to DIR/port once it accepts, and writes
each accepted message to DIR/msg-NNNNNN.eml (written to a temporary name,
then renamed, so a reader never sees half a message).

DIR/rules.json, read for every message when it exists, steers refusals:
  {"temp": {"addr": N}}   refuse RCPT to addr with 451 the first N times
  {"perm": ["addr"]}      refuse RCPT to addr with 550 always
  {"pause_at": N, "pause": S}  after storing the Nth message, touch
                          DIR/paused and wait S seconds before answering 250
                          (a test kills the client meanwhile: the message is
                          delivered but the client never hears so)
  {"mail": "530 5.7.0 ..."}  answer every MAIL FROM with that reply (a server
                          that wants a login, or refuses the sender)
Every RCPT seen is appended to DIR/rcpt.log ("addr code"), every MAIL FROM to
DIR/mail.log ("addr reply").
"""
import asyncio
import json
import os
import socket
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

DIR = sys.argv[1]
count = 0
temp_seen = {}


def rules():
    try:
        with open(os.path.join(DIR, "rules.json")) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def log_rcpt(addr, code):
    with open(os.path.join(DIR, "rcpt.log"), "a") as f:
        f.write(f"{addr} {code}\n")


class Handler:
    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        reply = rules().get("mail") or "250 OK"
        with open(os.path.join(DIR, "mail.log"), "a") as f:
            f.write(f"{address} {reply}\n")
        if reply.startswith("250"):
            envelope.mail_from = address
            envelope.mail_options.extend(mail_options)
        return reply

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        r = rules()
        if address in r.get("perm", []):
            log_rcpt(address, 550)
            return "550 5.1.1 no such mailbox"
        n = r.get("temp", {}).get(address, 0)
        if temp_seen.get(address, 0) < n:
            temp_seen[address] = temp_seen.get(address, 0) + 1
            log_rcpt(address, 451)
            return "451 4.2.1 mailbox busy, try later"
        log_rcpt(address, 250)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        path = os.path.join(DIR, "msg-%06d.eml" % count)
        with open(path + ".tmp", "wb") as f:
            f.write(b"X-Envelope-From: " + envelope.mail_from.encode() + b"\r\n")
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content)
        os.rename(path + ".tmp", path)
        r = rules()
        if r.get("pause_at") == count:
            open(os.path.join(DIR, "paused"), "w").close()
            await asyncio.sleep(r.get("pause", 5))
        return "250 Message accepted"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, decode_data=False,
                            server_kwargs={"data_size_limit": 10 * 1024 * 1024})
    controller.start()
    with open(os.path.join(DIR, "port.tmp"), "w") as f:
        f.write(str(port))
    os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()

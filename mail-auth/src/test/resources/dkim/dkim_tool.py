#!/usr/bin/python3
"""An independent DKIM and ARC implementation for smtpy's tests: Debian's python3-dkim (dkimpy 1.1.x).

The message is read from standard input. Key records are given as arguments NAME=RECORD, NAME without the
trailing dot (e.g. sel._domainkey.example.test=v=DKIM1; k=rsa; p=...); any other name has no record.

  dkim_tool.py verify [NAME=RECORD...]
      one line per DKIM-Signature, top to bottom: "pass" or "fail <why>"
  dkim_tool.py sign ALGORITHM CANONICALIZATION SELECTOR DOMAIN PRIVATE_KEY [HEADER...]
      prints the DKIM-Signature field; ALGORITHM rsa-sha256 or ed25519-sha256, CANONICALIZATION e.g. relaxed/simple,
      PRIVATE_KEY a PEM RSA key or a base64 Ed25519 seed, HEADER the fields to sign (default: dkimpy's choice);
      a HEADER --length adds l=
  dkim_tool.py arc-verify [NAME=RECORD...]
      prints "cv=<pass|fail|none>" then "reason=<text>"
  dkim_tool.py arc-sign SELECTOR DOMAIN PRIVATE_KEY AUTHSERV_ID
      prints the ARC set (ARC-Seal, ARC-Message-Signature, ARC-Authentication-Results); the message must carry an
      Authentication-Results field of AUTHSERV_ID
"""
import logging
import sys

# Keys come only from the records given on the command line: hide the DNS libraries from dkimpy, so it can never
# query real DNS, and starts without dnspython's slow imports.
sys.modules["dns"] = None
sys.modules["DNS"] = None
sys.modules["aiodns"] = None

import dkim  # noqa: E402


class Remembered(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def records(arguments):
    known = {}
    for argument in arguments:
        name, record = argument.split("=", 1)
        known[name.lower().rstrip(".")] = record
    return known


def dns(known):
    def lookup(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode("ascii")
        record = known.get(name.lower().rstrip("."))
        return record.encode("ascii") if record is not None else None
    return lookup


def logger():
    log = logging.getLogger("smtpy-dkim-tool")
    log.setLevel(logging.DEBUG)
    log.propagate = False
    handler = Remembered()
    handler.setLevel(logging.WARNING)
    log.handlers = [handler]
    return log, handler


def verify(message, arguments):
    lookup = dns(records(arguments))
    count = sum(1 for name, value in dkim.DKIM(message).headers if name.lower() == b"dkim-signature")
    for index in range(count):
        log, handler = logger()
        verifier = dkim.DKIM(message, logger=log)
        try:
            ok = verifier.verify(idx=index, dnsfunc=lookup)
        except dkim.DKIMException as e:
            ok = False
            handler.messages.append(str(e))
        if ok:
            print("pass")
        else:
            print("fail " + " | ".join(handler.messages).replace("\n", " "))


def sign(message, arguments):
    algorithm, canonicalization, selector, domain, private_key = arguments[:5]
    length = "--length" in arguments[5:]
    headers = [h.encode("ascii") for h in arguments[5:] if h != "--length"] or None
    header_canon, body_canon = canonicalization.split("/")
    field = dkim.sign(message, selector.encode("ascii"), domain.encode("ascii"), private_key.encode("ascii"),
                      signature_algorithm=algorithm.encode("ascii"),
                      canonicalize=(header_canon.encode("ascii"), body_canon.encode("ascii")),
                      include_headers=headers, length=length)
    sys.stdout.buffer.write(field)


def arc_verify(message, arguments):
    log, handler = logger()
    cv, results, reason = dkim.arc_verify(message, logger=log, dnsfunc=dns(records(arguments)))
    print("cv=" + (cv.decode("ascii") if cv is not None else "ended"))
    print("reason=" + str(reason).replace("\n", " ") + (" | " + " | ".join(handler.messages) if handler.messages else ""))


def arc_sign(message, arguments):
    selector, domain, private_key, authserv_id = arguments[:4]
    fields = dkim.arc_sign(message, selector.encode("ascii"), domain.encode("ascii"), private_key.encode("ascii"),
                           authserv_id.encode("ascii"))
    if not fields:
        sys.exit("dkimpy added no ARC set")
    sys.stdout.buffer.write(b"".join(fields))


def main():
    command, arguments = sys.argv[1], sys.argv[2:]
    message = sys.stdin.buffer.read()
    {"verify": verify, "sign": sign, "arc-verify": arc_verify, "arc-sign": arc_sign}[command](message, arguments)


if __name__ == "__main__":
    main()

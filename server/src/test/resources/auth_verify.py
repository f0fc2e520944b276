"""Verify the DKIM signatures and the ARC chain of one raw message with dkimpy (Debian's python3-dkim and
python3-authres), independently of smtpy's own verifier.

Usage: auth_verify.py RECORDS < message
RECORDS is a file of lines "<name><TAB><TXT value>": the DNS every key lookup is answered from (no DNS is asked).

Prints one line per DKIM-Signature, "dkim <index> <d> <s> <a> pass|fail [reason]", then "arc <cv> [comment]" with
the result of dkim.arc_verify (none, pass or fail). Exits 0 unless the usage is wrong (2).
Run it with /usr/bin/python3, which is where the packages live.
"""
import sys

import dkim


def load_records(path):
    records = {}
    with open(path, encoding="ascii") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if not line:
                continue
            name, value = line.split("\t", 1)
            records[name.lower().rstrip(".")] = value.encode("ascii")
    return records


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    records = load_records(sys.argv[1])

    def dnsfunc(name, timeout=5):
        key = (name.decode("ascii") if isinstance(name, bytes) else name).lower().rstrip(".")
        return records.get(key)

    message = sys.stdin.buffer.read()
    signatures = [value for name, value in dkim.DKIM(message).headers if name.lower() == b"dkim-signature"]
    for index, value in enumerate(signatures):
        tags = dict(
            (part.split(b"=", 1)[0].strip(), part.split(b"=", 1)[1].strip())
            for part in value.split(b";") if b"=" in part)
        described = " ".join(tags.get(tag, b"-").decode("ascii", "replace") for tag in (b"d", b"s", b"a"))
        try:
            verified = dkim.DKIM(message).verify(idx=index, dnsfunc=dnsfunc)
            print("dkim %d %s %s" % (index, described, "pass" if verified else "fail headers"))
        except dkim.DKIMException as error:
            print("dkim %d %s fail %s" % (index, described, error))
    cv, results, comment = dkim.arc_verify(message, dnsfunc=dnsfunc)
    print("arc %s %s" % (cv.decode("ascii") if cv else "error", comment))
    return 0


if __name__ == "__main__":
    sys.exit(main())

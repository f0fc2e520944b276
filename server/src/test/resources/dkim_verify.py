"""Verify the DKIM signature of one raw message with dkimpy (Debian's python3-dkim), not with James's jdkim.

Usage: dkim_verify.py KEY < message
KEY is the signer's public key: the base64 p= value, a full TXT record ("v=DKIM1; k=rsa; p=..."), or
@FILE naming a file that holds either. No DNS is asked: every key lookup is answered with that record.

Prints "pass" and exits 0 when every DKIM-Signature verifies, "fail" (with dkimpy's reason on stderr) and
exits 1 otherwise; exits 2 on a usage error. Run it with /usr/bin/python3, which is where the package lives.
"""
import sys

import dkim


def txt_record(argument):
    value = argument
    if argument.startswith("@"):
        with open(argument[1:], encoding="ascii") as key_file:
            value = key_file.read()
    value = "".join(value.split())
    if "p=" not in value:
        value = "v=DKIM1;k=rsa;p=" + value
    return value.encode("ascii")


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    record = txt_record(sys.argv[1])
    message = sys.stdin.buffer.read()
    signatures = [value for name, value in dkim.DKIM(message).headers if name.lower() == b"dkim-signature"]
    if not signatures:
        print("fail")
        print("no DKIM-Signature header", file=sys.stderr)
        return 1
    for index in range(len(signatures)):
        try:
            verified = dkim.DKIM(message).verify(idx=index, dnsfunc=lambda name, timeout=5: record)
        except dkim.DKIMException as error:
            print("fail")
            print("signature %d: %s" % (index, error), file=sys.stderr)
            return 1
        if not verified:
            print("fail")
            # dkimpy raises on a body hash mismatch, so a plain False means the signed header fields changed.
            print("signature %d: the signed header fields do not verify" % index, file=sys.stderr)
            return 1
    print("pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())

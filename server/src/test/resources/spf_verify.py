"""Evaluate SPF for one envelope with pyspf (Debian's python3-spf), independently of smtpy's own SPF code, asking
the given DNS server (the test's dnsmasq) and no other.

Usage: spf_verify.py DNS_PORT CLIENT_IP MAIL_FROM HELO
Prints "<result> <explanation>" (result: pass, fail, softfail, neutral, none, permerror, temperror); exits 0
unless the usage is wrong (2). Run it with /usr/bin/python3, which is where the packages live.
"""
import sys

import dns.resolver
import spf


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    port, client, mail_from, helo = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = ["127.0.0.1"]
    resolver.port = port
    dns.resolver.default_resolver = resolver
    result, explanation = spf.check2(i=client, s=mail_from, h=helo)
    print(result, explanation)
    return 0


if __name__ == "__main__":
    sys.exit(main())

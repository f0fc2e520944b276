package io.smtpy.auth.inbound;

import java.util.List;
import java.util.Objects;

import io.smtpy.auth.DkimVerdict;
import io.smtpy.auth.dmarc.DmarcVerdict;
import io.smtpy.auth.spf.SpfVerdict;

/** What inbound authentication found for one message: SPF of the transaction, each DKIM signature, DMARC. */
public final class InboundVerdict {
    private final SpfVerdict spf;
    private final List<DkimVerdict> dkim;
    private final DmarcVerdict dmarc;

    public InboundVerdict(SpfVerdict spf, List<DkimVerdict> dkim, DmarcVerdict dmarc) {
        this.spf = Objects.requireNonNull(spf, "spf");
        this.dkim = List.copyOf(dkim);
        this.dmarc = Objects.requireNonNull(dmarc, "dmarc");
    }

    public SpfVerdict spf() {
        return spf;
    }

    /** One verdict per DKIM signature, in header order; empty when the message had none. */
    public List<DkimVerdict> dkim() {
        return dkim;
    }

    public DmarcVerdict dmarc() {
        return dmarc;
    }

    /** Whether the From domain's DMARC policy, after sampling, asks to reject this failing message. */
    public boolean rejectRequested() {
        return dmarc.rejectRequested();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof InboundVerdict)) {
            return false;
        }
        InboundVerdict other = (InboundVerdict) o;
        return spf.equals(other.spf) && dkim.equals(other.dkim) && dmarc.equals(other.dmarc);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spf, dkim, dmarc);
    }

    @Override
    public String toString() {
        return spf + "; " + (dkim.isEmpty() ? "dkim=none" : dkim.toString()) + "; " + dmarc;
    }
}

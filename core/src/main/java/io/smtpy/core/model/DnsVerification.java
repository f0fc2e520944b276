package io.smtpy.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.google.common.collect.ImmutableList;

/**
 * The outcome of the last DNS verification of a domain ({@code POST /smtpy/domains/{domain}/dns/verify}): when it
 * ran, whether the ownership record was found, and which required records were not right then. A domain is
 * {@link #verified()} when ownership is proven and nothing is missing.
 */
public final class DnsVerification {
    private final Instant checkedAt;
    private final boolean ownershipVerified;
    private final List<String> failingRecords;

    /**
     * @param failingRecords the kinds of the records that were missing or wrong (as the DNS check names them,
     *     e.g. {@code mx}, {@code spf}, {@code dkim}, {@code dmarc}, {@code ownership}), sorted
     */
    public DnsVerification(Instant checkedAt, boolean ownershipVerified, List<String> failingRecords) {
        this.checkedAt = Objects.requireNonNull(checkedAt, "checkedAt");
        this.ownershipVerified = ownershipVerified;
        this.failingRecords = failingRecords.stream().sorted().distinct().collect(ImmutableList.toImmutableList());
    }

    public Instant checkedAt() {
        return checkedAt;
    }

    public boolean ownershipVerified() {
        return ownershipVerified;
    }

    public List<String> failingRecords() {
        return failingRecords;
    }

    public boolean verified() {
        return ownershipVerified && failingRecords.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DnsVerification)) {
            return false;
        }
        DnsVerification other = (DnsVerification) o;
        return checkedAt.equals(other.checkedAt) && ownershipVerified == other.ownershipVerified
            && failingRecords.equals(other.failingRecords);
    }

    @Override
    public int hashCode() {
        return Objects.hash(checkedAt, ownershipVerified, failingRecords);
    }

    @Override
    public String toString() {
        return "DnsVerification{" + checkedAt + (verified() ? ", verified" : ", failing=" + failingRecords) + "}";
    }
}

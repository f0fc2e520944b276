package io.smtpy.auth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DmarcRecordTest {

    private static DmarcRecord parsed(String txt) {
        return DmarcRecord.parse(txt).orElseThrow();
    }

    @Test
    void minimalRecordShouldTakeTheDefaults() {
        DmarcRecord record = parsed("v=DMARC1; p=reject");

        assertThat(record.policy()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(record.subdomainPolicy()).isEmpty();
        assertThat(record.nonExistentSubdomainPolicy()).isEmpty();
        assertThat(record.percent()).isEqualTo(100);
        assertThat(record.dkimAlignment()).isEqualTo(AlignmentMode.RELAXED);
        assertThat(record.spfAlignment()).isEqualTo(AlignmentMode.RELAXED);
        assertThat(record.aggregateReportUris()).isEmpty();
        assertThat(record.invalidPolicyReadAsNone()).isFalse();
    }

    @Test
    void everyTagShouldBeRead() {
        DmarcRecord record = parsed("v=DMARC1;p=quarantine;sp=reject;np=none;pct=25;adkim=s;aspf=s;"
            + "rua=mailto:agg@example.com!10m, mailto:other@example.net;ruf=mailto:fail@example.com;fo=1");

        assertThat(record.policy()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(record.subdomainPolicy()).contains(DmarcPolicy.REJECT);
        assertThat(record.nonExistentSubdomainPolicy()).contains(DmarcPolicy.NONE);
        assertThat(record.percent()).isEqualTo(25);
        assertThat(record.dkimAlignment()).isEqualTo(AlignmentMode.STRICT);
        assertThat(record.spfAlignment()).isEqualTo(AlignmentMode.STRICT);
        assertThat(record.aggregateReportUris()).containsExactly("mailto:agg@example.com", "mailto:other@example.net");
        assertThat(record.failureReportUris()).containsExactly("mailto:fail@example.com");
    }

    @Test
    void whiteSpaceAndCaseOfTagsAndPolicyValuesShouldNotMatter() {
        DmarcRecord record = parsed("  v = DMARC1 ;  P = Reject ; SP=QUARANTINE ; ADKIM = S ;");

        assertThat(record.policy()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(record.subdomainPolicy()).contains(DmarcPolicy.QUARANTINE);
        assertThat(record.dkimAlignment()).isEqualTo(AlignmentMode.STRICT);
    }

    @Test
    void versionShouldBeTheFirstTag() {
        assertThat(DmarcRecord.isDmarcRecord("p=reject; v=DMARC1")).isFalse();
        assertThat(DmarcRecord.parse("p=reject; v=DMARC1")).isEmpty();
    }

    @Test
    void versionValueShouldBeExactlyDmarc1() {
        assertThat(DmarcRecord.isDmarcRecord("v=dmarc1; p=reject")).isFalse();
        assertThat(DmarcRecord.isDmarcRecord("v=DMARC2; p=reject")).isFalse();
        assertThat(DmarcRecord.isDmarcRecord("v=DMARC1p=reject")).isFalse();
        assertThat(DmarcRecord.isDmarcRecord("v=spf1 -all")).isFalse();
        assertThat(DmarcRecord.isDmarcRecord("v=DMARC1")).isTrue();
    }

    @Test
    void missingPolicyWithoutReportUriShouldBeUnusable() {
        assertThat(DmarcRecord.parse("v=DMARC1; pct=100")).isEmpty();
        assertThat(DmarcRecord.parse("v=DMARC1")).isEmpty();
    }

    @Test
    void invalidPolicyWithoutValidReportUriShouldBeUnusable() {
        assertThat(DmarcRecord.parse("v=DMARC1; p=block")).isEmpty();
        assertThat(DmarcRecord.parse("v=DMARC1; p=block; rua=not a uri")).isEmpty();
    }

    @Test
    void invalidPolicyWithValidReportUriShouldBeReadAsNone() {
        DmarcRecord record = parsed("v=DMARC1; p=block; sp=reject; pct=10; rua=mailto:agg@example.com");

        assertThat(record.policy()).isEqualTo(DmarcPolicy.NONE);
        assertThat(record.subdomainPolicy()).isEmpty();
        assertThat(record.percent()).isEqualTo(100);
        assertThat(record.invalidPolicyReadAsNone()).isTrue();
        assertThat(record.aggregateReportUris()).containsExactly("mailto:agg@example.com");
    }

    @Test
    void invalidSubdomainPolicyShouldBeTreatedLikeAnInvalidPolicy() {
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; sp=bogus")).isEmpty();
        assertThat(parsed("v=DMARC1; p=reject; sp=bogus; rua=mailto:a@example.com").policy()).isEqualTo(DmarcPolicy.NONE);
    }

    @Test
    void badOptionalValuesShouldFallBackToDefaults() {
        DmarcRecord record = parsed("v=DMARC1; p=reject; pct=150; adkim=x; aspf=; np=bogus");

        assertThat(record.percent()).isEqualTo(100);
        assertThat(record.dkimAlignment()).isEqualTo(AlignmentMode.RELAXED);
        assertThat(record.spfAlignment()).isEqualTo(AlignmentMode.RELAXED);
        assertThat(record.nonExistentSubdomainPolicy()).isEmpty();
        assertThat(parsed("v=DMARC1; p=reject; pct=-5").percent()).isEqualTo(100);
        assertThat(parsed("v=DMARC1; p=reject; pct=ten").percent()).isEqualTo(100);
        assertThat(parsed("v=DMARC1; p=reject; pct=0").percent()).isZero();
    }

    @Test
    void firstOfRepeatedTagsShouldCount() {
        assertThat(parsed("v=DMARC1; p=none; p=reject").policy()).isEqualTo(DmarcPolicy.NONE);
    }

    @Test
    void hugeRecordShouldBeParsedInBoundedTime() {
        String junk = "x=" + "y".repeat(10_000) + ";";
        DmarcRecord record = parsed("v=DMARC1; p=quarantine; " + junk.repeat(10) + " pct=50");

        assertThat(record.policy()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(record.percent()).isEqualTo(50);
    }

    @Test
    void nonAsciiBytesShouldMakeOnlyTheirTagInvalid() {
        assertThat(parsed("v=DMARC1; p=reject; aspf=\uFFFD").spfAlignment()).isEqualTo(AlignmentMode.RELAXED);
        assertThat(DmarcRecord.parse("v=DMARC1; p=rej\uFFFDect")).isEmpty();
    }

    @Test
    void policyTokensShouldRoundTrip() {
        assertThat(DmarcPolicy.fromToken("quarantine")).contains(DmarcPolicy.QUARANTINE);
        assertThat(DmarcPolicy.fromToken("drop")).isEqualTo(Optional.empty());
        assertThat(List.of(DmarcPolicy.REJECT.lessStrict(), DmarcPolicy.QUARANTINE.lessStrict(), DmarcPolicy.NONE.lessStrict()))
            .containsExactly(DmarcPolicy.QUARANTINE, DmarcPolicy.NONE, DmarcPolicy.NONE);
    }
}

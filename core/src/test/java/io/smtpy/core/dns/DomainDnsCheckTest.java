package io.smtpy.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

class DomainDnsCheckTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final String TOKEN = "c2VjcmV0LXRva2Vu";
    private static final String KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0";
    private static final String OLD_KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwoldoldoldoldoldoldoldoldoldoldoldoldoldoldoldoldoldoldoldold0";
    private static final String SELECTOR = "s2024._domainkey.example.com";
    private static final DkimRecord DKIM = DkimRecord.of(SELECTOR, "v=DKIM1; k=rsa; p=" + KEY);
    private static final DnsRequirements REQUIREMENTS = DnsRequirements.builder()
        .mx(10, "mx1.smtpy.example")
        .mx(20, "mx2.smtpy.example")
        .spfInclude("_spf.smtpy.example")
        .dmarcReportAddress("mailto:dmarc@smtpy.example")
        .build();

    private FakeDnsLookup dns;
    private DomainDnsCheck testee;

    @BeforeEach
    void setUp() {
        dns = new FakeDnsLookup();
        testee = new DomainDnsCheck(dns, REQUIREMENTS);
    }

    private DnsCheckReport check() {
        return testee.check(DOMAIN, TOKEN, List.of(DKIM));
    }

    private RecordCheck check(RecordKind kind) {
        return check().checks(kind).get(0);
    }

    private void publishMx() {
        dns.mx("example.com", 10, "mx1.smtpy.example").mx("example.com", 20, "mx2.smtpy.example");
    }

    private void publishSpf() {
        dns.txt("example.com", "v=spf1 include:_spf.smtpy.example ~all");
    }

    private void publishDkim() {
        dns.txt(SELECTOR, "v=DKIM1; k=rsa; p=" + KEY);
    }

    private void publishDmarc() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=quarantine; rua=mailto:dmarc@smtpy.example");
    }

    private void publishOwnership() {
        dns.txt("_smtpy-verification.example.com", "smtpy-verification=" + TOKEN);
    }

    private void publishAll() {
        publishMx();
        publishSpf();
        publishDkim();
        publishDmarc();
        publishOwnership();
    }

    @Test
    void correctSetupShouldBeOkEverywhere() {
        publishAll();

        DnsCheckReport report = check();

        assertThat(report.overallOk()).isTrue();
        assertThat(report.checks()).extracting(RecordCheck::kind)
            .containsExactly(RecordKind.MX, RecordKind.SPF, RecordKind.DKIM, RecordKind.DMARC, RecordKind.OWNERSHIP);
        assertThat(report.checks()).allSatisfy(check -> assertThat(check.status()).isEqualTo(CheckStatus.OK));
    }

    @Test
    void reportShouldNameEachRecordAndWhatToPublish() {
        DnsCheckReport report = check();

        assertThat(report.checks()).extracting(RecordCheck::name).containsExactly("example.com", "example.com", SELECTOR,
            "_dmarc.example.com", "_smtpy-verification.example.com");
        assertThat(report.checks()).extracting(RecordCheck::expected).containsExactly(
            "10 mx1.smtpy.example, 20 mx2.smtpy.example",
            "v=spf1 include:_spf.smtpy.example ~all",
            "v=DKIM1; k=rsa; p=" + KEY,
            "v=DMARC1; p=none; rua=mailto:dmarc@smtpy.example",
            "smtpy-verification=" + TOKEN);
    }

    @Test
    void emptyZoneShouldBeMissingEverywhere() {
        DnsCheckReport report = check();

        assertThat(report.overallOk()).isFalse();
        assertThat(report.checks()).allSatisfy(check -> {
            assertThat(check.status()).isEqualTo(CheckStatus.MISSING);
            assertThat(check.found()).isEmpty();
        });
    }

    @Test
    void everyDkimKeyShouldGetItsOwnCheck() {
        publishAll();
        DkimRecord ed25519 = DkimRecord.of("s2024e._domainkey.example.com", "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");

        DnsCheckReport report = testee.check(DOMAIN, TOKEN, List.of(DKIM, ed25519));

        assertThat(report.checks(RecordKind.DKIM)).extracting(RecordCheck::name, RecordCheck::status).containsExactly(
            tuple(SELECTOR, CheckStatus.OK),
            tuple("s2024e._domainkey.example.com", CheckStatus.MISSING));
        assertThat(report.overallOk()).isFalse();
    }

    @Test
    void mxShouldIgnoreCaseTrailingDotAndOrder() {
        dns.mx("example.com", 5, "MX2.Smtpy.Example.").mx("example.com", 50, "mx1.smtpy.example.");

        RecordCheck mx = check(RecordKind.MX);

        assertThat(mx.status()).isEqualTo(CheckStatus.OK);
        assertThat(mx.found()).containsExactly("5 mx2.smtpy.example", "50 mx1.smtpy.example");
    }

    @Test
    void foreignMxHostShouldBeWrongBecauseMailWouldBypassSmtpy() {
        publishMx();
        dns.mx("example.com", 30, "mx.oldprovider.example");

        RecordCheck mx = check(RecordKind.MX);

        assertThat(mx.status()).isEqualTo(CheckStatus.WRONG);
        assertThat(mx.hint()).startsWith("Remove the MX mx.oldprovider.example").contains("bypasses smtpy");
    }

    @Test
    void onlyOneOfTheRequiredMxHostsShouldBeWrong() {
        dns.mx("example.com", 10, "mx1.smtpy.example");

        RecordCheck mx = check(RecordKind.MX);

        assertThat(mx.status()).isEqualTo(CheckStatus.WRONG);
        assertThat(mx.hint()).isEqualTo("Add the MX 20 mx2.smtpy.example.");
    }

    @Test
    void nullMxShouldBeWrong() {
        dns.mx("example.com", 0, ".");

        RecordCheck mx = check(RecordKind.MX);

        assertThat(mx.status()).isEqualTo(CheckStatus.WRONG);
        assertThat(mx.found()).containsExactly("0 .");
    }

    @Test
    void spfWithoutOurIncludeShouldBeWrong() {
        dns.txt("example.com", "v=spf1 mx include:_spf.google.com -all");

        RecordCheck spf = check(RecordKind.SPF);

        assertThat(spf.status()).isEqualTo(CheckStatus.WRONG);
        assertThat(spf.hint()).contains("include:_spf.smtpy.example");
        assertThat(spf.found()).containsExactly("v=spf1 mx include:_spf.google.com -all");
    }

    @Test
    void spfShouldBeFoundAmongOtherTxtRecordsWhateverItsCase() {
        dns.txt("example.com", "google-site-verification=abc")
            .txt("example.com", "V=SPF1 +INCLUDE:_spf.smtpy.example. include:_spf.google.com ~all");

        RecordCheck spf = check(RecordKind.SPF);

        assertThat(spf.status()).isEqualTo(CheckStatus.OK);
        assertThat(spf.found()).containsExactly("V=SPF1 +INCLUDE:_spf.smtpy.example. include:_spf.google.com ~all");
    }

    @Test
    void twoSpfRecordsShouldBeWrongEvenWhenOneIsRight() {
        publishSpf();
        dns.txt("example.com", "v=spf1 include:_spf.google.com ~all");

        RecordCheck spf = check(RecordKind.SPF);

        assertThat(spf.status()).isEqualTo(CheckStatus.WRONG);
        assertThat(spf.hint()).contains("Merge the 2 SPF records").contains("RFC 7208 §4.5");
    }

    @Test
    void includeAfterAllShouldBeWrong() {
        dns.txt("example.com", "v=spf1 -all include:_spf.smtpy.example");

        assertThat(check(RecordKind.SPF).status()).isEqualTo(CheckStatus.WRONG);
    }

    @Test
    void failingIncludeShouldBeWrong() {
        dns.txt("example.com", "v=spf1 -include:_spf.smtpy.example ~all");

        assertThat(check(RecordKind.SPF).status()).isEqualTo(CheckStatus.WRONG);
    }

    @Test
    void includeOfAnotherDomainEndingLikeOursShouldNotCount() {
        dns.txt("example.com", "v=spf1 include:_spf.smtpy.example.evil ~all");

        assertThat(check(RecordKind.SPF).status()).isEqualTo(CheckStatus.WRONG);
    }

    @Test
    void recordMerelyStartingLikeSpfShouldNotCountAsSpf() {
        dns.txt("example.com", "v=spf10 include:_spf.smtpy.example ~all");

        assertThat(check(RecordKind.SPF).status()).isEqualTo(CheckStatus.MISSING);
    }

    @Test
    void dkimKeyShouldMatchDespiteWhitespaceAndQuotes() {
        String half = KEY.substring(0, 40);
        dns.txt(SELECTOR, "v=DKIM1; k=rsa; p=\"" + half + "\" \"" + KEY.substring(40, 70) + " " + KEY.substring(70) + "\"");

        assertThat(check(RecordKind.DKIM).status()).isEqualTo(CheckStatus.OK);
    }

    @Test
    void dkimKeyShouldMatchWhateverTheOtherTagsAre() {
        dns.txt(SELECTOR, "p=" + KEY + "; t=s");

        assertThat(check(RecordKind.DKIM).status()).isEqualTo(CheckStatus.OK);
    }

    @Test
    void anotherDkimKeyShouldBeWrongAsStale() {
        dns.txt(SELECTOR, "v=DKIM1; k=rsa; p=" + OLD_KEY);

        RecordCheck dkim = check(RecordKind.DKIM);

        assertThat(dkim.status()).isEqualTo(CheckStatus.WRONG);
        assertThat(dkim.hint()).startsWith("Stale key");
    }

    @Test
    void revokedDkimKeyShouldBeWrong() {
        dns.txt(SELECTOR, "v=DKIM1; p=");

        RecordCheck dkim = check(RecordKind.DKIM);

        assertThat(dkim.status()).isEqualTo(CheckStatus.WRONG);
        assertThat(dkim.hint()).contains("revoked");
    }

    @Test
    void dkimTagNamesShouldBeCaseSensitive() {
        dns.txt(SELECTOR, "v=DKIM1; P=" + KEY);

        assertThat(check(RecordKind.DKIM).status()).isEqualTo(CheckStatus.WRONG);
    }

    @Test
    void twoRecordsAtTheSelectorShouldBeWrong() {
        publishDkim();
        dns.txt(SELECTOR, "v=DKIM1; k=rsa; p=" + OLD_KEY);

        assertThat(check(RecordKind.DKIM).status()).isEqualTo(CheckStatus.WRONG);
    }

    @Test
    void dmarcWithoutRuaShouldBeWrong() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");

        RecordCheck dmarc = check(RecordKind.DMARC);

        assertThat(dmarc.status()).isEqualTo(CheckStatus.WRONG);
        assertThat(dmarc.hint()).contains("rua=mailto:dmarc@smtpy.example");
    }

    @Test
    void dmarcReportingElsewhereShouldBeWrong() {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=none; rua=mailto:reports@example.com");

        assertThat(check(RecordKind.DMARC).status()).isEqualTo(CheckStatus.WRONG);
    }

    @Test
    void dmarcShouldAcceptOurAddressAmongOthersWithSizeLimit() {
        dns.txt("_dmarc.example.com", "v=DMARC1;p=none;RUA=mailto:reports@example.com, mailto:DMARC@smtpy.example!10m");

        assertThat(check(RecordKind.DMARC).status()).isEqualTo(CheckStatus.OK);
    }

    @Test
    void dmarcNameWithoutDmarcRecordShouldBeWrong() {
        dns.txt("_dmarc.example.com", "v=spf1 -all");

        assertThat(check(RecordKind.DMARC).status()).isEqualTo(CheckStatus.WRONG);
    }

    @Test
    void twoDmarcRecordsShouldBeWrong() {
        publishDmarc();
        dns.txt("_dmarc.example.com", "v=DMARC1; p=none");

        assertThat(check(RecordKind.DMARC).status()).isEqualTo(CheckStatus.WRONG);
    }

    @Test
    void ownershipWithAnotherTokenShouldBeWrong() {
        dns.txt("_smtpy-verification.example.com", "smtpy-verification=someone-else");

        RecordCheck ownership = check(RecordKind.OWNERSHIP);

        assertThat(ownership.status()).isEqualTo(CheckStatus.WRONG);
        assertThat(ownership.found()).containsExactly("smtpy-verification=someone-else");
    }

    @Test
    void ownershipShouldBeOkAmongOtherTokens() {
        dns.txt("_smtpy-verification.example.com", "smtpy-verification=previous-owner")
            .txt("_smtpy-verification.example.com", "smtpy-verification=" + TOKEN);

        assertThat(check(RecordKind.OWNERSHIP).status()).isEqualTo(CheckStatus.OK);
    }

    @Test
    void ownershipNameAndPrefixShouldFollowTheRequirements() {
        DnsRequirements custom = DnsRequirements.builder().mx(10, "mx1.smtpy.example").spfInclude("spf.smtpy.example")
            .dmarcReportAddress("dmarc@smtpy.example").verificationLabel("_owner").verificationPrefix("owner-token:").build();
        dns.txt("_owner.example.com", "owner-token:" + TOKEN);

        RecordCheck ownership = new DomainDnsCheck(dns, custom).check(DOMAIN, TOKEN, List.of()).checks(RecordKind.OWNERSHIP).get(0);

        assertThat(ownership.status()).isEqualTo(CheckStatus.OK);
        assertThat(ownership.name()).isEqualTo("_owner.example.com");
    }

    @Test
    void failedLookupShouldBeErrorForThatRecordOnly() {
        publishAll();
        dns.failing("_dmarc.example.com");

        DnsCheckReport report = check();

        RecordCheck dmarc = report.checks(RecordKind.DMARC).get(0);
        assertThat(dmarc.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(dmarc.hint()).contains("SERVFAIL for _dmarc.example.com").contains("try again");
        assertThat(report.checks()).filteredOn(check -> check.kind() != RecordKind.DMARC)
            .allSatisfy(check -> assertThat(check.status()).isEqualTo(CheckStatus.OK));
        assertThat(report.overallOk()).isFalse();
    }

    @Test
    void failedApexLookupShouldBeErrorForMxAndSpf() {
        dns.failing("example.com");

        DnsCheckReport report = check();

        assertThat(report.checks(RecordKind.MX).get(0).status()).isEqualTo(CheckStatus.ERROR);
        assertThat(report.checks(RecordKind.SPF).get(0).status()).isEqualTo(CheckStatus.ERROR);
    }

    @Test
    void eachRecordShouldBeLookedUpOnce() {
        check();

        assertThat(dns.queries()).containsExactly("MX example.com", "TXT example.com", "TXT " + SELECTOR,
            "TXT _dmarc.example.com", "TXT _smtpy-verification.example.com");
    }

    @Test
    void emptyTokenShouldBeRefused() {
        assertThatThrownBy(() -> testee.check(DOMAIN, " ", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}

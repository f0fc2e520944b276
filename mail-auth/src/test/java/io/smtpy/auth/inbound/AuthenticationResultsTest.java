package io.smtpy.auth.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.DkimVerdict;
import io.smtpy.auth.dmarc.AuthorProblem;
import io.smtpy.auth.dmarc.DmarcPolicy;
import io.smtpy.auth.dmarc.DmarcRecord;
import io.smtpy.auth.dmarc.DmarcVerdict;
import io.smtpy.auth.spf.SpfIdentity;
import io.smtpy.auth.spf.SpfVerdict;

class AuthenticationResultsTest {
    private static final AuthenticationResults RESULTS = new AuthenticationResults("mx.smtpy.test");
    private static final SpfVerdict SPF_PASS = new SpfVerdict(AuthStatus.PASS, SpfIdentity.MAILFROM, "example.com",
        Optional.empty(), Optional.empty());
    private static final DkimVerdict DKIM_PASS = new DkimVerdict(AuthStatus.PASS, "example.com", "sel", "rsa-sha256",
        Optional.empty());
    private static final DmarcRecord REJECT = DmarcRecord.parse("v=DMARC1; p=reject").orElseThrow();
    private static final DmarcVerdict DMARC_PASS = DmarcVerdict.builder(AuthStatus.PASS)
        .headerFrom("example.com")
        .policy("example.com", REJECT)
        .requestedPolicy(DmarcPolicy.REJECT)
        .spfAligned(true)
        .alignedDkimDomain("example.com")
        .build();

    private static String header(SpfVerdict spf, List<DkimVerdict> dkim, DmarcVerdict dmarc) {
        return RESULTS.headerValue(new InboundVerdict(spf, dkim, dmarc), Optional.empty());
    }

    @Test
    void allPassingShouldBeWrittenLikeTheRfcExample() {
        assertThat(header(SPF_PASS, List.of(DKIM_PASS), DMARC_PASS)).isEqualTo("mx.smtpy.test; "
            + "spf=pass smtp.mailfrom=example.com; "
            + "dkim=pass header.d=example.com header.s=sel header.a=rsa-sha256; "
            + "dmarc=pass (p=reject dis=none) header.from=example.com");
    }

    @Test
    void resultsShouldBeTheHeaderValueAfterTheAuthservId() {
        InboundVerdict verdict = new InboundVerdict(SPF_PASS, List.of(DKIM_PASS), DMARC_PASS);

        assertThat(AuthenticationResults.results(verdict, Optional.of(AuthStatus.PASS))).isEqualTo(
            "spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com header.s=sel header.a=rsa-sha256; "
                + "dmarc=pass (p=reject dis=none) header.from=example.com; arc=pass");
        assertThat(RESULTS.headerValue(verdict, Optional.of(AuthStatus.PASS)))
            .isEqualTo("mx.smtpy.test; " + AuthenticationResults.results(verdict, Optional.of(AuthStatus.PASS)));
    }

    @Test
    void messageWithoutSignaturesShouldSayDkimNone() {
        assertThat(header(SPF_PASS, List.of(), DMARC_PASS)).isEqualTo("mx.smtpy.test; "
            + "spf=pass smtp.mailfrom=example.com; dkim=none; dmarc=pass (p=reject dis=none) header.from=example.com");
    }

    @Test
    void arcResultShouldComeLast() {
        String header = RESULTS.headerValue(new InboundVerdict(SPF_PASS, List.of(), DMARC_PASS), Optional.of(AuthStatus.FAIL));

        assertThat(header).endsWith("header.from=example.com; arc=fail");
    }

    @Test
    void failuresShouldCarryQuotedReasons() {
        SpfVerdict spf = new SpfVerdict(AuthStatus.PERMERROR, SpfIdentity.MAILFROM, "example.com", Optional.empty(),
            Optional.of("More than 1 SPF record found"));
        DkimVerdict dkim = new DkimVerdict(AuthStatus.FAIL, "example.com", "sel", "ed25519-sha256",
            Optional.of("body hash \"bh\" did not verify \\ sorry"));
        DmarcVerdict dmarc = DmarcVerdict.builder(AuthStatus.FAIL)
            .headerFrom("example.com")
            .policy("example.com", REJECT)
            .requestedPolicy(DmarcPolicy.REJECT)
            .disposition(DmarcPolicy.QUARANTINE, true)
            .reason("neither SPF nor DKIM passed")
            .build();

        assertThat(header(spf, List.of(dkim), dmarc)).isEqualTo("mx.smtpy.test; "
            + "spf=permerror reason=\"More than 1 SPF record found\" smtp.mailfrom=example.com; "
            + "dkim=fail reason=\"body hash \\\"bh\\\" did not verify \\\\ sorry\" header.d=example.com header.s=sel header.a=ed25519-sha256; "
            + "dmarc=fail (p=reject dis=quarantine) reason=\"neither SPF nor DKIM passed\" header.from=example.com");
    }

    @Test
    void nullSenderShouldReportTheHeloIdentity() {
        SpfVerdict helo = new SpfVerdict(AuthStatus.SOFTFAIL, SpfIdentity.HELO, "mail.example.com", Optional.empty(), Optional.empty());

        assertThat(header(helo, List.of(), DMARC_PASS))
            .startsWith("mx.smtpy.test; spf=softfail smtp.helo=mail.example.com; dkim=none;");
    }

    @Test
    void identityThatWasNoDomainShouldHaveNoProperty() {
        SpfVerdict none = new SpfVerdict(AuthStatus.NONE, SpfIdentity.HELO, "", Optional.empty(),
            Optional.of("HELO name '[192.0.2.1]' is not a domain name SPF can check"));

        assertThat(header(none, List.of(), DMARC_PASS)).startsWith("mx.smtpy.test; "
            + "spf=none reason=\"HELO name '[192.0.2.1]' is not a domain name SPF can check\"; dkim=none;");
    }

    @Test
    void propertyValuesThatAreNotTokensShouldBeQuoted() {
        DkimVerdict odd = new DkimVerdict(AuthStatus.FAIL, "example.com", "sel;dkim=pass", "", Optional.empty());

        assertThat(header(SPF_PASS, List.of(odd), DMARC_PASS))
            .contains("; dkim=fail header.d=example.com header.s=\"sel;dkim=pass\"; dmarc=");
    }

    @Test
    void brokenSignatureWithoutTagsShouldBeWrittenWithoutProperties() {
        DkimVerdict broken = new DkimVerdict(AuthStatus.PERMERROR, "", "", "", Optional.of("no d= tag"));

        assertThat(header(SPF_PASS, List.of(broken), DMARC_PASS)).contains("; dkim=permerror reason=\"no d= tag\"; dmarc=");
    }

    @Test
    void reasonFromTheNetworkShouldStayOnePrintableLine() {
        String hostile = "line one\r\nX-Injected: yes\u0000 caf\u00e9 " + "z".repeat(500);
        SpfVerdict spf = new SpfVerdict(AuthStatus.TEMPERROR, SpfIdentity.MAILFROM, "example.com", Optional.empty(),
            Optional.of(hostile));

        String header = header(spf, List.of(), DMARC_PASS);

        assertThat(header).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u0000").doesNotContain("\u00e9");
        assertThat(header).contains("reason=\"line one  X-Injected: yes  caf? zzz").contains("zzz...\" smtp.mailfrom=example.com");
        assertThat(header.length()).isLessThan(400);
    }

    @Test
    void severalAuthorsShouldBeWrittenWithoutHeaderFrom() {
        DmarcVerdict dmarc = DmarcVerdict.builder(AuthStatus.PERMERROR)
            .authorProblem(AuthorProblem.SEVERAL_AUTHOR_DOMAINS)
            .reason("the From field names 2 mailboxes in 2 domains")
            .build();

        assertThat(header(SPF_PASS, List.of(), dmarc)).isEqualTo("mx.smtpy.test; spf=pass smtp.mailfrom=example.com; "
            + "dkim=none; dmarc=permerror reason=\"the From field names 2 mailboxes in 2 domains\"");
    }

    @Test
    void noPolicyShouldBeWrittenWithoutPolicyComment() {
        DmarcVerdict dmarc = DmarcVerdict.builder(AuthStatus.NONE).headerFrom("example.org")
            .reason("no DMARC record at _dmarc.example.org").build();

        assertThat(header(SPF_PASS, List.of(), dmarc))
            .endsWith("; dmarc=none reason=\"no DMARC record at _dmarc.example.org\" header.from=example.org");
    }

    @Test
    void manySignaturesShouldBeCutToTenPassingFirst() {
        List<DkimVerdict> dkim = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            dkim.add(new DkimVerdict(AuthStatus.FAIL, "bad" + i + ".example", "s", "rsa-sha256", Optional.empty()));
        }
        dkim.add(DKIM_PASS);

        String header = header(SPF_PASS, dkim, DMARC_PASS);

        assertThat(header.split("dkim=", -1)).hasSize(11);
        assertThat(header).contains("; dkim=pass header.d=example.com header.s=sel header.a=rsa-sha256; dkim=fail header.d=bad0.example");
    }

    @Test
    void authservIdShouldBeAToken() {
        assertThatThrownBy(() -> new AuthenticationResults("mx smtpy")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthenticationResults("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthenticationResults("mx;evil")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headerClaimingOurAuthservIdShouldBeRecognised() {
        assertThat(AuthenticationResults.claimsAuthservId("mx.smtpy.test; spf=pass smtp.mailfrom=example.com", "mx.smtpy.test")).isTrue();
        assertThat(AuthenticationResults.claimsAuthservId("MX.Smtpy.TEST 1; none", "mx.smtpy.test")).isTrue();
        assertThat(AuthenticationResults.claimsAuthservId(" (forged (nested)) mx.smtpy.test;dkim=pass", "mx.smtpy.test")).isTrue();
        assertThat(AuthenticationResults.claimsAuthservId("\r\n\t\"mx.smtpy.test\"; dmarc=pass", "mx.smtpy.test")).isTrue();
        assertThat(AuthenticationResults.claimsAuthservId("mx.smtpy.test", "mx.smtpy.test")).isTrue();
    }

    @Test
    void headerOfAnotherServiceShouldNotBeRecognised() {
        assertThat(AuthenticationResults.claimsAuthservId("mx.google.com; spf=pass", "mx.smtpy.test")).isFalse();
        assertThat(AuthenticationResults.claimsAuthservId("mx.smtpy.test.evil.example; spf=pass", "mx.smtpy.test")).isFalse();
        assertThat(AuthenticationResults.claimsAuthservId("(mx.smtpy.test) other.example; spf=pass", "mx.smtpy.test")).isFalse();
        assertThat(AuthenticationResults.claimsAuthservId("(unterminated mx.smtpy.test;", "mx.smtpy.test")).isFalse();
        assertThat(AuthenticationResults.claimsAuthservId("", "mx.smtpy.test")).isFalse();
        assertThat(AuthenticationResults.claimsAuthservId(null, "mx.smtpy.test")).isFalse();
    }
}

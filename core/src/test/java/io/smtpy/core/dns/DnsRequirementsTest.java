package io.smtpy.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;

class DnsRequirementsTest {

    private static DnsRequirements.Builder valid() {
        return DnsRequirements.builder().mx(10, "mx1.smtpy.example").spfInclude("_spf.smtpy.example")
            .dmarcReportAddress("dmarc@smtpy.example");
    }

    @Test
    void namesShouldBeNormalised() {
        DnsRequirements requirements = DnsRequirements.builder().mx(10, "MX1.Smtpy.Example.").spfInclude("_SPF.smtpy.example.")
            .dmarcReportAddress("MAILTO:dmarc@smtpy.example").build();

        assertThat(requirements.mxHosts()).containsExactly(MxRecord.of(10, "mx1.smtpy.example"));
        assertThat(requirements.spfInclude()).isEqualTo("_spf.smtpy.example");
        assertThat(requirements.dmarcReportUri()).isEqualTo("mailto:dmarc@smtpy.example");
    }

    @Test
    void verificationShouldDefaultToTheSmtpyLabelAndPrefix() {
        DnsRequirements requirements = valid().build();

        assertThat(requirements.verificationName(DomainName.of("example.com"))).isEqualTo("_smtpy-verification.example.com");
        assertThat(requirements.verificationValue("abc")).isEqualTo("smtpy-verification=abc");
    }

    @Test
    void mxHostsShouldBeRequired() {
        assertThatThrownBy(() -> DnsRequirements.builder().spfInclude("_spf.smtpy.example").dmarcReportAddress("d@smtpy.example").build())
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("mx"));
    }

    @Test
    void sameMxHostTwiceShouldBeRefused() {
        assertThatThrownBy(() -> valid().mx(20, "mx1.smtpy.example."))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("mx"));
    }

    @Test
    void invalidMxHostShouldBeRefused() {
        assertThatThrownBy(() -> valid().mx(20, "not a host"))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("mx"));
    }

    @Test
    void invalidSpfIncludeShouldBeRefused() {
        assertThatThrownBy(() -> valid().spfInclude("include:_spf.smtpy.example"))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("spfInclude"));
    }

    @Test
    void dmarcAddressShouldBeAMailAddress() {
        assertThatThrownBy(() -> valid().dmarcReportAddress("mailto:dmarc"))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("dmarcReportAddress"));
    }

    @Test
    void verificationPrefixWithSpaceShouldBeRefused() {
        assertThatThrownBy(() -> valid().verificationPrefix("smtpy verification="))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("verificationPrefix"));
    }
}

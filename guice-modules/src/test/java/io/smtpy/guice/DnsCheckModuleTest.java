package io.smtpy.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.convert.DefaultListDelimiterHandler;
import org.apache.commons.configuration2.io.FileHandler;
import org.junit.jupiter.api.Test;

import io.smtpy.core.dns.MxRecord;

class DnsCheckModuleTest {
    private static final Supplier<Optional<String>> MACHINE = () -> Optional.of("mx.machine.example");
    private static final Supplier<Optional<String>> NAMELESS_MACHINE = () -> Optional.of("localhost");

    /** smtpy.properties as James's PropertiesProvider reads it (comma-separated lists). */
    private static PropertiesConfiguration properties(String text) throws Exception {
        PropertiesConfiguration configuration = new PropertiesConfiguration();
        configuration.setListDelimiterHandler(new DefaultListDelimiterHandler(','));
        new FileHandler(configuration).load(new StringReader(text));
        return configuration;
    }

    @Test
    void unsetMxAndSpfIncludeShouldDefaultToTheMachineHostName() throws Exception {
        DnsCheckModule.OnboardingRecords records = DnsCheckModule.onboardingRecords(properties(""), MACHINE).orElseThrow();

        assertThat(records.mxHosts).containsExactly(MxRecord.of(10, "mx.machine.example"));
        assertThat(records.spfInclude).isEqualTo("mx.machine.example");
    }

    @Test
    void authServIdShouldNameThisHostBeforeTheMachineHostName() throws Exception {
        DnsCheckModule.OnboardingRecords records = DnsCheckModule.onboardingRecords(properties("auth.servId=mx1.smtpy.example"), MACHINE)
            .orElseThrow();

        assertThat(records.mxHosts).containsExactly(MxRecord.of(10, "mx1.smtpy.example"));
        assertThat(records.spfInclude).isEqualTo("mx1.smtpy.example");
    }

    @Test
    void configuredValuesShouldWinOverTheDefaults() throws Exception {
        DnsCheckModule.OnboardingRecords records = DnsCheckModule.onboardingRecords(
            properties("dns.mx=10 mx1.smtpy.example, 20 mx2.smtpy.example\ndns.spfInclude=_spf.smtpy.example\n"), MACHINE).orElseThrow();

        assertThat(records.mxHosts).containsExactly(MxRecord.of(10, "mx1.smtpy.example"), MxRecord.of(20, "mx2.smtpy.example"));
        assertThat(records.spfInclude).isEqualTo("_spf.smtpy.example");
    }

    @Test
    void unsetSpfIncludeShouldDefaultToTheFirstConfiguredMxHost() throws Exception {
        DnsCheckModule.OnboardingRecords records = DnsCheckModule.onboardingRecords(
            properties("dns.mx=20 mx2.smtpy.example, 10 mx1.smtpy.example\n"), MACHINE).orElseThrow();

        assertThat(records.spfInclude).isEqualTo("mx2.smtpy.example");
    }

    @Test
    void aMachineWithoutAPublicNameShouldLeaveTheCheckOff() throws Exception {
        assertThat(DnsCheckModule.onboardingRecords(properties(""), NAMELESS_MACHINE)).isEmpty();
        assertThat(DnsCheckModule.onboardingRecords(properties(""), () -> Optional.of("172.17.0.2"))).isEmpty();
        assertThat(DnsCheckModule.onboardingRecords(properties(""), Optional::empty)).isEmpty();
    }

    @Test
    void aMachineWithoutAPublicNameShouldStillUseAConfiguredMx() throws Exception {
        assertThat(DnsCheckModule.onboardingRecords(properties("dns.mx=mx1.smtpy.example"), NAMELESS_MACHINE)).isPresent();
    }

    @Test
    void publicHostNamesShouldBeTold() {
        assertThat(DnsCheckModule.isPublicHostName("mx1.smtpy.example")).isTrue();
        assertThat(DnsCheckModule.isPublicHostName("MX1.Smtpy.Example.")).isTrue();
        assertThat(DnsCheckModule.isPublicHostName("a1b2c3d4e5")).isFalse();
        assertThat(DnsCheckModule.isPublicHostName("localhost")).isFalse();
        assertThat(DnsCheckModule.isPublicHostName("localhost.localdomain")).isFalse();
        assertThat(DnsCheckModule.isPublicHostName("10.0.0.1")).isFalse();
        assertThat(DnsCheckModule.isPublicHostName("fe80::1")).isFalse();
    }

    @Test
    void anUnreadableMxShouldFailTheStart() {
        assertThatThrownBy(() -> DnsCheckModule.onboardingRecords(properties("dns.mx=ten mx1.smtpy.example"), MACHINE))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("dns.mx");
    }
}

package io.smtpy.core.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

class DmarcReportAddressTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");

    private AliasDirectory directory;
    private DmarcReportAddress address;

    @BeforeEach
    void setUp() {
        directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(),
            new MovableClock(Instant.parse("2026-01-01T00:00:00Z")), Limits.DEFAULT);
        directory.createDomain(EXAMPLE, settings -> settings);
        address = new DmarcReportAddress(DmarcReportAddress.DEFAULT_LOCAL_PART, new AliasResolver(directory));
    }

    @Test
    void theReportAddressOfAnSmtpyDomainShouldNameItsDomain() throws Exception {
        assertThat(address.domainOf(new MailAddress("dmarc-reports@example.com"))).contains(EXAMPLE);
    }

    @Test
    void caseAndTagShouldNotMatter() throws Exception {
        assertThat(address.domainOf(new MailAddress("DMARC-Reports+google@Example.COM"))).contains(EXAMPLE);
    }

    @Test
    void anotherLocalPartShouldNotBeTheReportAddress() throws Exception {
        assertThat(address.isReportAddress(new MailAddress("dmarc@example.com"))).isFalse();
        assertThat(address.isReportAddress(new MailAddress("dmarc-reports-x@example.com"))).isFalse();
    }

    @Test
    void aDomainThatIsNotSmtpysShouldHaveNoReportAddress() throws Exception {
        assertThat(address.isReportAddress(new MailAddress("dmarc-reports@other.org"))).isFalse();
    }

    @Test
    void aDisabledDomainShouldHaveNoReportAddress() throws Exception {
        directory.updateDomain(EXAMPLE, settings -> settings.enabled(false));

        assertThat(address.isReportAddress(new MailAddress("dmarc-reports@example.com"))).isFalse();
    }

    @Test
    void theLocalPartShouldBeConfigurable() throws Exception {
        DmarcReportAddress custom = new DmarcReportAddress("rua", new AliasResolver(directory));

        assertThat(custom.isReportAddress(new MailAddress("rua@example.com"))).isTrue();
        assertThat(custom.isReportAddress(new MailAddress("dmarc-reports@example.com"))).isFalse();
    }

    @Test
    void anInvalidLocalPartShouldBeRefused() {
        assertThatThrownBy(() -> new DmarcReportAddress("a+b", new AliasResolver(directory)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}

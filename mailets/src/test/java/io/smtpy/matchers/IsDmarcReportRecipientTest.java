package io.smtpy.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.dmarc.DmarcReportAddress;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

/** The matcher only asks core's DmarcReportAddress: the report address of an smtpy domain, nothing else. */
class IsDmarcReportRecipientTest {
    @Test
    void onlyTheReportAddressesOfSmtpyDomainsShouldMatch() throws Exception {
        AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(),
            new MovableClock(Instant.parse("2026-03-01T12:00:00Z")), Limits.DEFAULT);
        directory.createDomain(DomainName.of("example.com"), builder -> builder);
        IsDmarcReportRecipient matcher = new IsDmarcReportRecipient(
            new DmarcReportAddress(DmarcReportAddress.DEFAULT_LOCAL_PART, new AliasResolver(directory)));
        matcher.init(FakeMatcherConfig.builder().matcherName("IsDmarcReportRecipient").build());

        FakeMail mail = FakeMail.builder().name("m").recipients("dmarc-reports@example.com", "sales@example.com",
            "dmarc-reports@elsewhere.example").build();

        assertThat(matcher.match(mail)).containsExactly(new MailAddress("dmarc-reports@example.com"));
    }
}

package io.smtpy.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.dmarc.DmarcReportAddress;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.mailpath.RecipientPolicy;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.srs.SenderRewriting;
import io.smtpy.core.srs.SrsSettings;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

class IsSmtpyRecipientTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
    private final SenderRewriting srs = new SenderRewriting(SrsSettings.of(List.of("a-test-secret-of-enough-length")), clock);
    private final AliasResolver resolver = new AliasResolver(directory);
    private final IsSmtpyRecipient matcher = new IsSmtpyRecipient(new RecipientPolicy(resolver, new AliasExpansion(resolver, srs),
        new DmarcReportAddress(DmarcReportAddress.DEFAULT_LOCAL_PART, resolver)));

    @BeforeEach
    void setUp() throws Exception {
        directory.createDomain(DomainName.of("example.com"), builder -> builder);
        directory.createAlias(AliasAddress.of(DomainName.of("example.com"), LocalPart.of("sales")),
            builder -> builder.destinations(List.of(Destination.of("jane@dest.example"))));
        matcher.init(FakeMatcherConfig.builder().matcherName("IsSmtpyRecipient").build());
    }

    @Test
    void onlyRecipientsOnSmtpyDomainsShouldMatch() throws Exception {
        FakeMail mail = FakeMail.builder().name("m")
            .recipients(new MailAddress("sales@example.com"), new MailAddress("someone@elsewhere.example"))
            .build();
        assertThat(matcher.match(mail)).containsExactly(new MailAddress("sales@example.com"));
    }

    @Test
    void anSrsReturnAddressOfOursShouldMatch() throws Exception {
        MailAddress returnPath = srs.forward(new MailAddress("jane@sender.example"), DomainName.of("example.com"));
        FakeMail mail = FakeMail.builder().name("bounce").recipient(returnPath).build();
        assertThat(matcher.match(mail)).containsExactly(returnPath);
    }

    @Test
    void anUnknownAddressOfAnSmtpyDomainShouldStillMatchForTheMailetToBounceIt() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").recipient(new MailAddress("gone@example.com")).build();
        assertThat(matcher.match(mail)).containsExactly(new MailAddress("gone@example.com"));
    }

    @Test
    void mailForNoSmtpyDomainShouldMatchNothing() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").recipient(new MailAddress("a@elsewhere.example")).build();
        assertThat(matcher.match(mail)).isEmpty();
    }
}

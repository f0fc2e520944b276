package io.smtpy.core.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.CatchAll;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.ExceptionAction;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.model.LocalPartPattern;
import io.smtpy.core.srs.SenderRewriting;
import io.smtpy.core.srs.SrsSettings;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

class AliasExpansionTest {
    private static final DomainName D1 = DomainName.of("d1.example");
    private static final DomainName D2 = DomainName.of("d2.example");

    private AliasDirectory directory;
    private SenderRewriting srs;
    private AliasExpansion expansion;

    @BeforeEach
    void setUp() {
        MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
        directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
        srs = new SenderRewriting(SrsSettings.of(List.of("a-test-secret-of-enough-length")), clock);
        expansion = new AliasExpansion(new AliasResolver(directory), srs);
        directory.createDomain(D1, b -> b);
        directory.createDomain(D2, b -> b);
    }

    private void alias(DomainName domain, String localPart, String... destinations) {
        directory.createAlias(AliasAddress.of(domain, LocalPart.of(localPart)),
            b -> b.destinations(List.of(destinations).stream().map(Destination::of).collect(Collectors.toList())));
    }

    private static MailAddress address(String raw) throws Exception {
        return new MailAddress(raw);
    }

    private static List<String> destinations(ForwardingPlan.Route route) {
        return route.destinations().stream().map(Destination::asString).collect(Collectors.toList());
    }

    @Test
    void aliasesOfSeveralDomainsShouldMakeOneRoutePerDomainAndSendEachMailboxOneCopy() throws Exception {
        alias(D1, "a", "x@ext.example", "y@ext.example");
        alias(D1, "b", "y@ext.example", "z@ext.example");
        alias(D2, "c", "x@ext.example", "w@ext.example");

        ForwardingPlan plan = expansion.plan(List.of(address("a@d1.example"), address("b@d1.example"), address("c@d2.example")));

        assertThat(plan.routes()).hasSize(2);
        assertThat(plan.routes().get(0).forwardingDomain()).isEqualTo(D1);
        assertThat(destinations(plan.routes().get(0))).containsExactly("x@ext.example", "y@ext.example", "z@ext.example");
        assertThat(destinations(plan.routes().get(1))).containsExactly("w@ext.example");
        assertThat(plan.refused()).isEmpty();
    }

    @Test
    void destinationsOnSmtpyDomainsShouldBeFollowedInMemory() throws Exception {
        alias(D1, "a", "b@d2.example");
        alias(D2, "b", "final@ext.example");

        ForwardingPlan plan = expansion.plan(List.of(address("a@d1.example")));

        assertThat(plan.routes()).hasSize(1);
        assertThat(plan.routes().get(0).forwardingDomain()).isEqualTo(D1);
        assertThat(destinations(plan.routes().get(0))).containsExactly("final@ext.example");
    }

    @Test
    void aliasLoopShouldBeRefusedWithTheChain() throws Exception {
        alias(D1, "a", "b@d2.example");
        alias(D2, "b", "a@d1.example");

        ForwardingPlan plan = expansion.plan(List.of(address("a@d1.example")));

        assertThat(plan.routes()).isEmpty();
        assertThat(plan.refused()).hasSize(1);
        assertThat(plan.refused().get(0).loop()).isTrue();
        assertThat(plan.refused().get(0).reason()).contains("a@d1.example -> b@d2.example -> a@d1.example");
        assertThat(plan.refused().get(0).status().code()).isEqualTo(550);
        assertThat(plan.refused().get(0).status().enhanced()).contains("5.4.6");
    }

    @Test
    void droppedRecipientsShouldBeListedAndNotForwarded() throws Exception {
        directory.setCatchAll(D1, Optional.of(new CatchAll(List.of(Destination.of("all@ext.example")),
            List.of(new CatchAll.ExceptionRule(LocalPartPattern.of("spam-*"), ExceptionAction.DROP)))));

        ForwardingPlan plan = expansion.plan(List.of(address("spam-1@d1.example"), address("other@d1.example")));

        assertThat(plan.dropped()).extracting(d -> d.recipient().asString()).containsExactly("spam-1@d1.example");
        assertThat(destinations(plan.routes().get(0))).containsExactly("all@ext.example");
    }

    @Test
    void mailToAnSrsAddressShouldReturnToTheOriginalSender() throws Exception {
        MailAddress srsAddress = srs.forward(address("jane@sender.example"), D1);

        ForwardingPlan plan = expansion.plan(List.of(srsAddress));

        assertThat(plan.routes()).hasSize(1);
        assertThat(plan.routes().get(0).returnedMail()).isTrue();
        assertThat(destinations(plan.routes().get(0))).containsExactly("jane@sender.example");
    }

    @Test
    void srs1AddressWhoseFirstForwarderIsOursShouldReturnToTheOriginalSender() throws Exception {
        MailAddress srs0 = srs.forward(address("jane@sender.example"), D1);
        MailAddress srs1 = srs.forward(srs0, D2);

        ForwardingPlan plan = expansion.plan(List.of(srs1));

        assertThat(srs1.getLocalPart()).startsWithIgnoringCase("SRS1=");
        assertThat(destinations(plan.routes().get(0))).containsExactly("jane@sender.example");
    }

    @Test
    void forgedSrsAddressShouldBeRefused() throws Exception {
        ForwardingPlan plan = expansion.plan(List.of(address("SRS0=AAAAAAAA=AA=sender.example=jane@d1.example")));

        assertThat(plan.routes()).isEmpty();
        assertThat(plan.refused().get(0).reason()).contains("invalid return address");
        assertThat(plan.refused().get(0).status().enhanced()).contains("5.1.1");
    }

    @Test
    void aliasThatStoppedResolvingSinceRcptShouldBeRefusedNotLost() throws Exception {
        ForwardingPlan plan = expansion.plan(List.of(address("gone@d1.example")));

        assertThat(plan.routes()).isEmpty();
        assertThat(plan.refused().get(0).reason()).contains("does not accept mail");
    }

    @Test
    void onlySmtpyDomainsShouldBeSmtpyRecipients() throws Exception {
        assertThat(expansion.isSmtpyRecipient(address("anyone@d1.example"))).isTrue();
        assertThat(expansion.isSmtpyRecipient(address("anyone@elsewhere.example"))).isFalse();
    }
}

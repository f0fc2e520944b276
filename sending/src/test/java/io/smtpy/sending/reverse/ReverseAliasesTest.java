package io.smtpy.sending.reverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

import io.smtpy.core.cluster.TwoNodes;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

class ReverseAliasesTest {
    private static final DomainName DOMAIN = DomainName.of("brand.example");
    private static final Optional<LocalPart> SALES = Optional.of(LocalPart.of("sales"));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    private final MemoryReverseAliasRepository repository = new MemoryReverseAliasRepository();
    private final ReverseAliases reverseAliases = new ReverseAliases(repository, CLOCK);

    @Test
    void copiesShouldCarryNoReplyToWhileTheSettingIsOff() {
        assertThat(reverseAliases.replyTo(DOMAIN, SALES, List.of(), List.of("ann@customer.example"))).isEmpty();
        assertThat(repository.list(DOMAIN, Optional.empty(), 10, 0)).isEmpty();
    }

    @Test
    void replyToShouldBeTheReverseAliasOfTheFromUnderItsName() {
        reverseAliases.changeSetting(DOMAIN, Optional.empty(), Optional.of(true));

        String replyTo = reverseAliases.replyTo(DOMAIN, SALES, List.of(), List.of("\"Ann A.\" <ann@customer.example>")).orElseThrow();

        ReverseAlias made = repository.list(DOMAIN, Optional.empty(), 10, 0).get(0);
        assertThat(replyTo).isEqualTo("\"Ann A.\" <" + made.address().asString() + ">");
        assertThat(made.original().asString()).isEqualTo("ann@customer.example");
        assertThat(made.alias()).isEqualTo(SALES.get());
    }

    @Test
    void originalReplyToShouldBeWhatRepliesGoTo() {
        reverseAliases.changeSetting(DOMAIN, Optional.empty(), Optional.of(true));

        reverseAliases.replyTo(DOMAIN, SALES, List.of("list@lists.example"), List.of("ann@customer.example"));

        assertThat(repository.list(DOMAIN, Optional.empty(), 10, 0)).extracting(reverse -> reverse.original().asString())
            .containsExactly("list@lists.example");
    }

    @Test
    void sameSenderShouldGetTheSameReverseAliasAndWithoutNameItsAddressSpelledOut() {
        reverseAliases.changeSetting(DOMAIN, Optional.empty(), Optional.of(true));

        String first = reverseAliases.replyTo(DOMAIN, SALES, List.of(), List.of("ann@customer.example")).orElseThrow();
        String second = reverseAliases.replyTo(DOMAIN, SALES, List.of(), List.of("ANN@customer.example")).orElseThrow();

        assertThat(second).isEqualTo(first).startsWith("\"ann at customer.example\" <ra+");
    }

    @Test
    void aliasSettingShouldOverrideTheDomains() {
        reverseAliases.changeSetting(DOMAIN, Optional.empty(), Optional.of(true));
        reverseAliases.changeSetting(DOMAIN, SALES, Optional.of(false));

        assertThat(reverseAliases.replyTo(DOMAIN, SALES, List.of(), List.of("ann@customer.example"))).isEmpty();
        assertThat(reverseAliases.replyTo(DOMAIN, Optional.of(LocalPart.of("info")), List.of(), List.of("ann@customer.example")))
            .isPresent();
    }

    @Test
    void disabledReverseAliasShouldNotBeOffered() throws Exception {
        reverseAliases.changeSetting(DOMAIN, Optional.empty(), Optional.of(true));
        ReverseAlias reverse = reverseAliases.replyAddress(DOMAIN, SALES.get(), new MailAddress("ann@customer.example"), "");
        reverseAliases.setEnabled(DOMAIN, reverse.id(), false);

        assertThat(reverseAliases.replyTo(DOMAIN, SALES, List.of(), List.of("ann@customer.example"))).isEmpty();
    }

    @Test
    void addressShouldFindItsReverseAliasOnItsDomainOnly() throws Exception {
        ReverseAlias reverse = reverseAliases.replyAddress(DOMAIN, SALES.get(), new MailAddress("ann@customer.example"), "");

        assertThat(reverseAliases.ofAddress(reverse.address())).contains(reverse);
        assertThat(reverseAliases.ofAddress(reverse.token().addressOn(DomainName.of("other.example")))).isEmpty();
        assertThat(reverseAliases.ofAddress(new MailAddress("sales@brand.example"))).isEmpty();
    }

    @Test
    void aSettingChangedThroughOneNodeShouldApplyOnTheOtherOnceItFollowsTheFeed() {
        ReverseAliases nodeB = new ReverseAliases(repository, CLOCK);
        TwoNodes cluster = TwoNodes.of(reverseAliases.sharedIndex(), nodeB.sharedIndex());
        assertThat(nodeB.replyThroughAlias(DOMAIN, SALES)).isFalse();

        reverseAliases.changeSetting(DOMAIN, Optional.empty(), Optional.of(true));
        assertThat(nodeB.replyThroughAlias(DOMAIN, SALES)).isFalse();
        cluster.follow();
        assertThat(nodeB.replyThroughAlias(DOMAIN, SALES)).isTrue();

        reverseAliases.removeAll(DOMAIN);
        cluster.follow();
        assertThat(nodeB.replyThroughAlias(DOMAIN, SALES)).isFalse();
    }

    @Test
    void theForwardingPathShouldAnswerACorrespondentsReverseAliasFromMemoryOnceMade() {
        AtomicInteger reads = new AtomicInteger();
        ReverseAliases counted = new ReverseAliases(new MemoryReverseAliasRepository() {
            @Override
            public synchronized Optional<ReverseAlias> find(DomainName domain, LocalPart alias, MailAddress original) {
                reads.incrementAndGet();
                return super.find(domain, alias, original);
            }
        }, CLOCK);
        counted.changeSetting(DOMAIN, Optional.empty(), Optional.of(true));

        String first = counted.replyTo(DOMAIN, SALES, List.of(), List.of("ann@customer.example")).orElseThrow();
        reads.set(0);
        for (int copy = 0; copy < 100; copy++) {
            assertThat(counted.replyTo(DOMAIN, SALES, List.of(), List.of("Ann@Customer.example"))).contains(first);
        }

        assertThat(reads).hasValue(0);
    }

    @Test
    void aReverseAliasDisabledOrRemovedThroughOneNodeShouldBeForgottenByTheOtherOnceItFollowsTheFeed() throws Exception {
        ReverseAliases nodeB = new ReverseAliases(repository, CLOCK);
        TwoNodes cluster = TwoNodes.of(List.of(reverseAliases.sharedIndex(), reverseAliases.issuedIndex()),
            List.of(nodeB.sharedIndex(), nodeB.issuedIndex()));
        reverseAliases.changeSetting(DOMAIN, Optional.empty(), Optional.of(true));
        cluster.follow();
        String offered = nodeB.replyTo(DOMAIN, SALES, List.of(), List.of("ann@customer.example")).orElseThrow();
        ReverseAlias reverse = reverseAliases.replyAddress(DOMAIN, SALES.get(), new MailAddress("ann@customer.example"), "");

        reverseAliases.setEnabled(DOMAIN, reverse.id(), false);
        assertThat(reverseAliases.replyTo(DOMAIN, SALES, List.of(), List.of("ann@customer.example"))).isEmpty();
        assertThat(nodeB.replyTo(DOMAIN, SALES, List.of(), List.of("ann@customer.example"))).contains(offered);
        cluster.follow();
        assertThat(nodeB.replyTo(DOMAIN, SALES, List.of(), List.of("ann@customer.example"))).isEmpty();

        reverseAliases.remove(DOMAIN, reverse.id());
        cluster.follow();
        String renewed = nodeB.replyTo(DOMAIN, SALES, List.of(), List.of("ann@customer.example")).orElseThrow();
        assertThat(renewed).isNotEqualTo(offered);
    }
}

package io.smtpy.sending.reverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/** What every {@link ReverseAliasRepository} backend must do; run on memory and embedded SQLite. */
public interface ReverseAliasRepositoryContract {
    DomainName DOMAIN = DomainName.of("brand.example");
    DomainName OTHER_DOMAIN = DomainName.of("other.example");
    LocalPart SALES = LocalPart.of("sales");
    LocalPart SUPPORT = LocalPart.of("support");
    Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    ReverseAliasRepository testee();

    static MailAddress address(String address) {
        try {
            return new MailAddress(address);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ReverseAlias reverse(DomainName domain, LocalPart alias, String original, Instant createdAt) {
        return ReverseAlias.issue(domain, alias, address(original), "", createdAt);
    }

    @Test
    default void addedReverseAliasShouldBeFoundAsItWasWritten() {
        ReverseAlias reverse = ReverseAlias.issue(DOMAIN, SALES, address("Jane@Customer.example"), "Jane Doe",
            NOW.plusNanos(123_456_789));

        assertThat(testee().addOrGet(reverse)).isEqualTo(reverse);
        assertThat(testee().find(DOMAIN, reverse.id())).contains(reverse);
        assertThat(testee().findByToken(reverse.token())).contains(reverse);
        assertThat(testee().find(DOMAIN, SALES, address("jane@customer.example"))).contains(reverse);
    }

    @Test
    default void secondReverseAliasForTheSameSenderShouldGiveTheFirstBack() {
        ReverseAlias first = testee().addOrGet(reverse(DOMAIN, SALES, "jane@customer.example", NOW));

        ReverseAlias second = testee().addOrGet(reverse(DOMAIN, SALES, "JANE@customer.example", NOW.plusSeconds(1)));

        assertThat(second).isEqualTo(first);
        assertThat(testee().list(DOMAIN, Optional.empty(), 10, 0)).containsExactly(first);
    }

    @Test
    default void otherAliasOrDomainShouldGetItsOwnReverseAlias() {
        ReverseAlias sales = testee().addOrGet(reverse(DOMAIN, SALES, "jane@customer.example", NOW));
        ReverseAlias support = testee().addOrGet(reverse(DOMAIN, SUPPORT, "jane@customer.example", NOW.plusSeconds(1)));
        ReverseAlias other = testee().addOrGet(reverse(OTHER_DOMAIN, SALES, "jane@customer.example", NOW.plusSeconds(2)));

        assertThat(support.id()).isNotEqualTo(sales.id());
        assertThat(other.id()).isNotEqualTo(sales.id());
        assertThat(testee().list(DOMAIN, Optional.empty(), 10, 0)).containsExactly(sales, support);
        assertThat(testee().list(DOMAIN, Optional.of(SUPPORT), 10, 0)).containsExactly(support);
    }

    @Test
    default void listShouldPageOldestFirst() {
        ReverseAlias a = testee().addOrGet(reverse(DOMAIN, SALES, "a@customer.example", NOW.plusSeconds(2)));
        ReverseAlias b = testee().addOrGet(reverse(DOMAIN, SALES, "b@customer.example", NOW));
        ReverseAlias c = testee().addOrGet(reverse(DOMAIN, SALES, "c@customer.example", NOW.plusSeconds(1)));

        assertThat(testee().list(DOMAIN, Optional.empty(), 2, 0)).containsExactly(b, c);
        assertThat(testee().list(DOMAIN, Optional.empty(), 2, 2)).containsExactly(a);
    }

    @Test
    default void disabledReverseAliasShouldStayFoundButDisabled() {
        ReverseAlias reverse = testee().addOrGet(reverse(DOMAIN, SALES, "jane@customer.example", NOW));

        assertThat(testee().setEnabled(DOMAIN, reverse.id(), false)).isTrue();

        assertThat(testee().findByToken(reverse.token())).contains(reverse.withEnabled(false));
        assertThat(testee().setEnabled(OTHER_DOMAIN, reverse.id(), true)).isFalse();
        assertThat(testee().setEnabled(DOMAIN, AccessId.generate(ReverseAlias.ID_PREFIX), true)).isFalse();
    }

    @Test
    default void useShouldBeRecorded() {
        ReverseAlias reverse = testee().addOrGet(reverse(DOMAIN, SALES, "jane@customer.example", NOW));

        testee().used(DOMAIN, reverse.id(), NOW.plusSeconds(60));

        assertThat(testee().find(DOMAIN, reverse.id()).orElseThrow().lastUsedAt()).contains(NOW.plusSeconds(60));
    }

    @Test
    default void removedReverseAliasShouldBeGone() {
        ReverseAlias reverse = testee().addOrGet(reverse(DOMAIN, SALES, "jane@customer.example", NOW));

        assertThat(testee().remove(OTHER_DOMAIN, reverse.id())).isFalse();
        assertThat(testee().remove(DOMAIN, reverse.id())).isTrue();

        assertThat(testee().findByToken(reverse.token())).isEmpty();
        assertThat(testee().remove(DOMAIN, reverse.id())).isFalse();
    }

    @Test
    default void removeAllShouldTakeTheDomainsReverseAliasesAndSettingsOnly() {
        testee().addOrGet(reverse(DOMAIN, SALES, "a@customer.example", NOW));
        testee().addOrGet(reverse(DOMAIN, SUPPORT, "b@customer.example", NOW));
        ReverseAlias kept = testee().addOrGet(reverse(OTHER_DOMAIN, SALES, "a@customer.example", NOW));
        testee().setting(DOMAIN, Optional.empty(), Optional.of(true));
        testee().setting(OTHER_DOMAIN, Optional.empty(), Optional.of(true));

        assertThat(testee().removeAll(DOMAIN)).isEqualTo(2);

        assertThat(testee().list(DOMAIN, Optional.empty(), 10, 0)).isEmpty();
        assertThat(testee().settings(DOMAIN)).isEqualTo(ReplySettings.DEFAULT);
        assertThat(testee().list(OTHER_DOMAIN, Optional.empty(), 10, 0)).containsExactly(kept);
        assertThat(testee().settings(OTHER_DOMAIN).domain()).isTrue();
    }

    @Test
    default void settingsShouldBeOffUntilSet() {
        assertThat(testee().settings(DOMAIN)).isEqualTo(ReplySettings.DEFAULT);
    }

    @Test
    default void settingsShouldKeepTheDomainsAndTheAliasesOverrides() {
        testee().setting(DOMAIN, Optional.empty(), Optional.of(true));
        testee().setting(DOMAIN, Optional.of(SALES), Optional.of(false));
        testee().setting(DOMAIN, Optional.of(SUPPORT), Optional.of(true));
        testee().setting(DOMAIN, Optional.of(SUPPORT), Optional.empty());

        assertThat(testee().settings(DOMAIN)).isEqualTo(new ReplySettings(true, Map.of(SALES, false)));
        assertThat(testee().settings(OTHER_DOMAIN)).isEqualTo(ReplySettings.DEFAULT);
    }
}

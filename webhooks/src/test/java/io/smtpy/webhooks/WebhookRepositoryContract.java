package io.smtpy.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/** What every {@link WebhookRepository} does; backends run it by implementing {@link #testee()}. */
public interface WebhookRepositoryContract {
    WebhookScope EXAMPLE = WebhookScope.domain(DomainName.of("example.com"));
    /** An account's endpoints are apart from its domains' and from other accounts'. */
    WebhookScope ACCOUNT = WebhookScope.account("acc_example");
    WebhookScope OTHER = WebhookScope.domain(DomainName.of("other.example"));
    Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    WebhookRepository testee();

    static WebhookEndpoint endpoint(WebhookScope scope, Instant createdAt) {
        return WebhookEndpoint.create(WebhookId.random(), scope, URI.create("https://hooks.example/in?token=t"),
            Set.of(MailEventType.FORWARDED, MailEventType.BOUNCED), "sealed-secret", createdAt);
    }

    @Test
    default void createdEndpointShouldBeFoundAsGiven() {
        WebhookEndpoint endpoint = endpoint(EXAMPLE, T0);

        testee().create(endpoint);

        assertThat(testee().find(EXAMPLE, endpoint.id())).contains(endpoint);
    }

    @Test
    default void everyFieldShouldSurviveAnUpdate() {
        WebhookEndpoint endpoint = endpoint(EXAMPLE, T0);
        testee().create(endpoint);
        WebhookEndpoint changed = endpoint.withUrl(URI.create("http://[2001:db8::1]:8080/x"))
            .withEvents(Set.of())
            .rotated("sealed-new", T0.plusSeconds(86400))
            .withConsecutiveFailures(3)
            .withBatch(Optional.of(WebhookBatch.of(100, 10)))
            .disable("the endpoint answered 410 Gone");

        testee().update(changed);

        assertThat(testee().find(EXAMPLE, endpoint.id())).contains(changed);
    }

    @Test
    default void anEndpointShouldNotBeFoundUnderAnotherDomain() {
        WebhookEndpoint endpoint = endpoint(EXAMPLE, T0);
        testee().create(endpoint);

        assertThat(testee().find(OTHER, endpoint.id())).isEmpty();
        assertThat(testee().list(OTHER)).isEmpty();
        assertThat(testee().delete(OTHER, endpoint.id())).isFalse();
        assertThat(testee().find(EXAMPLE, endpoint.id())).isPresent();
    }

    @Test
    default void anAccountsEndpointShouldBeApartFromItsDomainsAndSurviveAnUpdate() {
        WebhookEndpoint ofAccount = endpoint(ACCOUNT, T0);
        WebhookEndpoint ofDomain = endpoint(EXAMPLE, T0);
        testee().create(ofAccount);
        testee().create(ofDomain);
        WebhookEndpoint batched = ofAccount.withBatch(Optional.of(WebhookBatch.of(5, 60)));

        testee().update(batched);

        assertThat(testee().list(ACCOUNT)).containsExactly(batched);
        assertThat(testee().list(EXAMPLE)).containsExactly(ofDomain);
        assertThat(testee().find(WebhookScope.account("acc_other"), ofAccount.id())).isEmpty();
        assertThat(testee().find(ACCOUNT, ofDomain.id())).isEmpty();
    }

    @Test
    default void listShouldGiveTheDomainsEndpointsOldestFirst() {
        WebhookEndpoint later = endpoint(EXAMPLE, T0.plusSeconds(60));
        WebhookEndpoint earlier = endpoint(EXAMPLE, T0);
        testee().create(later);
        testee().create(earlier);
        testee().create(endpoint(OTHER, T0));

        assertThat(testee().list(EXAMPLE)).containsExactly(earlier, later);
    }

    @Test
    default void creatingTheSameIdTwiceShouldFail() {
        WebhookEndpoint endpoint = endpoint(EXAMPLE, T0);
        testee().create(endpoint);

        assertThatThrownBy(() -> testee().create(endpoint)).isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    default void updatingAMissingEndpointShouldFail() {
        assertThatThrownBy(() -> testee().update(endpoint(EXAMPLE, T0))).isInstanceOf(NotFoundException.class);
    }

    @Test
    default void deleteShouldRemoveTheEndpoint() {
        WebhookEndpoint endpoint = endpoint(EXAMPLE, T0);
        testee().create(endpoint);

        assertThat(testee().delete(EXAMPLE, endpoint.id())).isTrue();

        assertThat(testee().find(EXAMPLE, endpoint.id())).isEmpty();
        assertThat(testee().delete(EXAMPLE, endpoint.id())).isFalse();
    }
}

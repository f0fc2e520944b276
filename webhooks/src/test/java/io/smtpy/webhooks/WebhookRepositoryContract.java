package io.smtpy.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/** What every {@link WebhookRepository} does; backends run it by implementing {@link #testee()}. */
public interface WebhookRepositoryContract {
    DomainName EXAMPLE = DomainName.of("example.com");
    DomainName OTHER = DomainName.of("other.example");
    Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    WebhookRepository testee();

    static WebhookEndpoint endpoint(DomainName domain, Instant createdAt) {
        return WebhookEndpoint.create(WebhookId.random(), domain, URI.create("https://hooks.example/in?token=t"),
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

package io.smtpy.webadmin.dto;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.smtpy.sending.relay.DomainRelay;
import io.smtpy.sending.relay.RelayProbe;

/** A domain's relay as the API shows it: never its password, sealed or not; {@code hasPassword} says whether it has one. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public class DomainRelayDTO {
    public final String host;
    public final int port;
    public final String tls;
    public final Optional<String> username;
    public final boolean hasPassword;
    public final String scope;
    public final boolean enabled;
    public final Instant updatedAt;

    public DomainRelayDTO(DomainRelay relay) {
        this.host = relay.host();
        this.port = relay.port();
        this.tls = relay.tls().asString();
        this.username = relay.username();
        this.hasPassword = relay.hasPassword();
        this.scope = relay.scope().asString();
        this.enabled = relay.enabled();
        this.updatedAt = relay.updatedAt();
    }

    /** The answer of {@code POST .../relay/test}: each step with the relay's reply, and the failing reply if any. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public static class TestDTO {
        public final boolean ok;
        public final List<StepDTO> steps;
        public final Optional<String> reply;

        public TestDTO(RelayProbe.Result result) {
            this.ok = result.ok();
            this.steps = result.steps().stream().map(StepDTO::new).collect(Collectors.toList());
            this.reply = result.failure();
        }
    }

    public static class StepDTO {
        public final String step;
        public final boolean ok;
        public final String reply;

        StepDTO(RelayProbe.Step step) {
            this.step = step.name();
            this.ok = step.ok();
            this.reply = step.reply();
        }
    }
}

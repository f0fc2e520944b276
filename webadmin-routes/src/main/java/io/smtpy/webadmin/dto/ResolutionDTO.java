package io.smtpy.webadmin.dto;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.smtpy.core.directory.Resolution;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.ExceptionAction;

/** What a recipient resolves to now, and why. */
public class ResolutionDTO {
    public final String address;
    public final String outcome;
    public final boolean forwards;
    public final List<String> destinations;
    public final Optional<String> matched;
    public final Optional<String> action;
    public final String reason;

    public ResolutionDTO(String address, Resolution resolution) {
        this.address = address;
        this.outcome = resolution.outcome().asString();
        this.forwards = resolution.forwards();
        this.destinations = resolution.destinations().stream().map(Destination::asString).collect(Collectors.toList());
        this.matched = resolution.matched();
        this.action = resolution.action().map(ExceptionAction::asString);
        this.reason = reason(resolution);
    }

    private static String reason(Resolution resolution) {
        String matched = resolution.matched().orElse("");
        switch (resolution.outcome()) {
            case EXACT:
                return "alias " + matched;
            case REGEX:
                return "regex alias " + matched;
            case CATCH_ALL:
                return "no alias matches; the catch-all forwards it";
            case CATCH_ALL_EXCEPTION:
                return "catch-all exception '" + matched + "' says " + resolution.action().map(ExceptionAction::asString).orElse("");
            case EXPIRED:
                return "alias " + matched + " has expired";
            case DISABLED_ALIAS:
                return "alias " + matched + " is disabled";
            case DISABLED_DOMAIN:
                return "the domain is disabled";
            case UNKNOWN:
                return "no alias, regex alias or catch-all matches";
            default:
                return "not an smtpy domain";
        }
    }
}

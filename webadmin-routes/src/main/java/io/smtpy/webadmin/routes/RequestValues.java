package io.smtpy.webadmin.routes;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.model.Tag;
import spark.Request;

/** Reads model values out of path parameters, query parameters and JSON lists, naming the field on error. */
final class RequestValues {
    static final String DOMAIN_PARAM = ":domain";
    static final String LOCAL_PART_PARAM = ":localPart";

    private RequestValues() {
    }

    static DomainName domain(Request request) {
        try {
            return DomainName.of(request.params(DOMAIN_PARAM));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("domain", e.getMessage());
        }
    }

    /** The path's domain, which must be one of smtpy's (404 otherwise, as for a domain out of the caller's reach). */
    static DomainName existingDomain(Request request, io.smtpy.core.directory.AliasDirectory directory) {
        DomainName domain = domain(request);
        if (directory.domain(domain).isEmpty()) {
            throw new io.smtpy.core.store.NotFoundException("domain " + domain + " does not exist");
        }
        return domain;
    }

    static AliasAddress aliasAddress(Request request) {
        DomainName domain = domain(request);
        try {
            return AliasAddress.of(domain, LocalPart.of(request.params(LOCAL_PART_PARAM)));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("localPart", e.getMessage());
        }
    }

    /** The path's alias of the path's smtpy domain, which must both exist (404 otherwise). */
    static AliasAddress existingAlias(Request request, io.smtpy.core.directory.AliasDirectory directory) {
        existingDomain(request, directory);
        AliasAddress address = aliasAddress(request);
        if (directory.alias(address).isEmpty()) {
            throw new io.smtpy.core.store.NotFoundException("alias " + address.asString() + " does not exist");
        }
        return address;
    }

    /** The path's opaque id {@code param} ({@code smc_...}, {@code rva_...}); one that cannot be an id is as unknown as any. */
    static io.smtpy.access.AccessId pathId(Request request, String param,
                                           java.util.function.Supplier<io.smtpy.core.store.NotFoundException> notFound) {
        try {
            return io.smtpy.access.AccessId.parse(request.params(param), "id");
        } catch (io.smtpy.core.model.InvalidFieldException e) {
            throw notFound.get();
        }
    }

    static List<Destination> destinations(List<String> values, String field) {
        ImmutableList.Builder<Destination> destinations = ImmutableList.builder();
        for (int i = 0; i < values.size(); i++) {
            try {
                destinations.add(Destination.of(values.get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(field + "[" + i + "]", e.getMessage());
            }
        }
        return destinations.build();
    }

    static List<String> tags(List<String> values) {
        ImmutableList.Builder<String> tags = ImmutableList.builder();
        for (int i = 0; i < values.size(); i++) {
            try {
                tags.add(Tag.normalize(values.get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("tags[" + i + "]", e.getMessage());
            }
        }
        return tags.build();
    }

    static Optional<Integer> intParam(Request request, String name, int min, int max) {
        String value = request.queryParams(name);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new InvalidFieldException(name, "'" + name + "' must be between " + min + " and " + max + ", got " + value);
            }
            return Optional.of(parsed);
        } catch (NumberFormatException e) {
            throw new InvalidFieldException(name, "'" + name + "' must be an integer, got '" + value + "'");
        }
    }

    static Optional<Boolean> booleanParam(Request request, String name) {
        String value = request.queryParams(name);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (value.equalsIgnoreCase("true")) {
            return Optional.of(true);
        }
        if (value.equalsIgnoreCase("false")) {
            return Optional.of(false);
        }
        throw new InvalidFieldException(name, "'" + name + "' must be true or false, got '" + value + "'");
    }

    static Optional<String> nonEmptyParam(Request request, String name) {
        return Optional.ofNullable(request.queryParams(name)).filter(value -> !value.isEmpty());
    }

    /** An alias name (a local part) given as the parameter {@code name}. */
    static Optional<LocalPart> localPartParam(Request request, String name) {
        return nonEmptyParam(request, name).map(value -> {
            try {
                return LocalPart.of(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(name, e.getMessage());
            }
        });
    }

    /** A mail event type in lower case ({@code delivered}, {@code bounced}...) given as the parameter {@code name}. */
    static Optional<MailEventType> eventTypeParam(Request request, String name) {
        return nonEmptyParam(request, name).map(value -> {
            try {
                return MailEventType.parse(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(name, e.getMessage());
            }
        });
    }

    /** An ISO-8601 date-time with an offset ({@code 2026-12-31T23:59:00Z}) given as the parameter {@code name}. */
    static Optional<Instant> instantParam(Request request, String name) {
        return nonEmptyParam(request, name).map(value -> instant(value, name));
    }

    static Instant instant(String value, String field) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(field, "'" + field + "' must be an ISO-8601 date-time with offset, e.g. 2026-12-31T23:59:00Z");
        }
    }
}

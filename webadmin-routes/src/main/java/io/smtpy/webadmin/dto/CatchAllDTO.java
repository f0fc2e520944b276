package io.smtpy.webadmin.dto;

import java.util.List;
import java.util.stream.Collectors;

import io.smtpy.core.model.CatchAll;
import io.smtpy.core.model.Destination;

/** A domain's catch-all: destinations and exceptions (pattern + action). */
public class CatchAllDTO {
    public final List<String> destinations;
    public final List<ExceptionDTO> exceptions;

    public CatchAllDTO(CatchAll catchAll) {
        this.destinations = catchAll.destinations().stream().map(Destination::asString).collect(Collectors.toList());
        this.exceptions = catchAll.exceptions().stream().map(ExceptionDTO::new).collect(Collectors.toList());
    }

    /** One exception of the catch-all. */
    public static class ExceptionDTO {
        public final String pattern;
        public final String action;

        ExceptionDTO(CatchAll.ExceptionRule rule) {
            this.pattern = rule.pattern().asString();
            this.action = rule.action().asString();
        }
    }
}

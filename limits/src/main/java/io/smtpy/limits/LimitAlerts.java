package io.smtpy.limits;

import io.smtpy.core.model.DomainName;

/**
 * Where an owner alert about a limit goes (the notifications module's owner alerts, alert type {@code limit}, wired in
 * {@code guice-modules}). Called once per limit and window in which the limit refused mail, for sets with
 * {@code notify}; the receiver throttles by {@code about} as well.
 */
@FunctionalInterface
public interface LimitAlerts {
    LimitAlerts NONE = (domain, about, subject, text) -> { };

    /**
     * @param about what the incident is about within the domain (the limit and its window): one alert per value
     */
    void limitReached(DomainName domain, String about, String subject, String text);
}

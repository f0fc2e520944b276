package io.smtpy.rules.lists;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * The identities of one mail to one smtpy recipient that lists are asked about: the envelope sender, the header
 * From (absent at RCPT, before the message is read), the connecting client's address, and where the mail goes
 * (domain, alias, the domain's account) which selects the scopes that apply.
 */
public final class ListQuery {
    private final DomainName domain;
    private final MaybeSender sender;
    private final Optional<LocalPart> alias;
    private final Optional<String> account;
    private final Optional<MailAddress> headerFrom;
    private final Optional<InetAddress> client;

    public ListQuery(MaybeSender sender, Optional<MailAddress> headerFrom, Optional<InetAddress> client, DomainName domain,
                     Optional<LocalPart> alias, Optional<String> account) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.headerFrom = Objects.requireNonNull(headerFrom, "headerFrom");
        this.client = Objects.requireNonNull(client, "client");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.alias = Objects.requireNonNull(alias, "alias");
        this.account = Objects.requireNonNull(account, "account");
    }

    /** A query for mail to the domain from the sender, with no alias, account, header From or client until set. */
    public static ListQuery of(DomainName domain, MaybeSender sender) {
        return new ListQuery(sender, Optional.empty(), Optional.empty(), domain, Optional.empty(), Optional.empty());
    }

    public ListQuery alias(LocalPart alias) {
        return new ListQuery(sender, headerFrom, client, domain, Optional.of(alias), account);
    }

    public ListQuery account(String account) {
        return new ListQuery(sender, headerFrom, client, domain, alias, Optional.of(account));
    }

    public ListQuery headerFrom(MailAddress headerFrom) {
        return new ListQuery(sender, Optional.of(headerFrom), client, domain, alias, account);
    }

    public ListQuery client(InetAddress client) {
        return new ListQuery(sender, headerFrom, Optional.of(client), domain, alias, account);
    }

    public MaybeSender sender() {
        return sender;
    }

    public Optional<MailAddress> headerFrom() {
        return headerFrom;
    }

    public Optional<InetAddress> client() {
        return client;
    }

    public DomainName domain() {
        return domain;
    }

    public Optional<LocalPart> alias() {
        return alias;
    }

    public Optional<String> account() {
        return account;
    }
}

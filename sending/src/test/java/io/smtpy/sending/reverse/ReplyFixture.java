package io.smtpy.sending.reverse;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;

/**
 * The world of the reply tests, in memory: the domain {@code brand.example} with the alias {@code sales} forwarding to
 * {@code jane@mailbox.example}, and {@code ann@customer.example}'s reverse alias of it. Published in the test-jar for the
 * hooks' tests.
 */
public final class ReplyFixture {
    public static final DomainName DOMAIN = DomainName.of("brand.example");
    public static final LocalPart SALES = LocalPart.of("sales");
    public static final String MAILBOX = "jane@mailbox.example";
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    public final AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), CLOCK,
        Limits.DEFAULT);
    public final AliasResolver resolver = new AliasResolver(directory);
    public final ReverseAliases reverseAliases = new ReverseAliases(new MemoryReverseAliasRepository(), CLOCK);
    public final ReverseAlias ann;

    public ReplyFixture() {
        directory.createDomain(DOMAIN, settings -> settings);
        alias(SALES, MAILBOX);
        ann = reverseAliases.replyAddress(DOMAIN, SALES, address("ann@customer.example"), "Ann");
    }

    public void alias(LocalPart localPart, String destination) {
        directory.createAlias(AliasAddress.of(DOMAIN, localPart), alias -> alias.destinations(List.of(Destination.of(destination))));
    }

    public static MailAddress address(String address) {
        try {
            return new MailAddress(address);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

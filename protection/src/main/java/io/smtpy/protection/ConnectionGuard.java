package io.smtpy.protection;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.dns.DnsLookup;
import io.smtpy.core.smtp.SmtpStatus;

/**
 * Connection-level protection of the MX, as the SMTP hooks ask it:
 * <ul>
 *   <li>{@link #atConnect}: once per SMTP session, a client listed by a configured DNS blocklist is refused with
 *       {@code 554 5.7.1 client address listed by <zone>};</li>
 *   <li>{@link #atRcpt}: before each recipient, a client refused for probing gets
 *       {@code 421 4.7.0 too many unknown recipients from your address, try again later} and is disconnected; a client
 *       with {@link ProtectionSettings#slowAfter()} or more unknown recipients within the window waits
 *       {@link ProtectionSettings#delayStep()} more per unknown recipient past that, at most
 *       {@link ProtectionSettings#maxDelay()};</li>
 *   <li>{@link #unknownRecipient}: each recipient refused as unknown is counted; at
 *       {@link ProtectionSettings#refuseAfter()} the client is refused for {@link ProtectionSettings#refuseFor()}.</li>
 * </ul>
 * Addresses in the trusted networks skip all of it. Thread-safe.
 */
public class ConnectionGuard {
    public static final SmtpStatus PROBING = SmtpStatus.of(421, "4.7.0", "too many unknown recipients from your address, try again later");
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionGuard.class);

    private final ProtectionSettings settings;
    private final DnsBlocklists blocklists;
    private final RecipientProbes probes;
    private final LongAdder dnsblRefusals = new LongAdder();
    private final LongAdder probesSlowed = new LongAdder();
    private final LongAdder clientsRefused = new LongAdder();
    private final LongAdder refusedClientReplies = new LongAdder();

    public ConnectionGuard(ProtectionSettings settings, DnsBlocklists blocklists, RecipientProbes probes) {
        this.settings = settings;
        this.blocklists = blocklists;
        this.probes = probes;
    }

    /** A guard with its own blocklist cache and probe counts, asking {@code dns}, on {@code clock}. */
    public static ConnectionGuard of(ProtectionSettings settings, DnsLookup dns, Clock clock) {
        return new ConnectionGuard(settings, new DnsBlocklists(dns, settings, clock), new RecipientProbes(settings, clock));
    }

    public ProtectionSettings settings() {
        return settings;
    }

    public boolean trusted(InetAddress client) {
        return settings.trustedNetworks().stream().anyMatch(network -> network.contains(client));
    }

    /** The blocklists' verdict on a new session's client: refuse (554, no disconnect) when listed, else allow. */
    public GuardDecision atConnect(InetAddress client) {
        if (trusted(client)) {
            return GuardDecision.allow();
        }
        Optional<BlocklistListing> listing = blocklists.check(client);
        if (listing.isEmpty()) {
            return GuardDecision.allow();
        }
        dnsblRefusals.increment();
        LOGGER.info("Refusing {}: listed by {}", client.getHostAddress(), listing.get());
        return GuardDecision.refuse(SmtpStatus.of(554, "5.7.1", "client address listed by " + listing.get().zone()), false,
            "client " + client.getHostAddress() + " listed by " + listing.get());
    }

    /** Before a recipient is answered: refuse a refused prober, slow a probing one, else allow. */
    public GuardDecision atRcpt(InetAddress client) {
        if (trusted(client)) {
            return GuardDecision.allow();
        }
        if (probes.refusedUntil(client).isPresent()) {
            refusedClientReplies.increment();
            return GuardDecision.refuse(PROBING, true, "client " + client.getHostAddress() + " refused for probing unknown recipients");
        }
        int recent = probes.recent(client);
        if (recent < settings.slowAfter()) {
            return GuardDecision.allow();
        }
        probesSlowed.increment();
        Duration delay = settings.delayStep().multipliedBy(recent - settings.slowAfter() + 1L);
        return GuardDecision.delay(delay.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : delay);
    }

    /** Counts a recipient refused as unknown; the one reaching the threshold makes the client refused. */
    public void unknownRecipient(InetAddress client) {
        if (trusted(client)) {
            return;
        }
        if (probes.unknownRecipient(client)) {
            clientsRefused.increment();
            LOGGER.warn("Refusing {} for {}: {} unknown recipients within {}", client.getHostAddress(), settings.refuseFor(),
                settings.refuseAfter(), settings.window());
        }
    }

    public List<RefusedClient> refusedClients() {
        return probes.refused();
    }

    /** Ends a client's refusal at once (the operator's call); false when it was not refused. */
    public boolean release(InetAddress client) {
        boolean released = probes.release(client);
        if (released) {
            LOGGER.info("Released {} from its refusal for probing", client.getHostAddress());
        }
        return released;
    }

    public ProtectionCounters counters() {
        return new ProtectionCounters(blocklists.hits(), blocklists.errors(), dnsblRefusals.sum(), probesSlowed.sum(),
            clientsRefused.sum(), refusedClientReplies.sum());
    }
}

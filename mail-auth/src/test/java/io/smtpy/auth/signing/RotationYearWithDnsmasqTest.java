package io.smtpy.auth.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.DkimVerdict;
import io.smtpy.auth.dkim.DkimSigner;
import io.smtpy.auth.dkim.DkimVerifier;
import io.smtpy.auth.dkim.PythonDkim;
import io.smtpy.auth.dkim.SigningKey;
import io.smtpy.core.dkim.DkimAlgorithm;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dkim.DkimKeyGenerator;
import io.smtpy.core.dkim.DkimKeyRotation;
import io.smtpy.core.dkim.DkimKeyState;
import io.smtpy.core.dkim.DkimRotationRun;
import io.smtpy.core.dkim.MemoryDkimKeyRepository;
import io.smtpy.core.dkim.PrivateKeyCipher;
import io.smtpy.core.dkim.RotationPolicy;
import io.smtpy.core.dns.DnsPublishedKeyCheck;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.dns.DnsJavaLookup;
import io.smtpy.dns.testing.Dnsmasq;

/**
 * A year of DKIM rotations, day by day, against a real DNS server: a dnsmasq whose zone is what the domain's owner
 * has published, and the owner publishes each new key some days after smtpy made it (0 to 6 days, once 40 days:
 * past the next rotation date). Every day the scheduled rotation step runs (asking dnsmasq whether pending keys
 * are visible), a mail is signed with the keys the mail path would use, and the signatures are verified through
 * dnsmasq by smtpy's verifier; on each day the signing keys change, also by Debian's python3-dkim.
 *
 * <p>What must hold every day: no signature with a key whose record the zone does not hold; every signature
 * verifies; once both algorithms have an active key, both sign every day (an old key signs until its successor is
 * published, however late).
 */
@Timeout(300)
class RotationYearWithDnsmasqTest {
    private static final DomainName DOMAIN = DomainName.of("rotating.test");
    private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
    private static final String READY = "--txt-record=ready.rotating.test,ready";

    private final MovableClock clock = new MovableClock(START);
    private final MemoryDkimKeyRepository keys = new MemoryDkimKeyRepository();
    private final Random random = new Random(20261124);
    /** The day offset after creation at which the owner publishes each key, by record name. */
    private final Map<String, Integer> publicationDelays = new HashMap<>();
    private Dnsmasq dnsmasq;

    @AfterEach
    void stopDns() {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    @Test
    void everyDailySignatureShouldVerifyAndUseOnlyPublishedKeys() throws Exception {
        dnsmasq = Dnsmasq.start(List.of(READY), "ready.rotating.test");
        DnsJavaLookup dns = new DnsJavaLookup(new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsmasq.port()),
            Duration.ofSeconds(2));
        MemoryDomainRepository domains = new MemoryDomainRepository();
        domains.create(Domain.builder(DOMAIN).createdAt(START).updatedAt(START).build());
        RotationPolicy policy = RotationPolicy.builder()
            .algorithms(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256)
            .rotateAfter(Duration.ofDays(90))
            .retiringGrace(Duration.ofDays(7))
            .build();
        DkimKeyRotation rotation = new DkimKeyRotation(keys, new DkimKeyGenerator(), new PrivateKeyCipher(new byte[32]),
            new DnsPublishedKeyCheck(dns), policy, clock);
        DkimRotationRun run = new DkimRotationRun(rotation, domains, new MailEvents(new MemoryMailEventRepository()));
        DomainSigningKeys signingKeys = new DomainSigningKeys(rotation);
        DkimSigner signer = new DkimSigner(clock);
        DkimVerifier verifier = new DkimVerifier(dns, clock);

        Map<String, String> zone = new LinkedHashMap<>();
        Set<String> previousSigners = new HashSet<>();
        Set<String> everySigner = new HashSet<>();
        int signedDays = 0;
        boolean bothAlgorithmsSigned = false;
        int independentlyVerified = 0;
        for (int day = 0; day < 365; day++) {
            zone = publishWhatTheOwnerHasPublished(zone);
            run.everyDomain();

            List<SigningKey> signing = signingKeys.of(DOMAIN);
            Set<String> signers = signing.stream().map(key -> key.selector().recordName(DOMAIN)).collect(Collectors.toSet());
            assertThat(zone.keySet()).as("day %d: every signing key is in DNS", day).containsAll(signers);
            if (signing.isEmpty()) {
                assertThat(day).as("only the first days, before the first key is published, go unsigned").isLessThan(8);
                clock.moveBy(Duration.ofDays(1));
                continue;
            }
            List<DkimAlgorithm> algorithms = signing.stream().map(SigningKey::algorithm).collect(Collectors.toList());
            if (bothAlgorithmsSigned) {
                assertThat(algorithms).as("day %d: once both algorithms signed, both always do", day)
                    .containsExactlyInAnyOrder(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256);
            }
            bothAlgorithmsSigned = algorithms.size() == 2;

            byte[] message = message(day);
            byte[] signed = concat(String.join("", signer.sign(message, signing)), message);
            List<DkimVerdict> verdicts = verifier.verify(signed);
            assertThat(verdicts).as("day %d: %s", day, verdicts).hasSize(signing.size())
                .allSatisfy(verdict -> assertThat(verdict.status()).isEqualTo(AuthStatus.PASS));
            if (!signers.equals(previousSigners)) {
                assertThat(PythonDkim.verify(signed, zone)).as("day %d, python3-dkim", day).containsOnly("pass");
                independentlyVerified++;
            }
            previousSigners = signers;
            everySigner.addAll(signers);
            signedDays++;
            clock.moveBy(Duration.ofDays(1));
        }

        assertThat(signedDays).isGreaterThan(355);
        assertThat(everySigner).as("at least four keys per algorithm signed during the year").hasSizeGreaterThanOrEqualTo(8);
        assertThat(independentlyVerified).isGreaterThanOrEqualTo(4);
        assertThat(keys.list(DOMAIN)).extracting(DkimKey::state).contains(DkimKeyState.RETIRED);
    }

    /**
     * The owner's zone today: each pending, active or retiring key once its publication delay has passed (a key
     * created today with delay 0 is published at the next daily update), retired keys removed. dnsmasq is restarted
     * when the zone changes.
     */
    private Map<String, String> publishWhatTheOwnerHasPublished(Map<String, String> current) throws Exception {
        Map<String, String> zone = new LinkedHashMap<>();
        for (DkimKey key : keys.list(DOMAIN)) {
            if (key.state() == DkimKeyState.RETIRED) {
                continue;
            }
            int delay = publicationDelays.computeIfAbsent(key.recordName(), name -> nextDelay());
            if (!key.createdAt().plus(Duration.ofDays(delay)).isAfter(clock.instant())) {
                zone.put(key.recordName(), key.txtRecord());
            }
        }
        if (!zone.equals(current)) {
            List<String> records = new ArrayList<>();
            records.add(READY);
            zone.forEach((name, value) -> records.add("--txt-record=" + name + "," + String.join(",", DkimKey.txtStrings(value))));
            dnsmasq = dnsmasq.restartWith(records, "ready.rotating.test");
        }
        return zone;
    }

    /** 0 to 6 days, and once, for the fourth key, 40 days: later than the next rotation would be due. */
    private int nextDelay() {
        return publicationDelays.size() == 3 ? 40 : random.nextInt(7);
    }

    private static byte[] message(int day) {
        return ("From: owner@rotating.test\r\n"
            + "To: someone@example.test\r\n"
            + "Subject: day " + day + "\r\n"
            + "Message-ID: <day-" + day + "@rotating.test>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain\r\n"
            + "\r\n"
            + "Signed on day " + day + ".\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(String fields, byte[] message) {
        byte[] head = fields.getBytes(StandardCharsets.US_ASCII);
        byte[] whole = new byte[head.length + message.length];
        System.arraycopy(head, 0, whole, 0, head.length);
        System.arraycopy(message, 0, whole, head.length, message.length);
        return whole;
    }
}

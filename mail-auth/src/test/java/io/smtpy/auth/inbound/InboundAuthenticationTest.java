package io.smtpy.auth.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.DkimVerdict;
import io.smtpy.auth.DkimVerification;
import io.smtpy.auth.dkim.DkimSigner;
import io.smtpy.auth.dkim.DkimVerifier;
import io.smtpy.auth.dkim.TestKeys;
import io.smtpy.auth.dkim.TestMessages;
import io.smtpy.auth.dmarc.AuthorProblem;
import io.smtpy.auth.dmarc.DmarcEvaluation;
import io.smtpy.auth.spf.SpfCheck;
import io.smtpy.dns.DnsJavaLookup;
import io.smtpy.dns.testing.Dnsmasq;

/**
 * Whole messages through SPF, DKIM (a lambda standing in for the verifier) and DMARC against a real dnsmasq, down
 * to the Authentication-Results header we would add.
 */
class InboundAuthenticationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();
    private static final AuthenticationResults HEADER = new AuthenticationResults("mx.smtpy.test");
    /** Passes the message's signature when it has one by shop.test: what a real verifier would say for these messages. */
    private static final DkimVerification SHOP_SIGNATURE = message ->
        new String(message, StandardCharsets.UTF_8).contains("DKIM-Signature: v=1; a=rsa-sha256; d=shop.test; s=s1;")
            ? List.of(new DkimVerdict(AuthStatus.PASS, "shop.test", "s1", "rsa-sha256", Optional.empty()))
            : List.of();

    private static Dnsmasq dnsmasq;
    private static InboundAuthentication authentication;
    private static SpfCheck spf;
    private static DmarcEvaluation dmarc;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        dnsmasq = Dnsmasq.start(List.of(
            "--txt-record=shop.test,v=spf1 ip4:192.0.2.10 -all",
            "--txt-record=mail.shop.test,v=spf1 ip4:127.0.0.1 -all",
            "--txt-record=newsletters.test,v=spf1 ip4:127.0.0.1 ~all",
            "--txt-record=_dmarc.shop.test,v=DMARC1; p=reject; rua=mailto:dmarc@shop.test",
            "--txt-record=spam.test,v=spf1 ip4:127.0.0.1 -all"), "_dmarc.shop.test");
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsmasq.port());
        spf = new SpfCheck(address, TIMEOUT);
        dmarc = new DmarcEvaluation(new DnsJavaLookup(address, TIMEOUT), () -> 0);
        authentication = new InboundAuthentication(spf, SHOP_SIGNATURE, dmarc);
    }

    @AfterAll
    static void stopDnsmasq() {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    private static byte[] message(String... headers) {
        return (String.join("\r\n", headers) + "\r\nTo: customer@forwarded.test\r\nSubject: Your order\r\n"
            + "Message-ID: <1@shop.test>\r\n\r\nThank you for your order.\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static final String SHOP_SIGNATURE_HEADER =
        "DKIM-Signature: v=1; a=rsa-sha256; d=shop.test; s=s1;\r\n\th=from:to:subject; bh=abc=; b=def=";

    @Test
    void signedMailFromAnEmailProviderShouldPassDmarcThroughDkim() {
        InboundVerdict verdict = authentication.check(CLIENT, "out.provider.test", Optional.of("bounce+123@newsletters.test"),
            message(SHOP_SIGNATURE_HEADER, "From: \"Shop, Inc.\" <orders@shop.test>"));

        assertThat(HEADER.headerValue(verdict, Optional.empty())).isEqualTo("mx.smtpy.test; "
            + "spf=pass smtp.mailfrom=newsletters.test; "
            + "dkim=pass header.d=shop.test header.s=s1 header.a=rsa-sha256; "
            + "dmarc=pass (p=reject dis=none) header.from=shop.test");
        assertThat(verdict.rejectRequested()).isFalse();
    }

    @Test
    void spoofedUnsignedMailShouldFailDmarcAndAskForRejection() {
        InboundVerdict verdict = authentication.check(CLIENT, "spam.test", Optional.of("<spammer@spam.test>"),
            message("From: Shop <orders@shop.test>"));

        assertThat(HEADER.headerValue(verdict, Optional.empty())).isEqualTo("mx.smtpy.test; "
            + "spf=pass smtp.mailfrom=spam.test; dkim=none; "
            + "dmarc=fail (p=reject dis=reject) reason=\"no SPF or DKIM pass for a domain aligned with the From domain\" "
            + "header.from=shop.test");
        assertThat(verdict.rejectRequested()).isTrue();
    }

    @Test
    void spfFailOfTheFromDomainItselfShouldFailBoth() {
        InboundVerdict verdict = authentication.check(CLIENT, "mail.example.test", Optional.of("orders@shop.test"),
            message("From: orders@shop.test"));

        assertThat(HEADER.headerValue(verdict, Optional.empty())).isEqualTo("mx.smtpy.test; "
            + "spf=fail smtp.mailfrom=shop.test; dkim=none; "
            + "dmarc=fail (p=reject dis=reject) reason=\"neither SPF nor DKIM passed\" header.from=shop.test");
        assertThat(verdict.spf().explanation()).contains("127.0.0.1 is not a designated sender of shop.test");
    }

    @Test
    void bounceShouldBeAuthenticatedThroughItsHeloName() {
        InboundVerdict verdict = authentication.check(CLIENT, "mail.shop.test", Optional.empty(),
            message("From: Mail Delivery System <MAILER-DAEMON@mail.shop.test>"));

        assertThat(HEADER.headerValue(verdict, Optional.empty())).isEqualTo("mx.smtpy.test; "
            + "spf=pass smtp.helo=mail.shop.test; dkim=none; dmarc=pass (p=reject dis=none) header.from=mail.shop.test");
    }

    @Test
    void arcResultGivenByTheCallerShouldBeAdded() {
        InboundVerdict verdict = authentication.check(CLIENT, "out.provider.test", Optional.of("bounce@newsletters.test"),
            message(SHOP_SIGNATURE_HEADER, "From: orders@shop.test"));

        assertThat(AuthenticationResults.results(verdict, Optional.of(AuthStatus.PASS))).endsWith("; arc=pass");
    }

    @Test
    void failingDkimVerifierShouldBecomeTemperror() {
        InboundAuthentication withBrokenDkim = new InboundAuthentication(spf, message -> {
            throw new IllegalStateException("verifier bug");
        }, dmarc);

        InboundVerdict verdict = withBrokenDkim.check(CLIENT, "spam.test", Optional.of("spammer@spam.test"),
            message("From: orders@shop.test"));

        assertThat(HEADER.headerValue(verdict, Optional.empty()))
            .contains("; dkim=temperror reason=\"DKIM verification failed\"; dmarc=fail");
    }

    @Test
    void hostileHeaderBlockShouldGiveAClearVerdictQuickly() {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            headers.append("From: user").append(i).append("@shop.test\r\n");
        }
        byte[] message = (headers + "X-Filler: " + "x".repeat(1_000_000) + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();

        InboundVerdict verdict = authentication.check(CLIENT, "spam.test", Optional.of("spammer@spam.test"), message);

        assertThat(verdict.dmarc().status()).isEqualTo(AuthStatus.PERMERROR);
        assertThat(verdict.dmarc().authorProblem()).contains(AuthorProblem.SEVERAL_FROM_FIELDS);
        assertThat(HEADER.headerValue(verdict, Optional.empty()))
            .endsWith("; dmarc=permerror reason=\"the message has 20000 From fields\"");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void garbageInputShouldGiveVerdictsNotExceptions() {
        InboundVerdict verdict = authentication.check(null, null, null, null);

        assertThat(verdict.spf().status()).isEqualTo(AuthStatus.NONE);
        assertThat(verdict.dkim()).isEmpty();
        assertThat(verdict.dmarc().authorProblem()).contains(AuthorProblem.NO_FROM_FIELD);
        assertThat(HEADER.headerValue(verdict, Optional.empty())).startsWith("mx.smtpy.test; spf=none reason=");
    }

    @Test
    void checksWithTimeLeftShouldGiveTheSameVerdictsAsWithoutABudget() {
        byte[] message = message(SHOP_SIGNATURE_HEADER, "From: orders@shop.test");

        InboundVerdict unbounded = authentication.check(CLIENT, "out.provider.test", Optional.of("bounce@newsletters.test"), message);
        InboundVerdict budgeted = authentication.check(CLIENT, "out.provider.test", Optional.of("bounce@newsletters.test"), message,
            CheckTimeBudget.of(Duration.ofSeconds(5)).start());

        assertThat(HEADER.headerValue(budgeted, Optional.empty())).isEqualTo(HEADER.headerValue(unbounded, Optional.empty()));
    }

    @Test
    void checksStillRunningAtTheEndOfTheBudgetShouldBeTemperrorAndNeverReject() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            // SPF is answered by dnsmasq at once; the DKIM key lookup goes to a resolver that never answers.
            DnsJavaLookup unanswered = new DnsJavaLookup(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                silent.getLocalPort()), Duration.ofSeconds(10));
            InboundAuthentication slowKeys = new InboundAuthentication(spf, new DkimVerifier(unanswered), dmarc);
            byte[] unsigned = message("From: orders@shop.test");
            byte[] signed = TestMessages.prepend(new DkimSigner(Clock.systemUTC())
                .sign(unsigned, TestKeys.signingKey("shop.test", "s1", TestKeys.RSA)), unsigned);

            long start = System.nanoTime();
            InboundVerdict verdict = slowKeys.check(CLIENT, "spam.test", Optional.of("spammer@spam.test"), signed,
                CheckTimeBudget.of(Duration.ofMillis(500)).start());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(elapsed).isBetween(Duration.ofMillis(450), Duration.ofSeconds(2));
            assertThat(verdict.spf().status()).isEqualTo(AuthStatus.PASS);
            assertThat(verdict.dkim()).singleElement().satisfies(dkim -> {
                assertThat(dkim.status()).isEqualTo(AuthStatus.TEMPERROR);
                assertThat(dkim.reason()).contains("DKIM verification not finished within the time budget of 500 ms");
            });
            // Without the budget this message would fail DMARC (SPF passes for spam.test only) and be rejected.
            assertThat(verdict.dmarc().status()).isEqualTo(AuthStatus.TEMPERROR);
            assertThat(verdict.dmarc().headerFrom()).contains("shop.test");
            assertThat(verdict.dmarc().rejectRequested()).isFalse();
        }
    }

    @Test
    void budgetSpentBeforeACheckStartsShouldGiveTemperrorWithoutRunningIt() {
        CheckTimeBudget.Deadline spent = CheckTimeBudget.of(Duration.ofNanos(1)).start();
        AtomicBoolean ran = new AtomicBoolean();

        String result = spent.await(spent.submit(() -> {
            ran.set(true);
            return "done";
        }), reason -> "temperror: " + reason);

        assertThat(result).startsWith("temperror: not finished within the time budget");
        assertThat(ran).isFalse();
    }
}

package io.smtpy.core.mailpath;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.smtp.SmtpStatus;

class DmarcEnforcementTest {
    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00Z");
    private static final Domain ENFORCING = domain("strict.example", true);
    private static final Domain LENIENT = domain("lenient.example", false);

    private static Domain domain(String name, boolean enforcing) {
        return Domain.builder(DomainName.of(name)).enforceDmarcReject(enforcing).createdAt(CREATED).updatedAt(CREATED).build();
    }

    private static MailAddress address(String raw) throws Exception {
        return new MailAddress(raw);
    }

    @Test
    void aMailForEnforcingDomainsOnlyShouldBeRefusedWith550() throws Exception {
        MailAddress a = address("a@strict.example");
        MailAddress b = address("b@strict.example");

        DmarcEnforcement enforcement = DmarcEnforcement.decide(List.of(a, b), Map.of(a, ENFORCING, b, ENFORCING), "author.example");

        assertThat(enforcement.action()).isEqualTo(DmarcEnforcement.Action.REFUSE_MESSAGE);
        assertThat(enforcement.enforced()).containsExactlyInAnyOrder(a, b);
        assertThat(enforcement.status()).isEqualTo(SmtpStatus.of(550, "5.7.1",
            "message rejected: DMARC policy of author.example is reject and the message fails DMARC"));
    }

    @Test
    void aMailAlsoForOtherRecipientsShouldLoseOnlyTheEnforcingDomainsRecipients() throws Exception {
        MailAddress strict = address("a@strict.example");
        MailAddress lenient = address("b@lenient.example");
        MailAddress foreign = address("c@foreign.example");
        Map<MailAddress, Domain> smtpy = new LinkedHashMap<>();
        smtpy.put(strict, ENFORCING);
        smtpy.put(lenient, LENIENT);

        DmarcEnforcement enforcement = DmarcEnforcement.decide(List.of(strict, lenient, foreign), smtpy, "author.example");

        assertThat(enforcement.action()).isEqualTo(DmarcEnforcement.Action.DROP_RECIPIENTS);
        assertThat(enforcement.enforced()).containsExactly(strict);
        assertThat(enforcement.dropReason()).isEqualTo("not forwarded: DMARC policy of author.example is reject and the message fails DMARC");
    }

    @Test
    void noEnforcingDomainShouldChangeNothing() throws Exception {
        MailAddress lenient = address("b@lenient.example");

        DmarcEnforcement enforcement = DmarcEnforcement.decide(List.of(lenient), Map.of(lenient, LENIENT), "author.example");

        assertThat(enforcement.action()).isEqualTo(DmarcEnforcement.Action.NONE);
        assertThat(enforcement.enforced()).isEmpty();
    }
}

package io.smtpy.rules.lists;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.testing.MovableClock;

/**
 * {@link SenderLists#decide} over 10,000 entries of every kind in one domain: each kind still decides (exact address,
 * domain, wildcard address, wildcard subdomain, network), and clean senders pass. How long it takes is measured by
 * bench/'s {@code OwnerDecisionsBenchmark} ({@code lists} case), not here: a timed test fails on a loaded machine and
 * proves nothing on a quiet one.
 */
class SenderListsAtScaleTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final int ENTRIES = 10_000;

    @Test
    void everyKindOfEntryShouldStillDecideAmongTenThousand() throws Exception {
        SenderLists lists = new SenderLists(new MemoryListRepository(), new MovableClock(Instant.parse("2026-01-01T00:00:00Z")),
            ListLimits.defaults());
        StringBuilder csv = new StringBuilder("type,value\n");
        for (int i = 0; i < ENTRIES; i++) {
            switch (i % 5) {
                case 0:
                    csv.append("block,sender").append(i).append("@spam").append(i % 97).append(".example\n");
                    break;
                case 1:
                    csv.append("block,spam").append(i).append(".example\n");
                    break;
                case 2:
                    csv.append("block,news").append(i).append("*@shop").append(i % 31).append(".example\n");
                    break;
                case 3:
                    csv.append("block,*.bulk").append(i).append(".example\n");
                    break;
                default:
                    csv.append("block,10.").append(i / 256 % 256).append('.').append(i % 256).append(".0/24\n");
            }
        }
        assertThat(lists.importCsv(ListScope.domain(EXAMPLE), new java.io.StringReader(csv.toString())).errors()).isEmpty();
        for (int i = 0; i < 100; i++) {
            ListQuery clean = ListQuery.of(EXAMPLE, MaybeSender.of(new MailAddress("someone" + i + "@mail" + i + ".sub.clean.example")))
                .alias(LocalPart.of("info"))
                .account("acme")
                .headerFrom(new MailAddress("letters" + i + "@shop" + i + ".example"))
                .client(InetAddress.getByName("192.0.2." + i));
            assertThat(lists.decide(clean).blocked()).as("clean sender %d", i).isFalse();
        }
        assertThat(lists.decide(ListQuery.of(EXAMPLE, MaybeSender.of(new MailAddress("sender5@spam5.example")))).blocked()).isTrue();
        assertThat(lists.decide(ListQuery.of(EXAMPLE, MaybeSender.of(new MailAddress("anyone@spam6.example")))).blocked()).isTrue();
        assertThat(lists.decide(ListQuery.of(EXAMPLE, MaybeSender.of(new MailAddress("news7-daily@shop7.example")))).blocked()).isTrue();
        assertThat(lists.decide(ListQuery.of(EXAMPLE, MaybeSender.of(new MailAddress("x@a.bulk3.example")))).blocked()).isTrue();
        assertThat(lists.decide(ListQuery.of(EXAMPLE, MaybeSender.nullSender()).client(InetAddress.getByName("10.0.4.9"))).blocked()).isTrue();
    }
}

package io.smtpy.core.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

/**
 * The summary over the fixtures. Numbers worked out by hand from the XML:
 *
 * <pre>
 * day 1 (begin 1700006400)                        messages  pass  fail
 *   google.com         198.51.100.23 none pass/pass   12      12
 *                      203.0.113.9   none fail/pass    3       3
 *                      192.0.2.77    quar fail/fail    2             2
 *   Yahoo              198.51.100.23 none pass/pass    5       5
 *                      192.0.2.77    quar fail/fail    4             4
 *   Enterprise Outlook 2a01:111:f400:7e1b::205 none pass/fail 7 7
 *                      192.0.2.77    quar fail/fail    1             1
 *   Enterprise Outlook (no record)                     0
 *   AMAZON-SES         54.240.8.1    none pass/fail   10      10
 *   total                                             44      37     7
 * day 2 (begin 1700092800)
 *   Mail Provider      198.51.100.23 none pass/pass   20      20
 *                      2001:db8::25  none pass/fail    6       6
 *                      2001:db8::25  none pass/pass    2       2   (written 2001:DB8:0:0:0:0:0:25)
 *                      203.0.113.50  rej  fail/fail    3             3
 *                      192.0.2.77    none fail/fail    1             1   (local_policy override)
 *   dmarc2.example     198.51.100.23 none pass/pass    4       4
 *                      2001:db8:1::1 rej  fail/fail    2             2
 *   total                                             38      32     6
 * </pre>
 */
class DmarcSummaryTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final Instant DAY_1 = Instant.ofEpochSecond(1700006400);
    private static final Instant DAY_2 = DAY_1.plus(Duration.ofDays(1));
    private static final Instant DAY_3 = DAY_2.plus(Duration.ofDays(1));

    private final MemoryDmarcReportRepository repository = new MemoryDmarcReportRepository();

    @BeforeEach
    void storeTheFixtures() throws Exception {
        Instant received = DAY_2.plus(Duration.ofHours(3));
        for (String fixture : List.of(Fixtures.GOOGLE_ZIP, Fixtures.YAHOO_GZ, Fixtures.MICROSOFT_GZ, Fixtures.MICROSOFT_NO_RECORD,
            Fixtures.GZIP_NAMED_ZIP, Fixtures.PLAIN_XML, Fixtures.DMARC_2)) {
            repository.store(EXAMPLE, Fixtures.parse(fixture), received);
        }
    }

    @Test
    void totalsOfTheFirstDayShouldCountMessages() {
        DmarcSummary day1 = DmarcSummary.of(repository, EXAMPLE, DAY_1, DAY_2);

        assertThat(day1.reports()).isEqualTo(5);
        assertThat(day1.messages()).isEqualTo(44);
        assertThat(day1.passing()).isEqualTo(37);
        assertThat(day1.failing()).isEqualTo(7);
    }

    @Test
    void theFirstDayShouldBreakDownBySourceIp() {
        DmarcSummary day1 = DmarcSummary.of(repository, EXAMPLE, DAY_1, DAY_2);

        assertThat(day1.bySourceIp()).extracting(DmarcSummary.Line::key, DmarcSummary.Line::messages, DmarcSummary.Line::passing)
            .containsExactly(
                tuple("198.51.100.23", 17L, 17L),
                tuple("54.240.8.1", 10L, 10L),
                tuple("192.0.2.77", 7L, 0L),
                tuple("2a01:111:f400:7e1b::205", 7L, 7L),
                tuple("203.0.113.9", 3L, 3L));
    }

    @Test
    void theFirstDayShouldBreakDownByReportingOrgIncludingAnEmptyReport() {
        DmarcSummary day1 = DmarcSummary.of(repository, EXAMPLE, DAY_1, DAY_2);

        assertThat(day1.byReportingOrg()).extracting(DmarcSummary.Line::key, DmarcSummary.Line::messages, DmarcSummary.Line::failing)
            .containsExactly(
                tuple("google.com", 17L, 2L),
                tuple("AMAZON-SES", 10L, 0L),
                tuple("Yahoo", 9L, 4L),
                tuple("Enterprise Outlook", 8L, 1L));
    }

    @Test
    void theFirstDayShouldBreakDownByDisposition() {
        DmarcSummary day1 = DmarcSummary.of(repository, EXAMPLE, DAY_1, DAY_2);

        assertThat(day1.byDisposition()).isEqualTo(Map.of(Disposition.NONE, 37L, Disposition.QUARANTINE, 7L, Disposition.REJECT, 0L));
    }

    @Test
    void theSecondDayShouldMergeOneIpv6AddressWrittenTwoWays() {
        DmarcSummary day2 = DmarcSummary.of(repository, EXAMPLE, DAY_2, DAY_3);

        assertThat(day2.reports()).isEqualTo(2);
        assertThat(day2.messages()).isEqualTo(38);
        assertThat(day2.passing()).isEqualTo(32);
        assertThat(day2.failing()).isEqualTo(6);
        assertThat(day2.bySourceIp()).extracting(DmarcSummary.Line::key, DmarcSummary.Line::messages, DmarcSummary.Line::passing)
            .containsExactly(
                tuple("198.51.100.23", 24L, 24L),
                tuple("2001:db8::25", 8L, 8L),
                tuple("203.0.113.50", 3L, 0L),
                tuple("2001:db8:1::1", 2L, 0L),
                tuple("192.0.2.77", 1L, 0L));
        assertThat(day2.byDisposition()).isEqualTo(Map.of(Disposition.NONE, 33L, Disposition.QUARANTINE, 0L, Disposition.REJECT, 5L));
    }

    @Test
    void bothDaysShouldAddUp() {
        DmarcSummary both = DmarcSummary.of(repository, EXAMPLE, DAY_1, DAY_3);

        assertThat(both.reports()).isEqualTo(7);
        assertThat(both.messages()).isEqualTo(44 + 38);
        assertThat(both.passing()).isEqualTo(37 + 32);
        assertThat(both.bySourceIp().get(0).key()).isEqualTo("198.51.100.23");
        assertThat(both.bySourceIp().get(0).messages()).isEqualTo(17 + 24);
        assertThat(both.bySourceIp()).filteredOn(line -> line.key().equals("192.0.2.77"))
            .extracting(DmarcSummary.Line::messages).containsExactly(8L);
    }

    @Test
    void aRangeWithoutReportsShouldGiveZeros() {
        DmarcSummary empty = DmarcSummary.of(repository, EXAMPLE, DAY_3, DAY_3.plus(Duration.ofDays(1)));

        assertThat(empty.reports()).isZero();
        assertThat(empty.messages()).isZero();
        assertThat(empty.bySourceIp()).isEmpty();
        assertThat(empty.byReportingOrg()).isEmpty();
        assertThat(empty.byDisposition()).containsOnlyKeys(Disposition.values()).allSatisfy((disposition, count) -> assertThat(count).isZero());
        assertThat(DmarcSummary.of(repository, DomainName.of("other.org"), DAY_1, DAY_3).reports()).isZero();
    }
}

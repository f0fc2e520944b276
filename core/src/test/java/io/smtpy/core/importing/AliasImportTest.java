package io.smtpy.core.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;

class AliasImportTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static AliasImport.Result read(String csv) {
        return AliasImport.read(DOMAIN, csv, NOW, Limits.DEFAULT, count -> { });
    }

    private static List<String> localParts(AliasImport.Result result) {
        return result.aliases().stream().map(a -> a.address().localPart().asString()).collect(Collectors.toList());
    }

    private static List<String> destinations(Alias alias) {
        return alias.destinations().stream().map(Destination::asString).collect(Collectors.toList());
    }

    @Test
    void everyColumnShouldBeRead() {
        AliasImport.Result result = read("localPart,destinations,description,tags,enabled,expiresAt\n"
            + "sales,a@dest.example;b@dest.example,Sales team,q4 vip,no,2026-12-31T23:59:00+01:00\n");

        assertThat(result.errors()).isEmpty();
        Alias alias = result.aliases().get(0);
        assertThat(destinations(alias)).containsExactly("a@dest.example", "b@dest.example");
        assertThat(alias.description()).isEqualTo("Sales team");
        assertThat(alias.tags()).containsExactly("q4", "vip");
        assertThat(alias.enabled()).isFalse();
        assertThat(alias.expiresAt()).contains(Instant.parse("2026-12-31T22:59:00Z"));
    }

    @Test
    void columnsMayComeInAnyOrderAndAnyCase() {
        AliasImport.Result result = read("DESTINATIONS,LocalPart\na@dest.example,info\n");

        assertThat(result.errors()).isEmpty();
        assertThat(localParts(result)).containsExactly("info");
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() {
        AliasImport.Result result = read("localPart,destinations,description\n"
            + "info,\"a@dest.example, b@dest.example\",\"Says \"\"hi\"\", on\ntwo lines\"\n"
            + "sales,c@dest.example,plain\n");

        assertThat(result.errors()).isEmpty();
        assertThat(destinations(result.aliases().get(0))).containsExactly("a@dest.example", "b@dest.example");
        assertThat(result.aliases().get(0).description()).isEqualTo("Says \"hi\", on\ntwo lines");
        assertThat(localParts(result)).containsExactly("info", "sales");
    }

    @Test
    void crlfBomAndBlankLinesShouldBeHandled() {
        AliasImport.Result result = read("\uFEFFlocalPart,destinations\r\n\r\ninfo,a@dest.example\r\n\r\n   \r\nsales,b@dest.example\r\n");

        assertThat(result.errors()).isEmpty();
        assertThat(localParts(result)).containsExactly("info", "sales");
    }

    @Test
    void wrongFieldCountShouldBeReportedWithItsLine() {
        AliasImport.Result result = read("localPart,destinations\ninfo,a@dest.example\nsales,b@dest.example,extra\n");

        assertThat(result.errors()).extracting(AliasImport.LineError::line).containsExactly(3);
        assertThat(result.errors().get(0).message()).isEqualTo("expected 2 fields, got 3");
        assertThat(localParts(result)).containsExactly("info");
    }

    @Test
    void lineNumbersShouldCountPhysicalLinesOfMultiLineRecords() {
        AliasImport.Result result = read("localPart,destinations,description\ninfo,a@dest.example,\"one\ntwo\nthree\"\nBad Name,b@dest.example,x\n");

        assertThat(result.errors()).extracting(AliasImport.LineError::line).containsExactly(5);
        assertThat(result.errors().get(0).field()).isEqualTo("localPart");
    }

    @Test
    void duplicateAliasesShouldBeRefusedAtTheirSecondLine() {
        AliasImport.Result result = read("localPart,destinations\ninfo,a@dest.example\nINFO,b@dest.example\n");

        assertThat(result.errors()).hasSize(1);
        assertThat(result.errors().get(0).line()).isEqualTo(3);
        assertThat(result.errors().get(0).message()).contains("already appears on line 2");
        assertThat(localParts(result)).containsExactly("info");
    }

    @Test
    void invalidValuesShouldNameTheirField() {
        AliasImport.Result result = read("localPart,destinations,enabled,expiresAt,tags\n"
            + "a,not-an-address,,,\n"
            + "b,x@dest.example,maybe,,\n"
            + "c,x@dest.example,,tomorrow,\n"
            + "d,x@dest.example,,,bad tag!\n"
            + "e,,,,\n"
            + ",x@dest.example,,,\n");

        assertThat(result.errors()).extracting(AliasImport.LineError::line, AliasImport.LineError::field)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "destinations"),
                org.assertj.core.groups.Tuple.tuple(3, "enabled"),
                org.assertj.core.groups.Tuple.tuple(4, "expiresAt"),
                org.assertj.core.groups.Tuple.tuple(5, "tags"),
                org.assertj.core.groups.Tuple.tuple(6, "destinations"),
                org.assertj.core.groups.Tuple.tuple(7, "localPart"));
        assertThat(result.aliases()).isEmpty();
    }

    @Test
    void tooManyDestinationsShouldBeRefused() {
        Limits limits = Limits.DEFAULT.withMaxDestinations(2);

        AliasImport.Result result = AliasImport.read(DOMAIN, "localPart,destinations\ninfo,a@x.example b@x.example c@x.example\n",
            NOW, limits, count -> { });

        assertThat(result.errors()).extracting(AliasImport.LineError::field).containsExactly("destinations");
    }

    @Test
    void malformedQuotesShouldBeReportedAndReadingShouldGoOn() {
        AliasImport.Result result = read("localPart,destinations\ninfo,a\"b@dest.example\n\"sales\"x,b@dest.example\nok,c@dest.example\n");

        assertThat(result.errors()).extracting(AliasImport.LineError::line).containsExactly(2, 3);
        assertThat(localParts(result)).containsExactly("ok");
    }

    @Test
    void unterminatedQuoteShouldBeReported() {
        AliasImport.Result result = read("localPart,destinations\ninfo,\"a@dest.example\nsales,b@dest.example\n");

        assertThat(result.errors()).extracting(AliasImport.LineError::line).containsExactly(2);
        assertThat(result.errors().get(0).message()).contains("unterminated");
    }

    @Test
    void headerProblemsShouldBeReportedOnLineOne() {
        assertThat(read("").errors().get(0).message()).contains("empty");
        assertThat(read("localPart,destinations,colour\n").errors().get(0).message()).contains("unknown column 'colour'");
        assertThat(read("localPart\n").errors().get(0).message()).contains("'destinations' is missing");
        assertThat(read("localPart,destinations,localpart\n").errors().get(0).message()).contains("appears twice");
        assertThat(read("localPart,destinations,colour\n").errors().get(0).line()).isEqualTo(1);
    }

    @Test
    void exportShouldImportBackUnchanged() {
        Alias alias = Alias.builder(AliasAddress.of(DOMAIN, LocalPart.of("sales")))
            .destinations(List.of(Destination.of("Jane@dest.example"), Destination.of("ops@dest.example")))
            .description(" Leading space, \"quotes\" and\nnewline ")
            .tags(Set.of("a", "b"))
            .enabled(false)
            .expiresAt(Optional.of(Instant.parse("2027-01-01T00:00:00Z")))
            .createdAt(Instant.parse("2020-01-01T00:00:00Z"))
            .updatedAt(Instant.parse("2021-01-01T00:00:00Z"))
            .build();
        StringBuilder csv = new StringBuilder();
        AliasCsv.writeHeader(csv);
        AliasCsv.write(alias, csv);

        AliasImport.Result result = read(csv.toString());

        assertThat(result.errors()).isEmpty();
        assertThat(result.aliases()).containsExactly(alias.toBuilder().createdAt(NOW).updatedAt(NOW).build());
    }
    @Test
    void exportShouldPutAQuoteBeforeCellsThatStartLikeAFormula() {
        assertThat(AliasCsv.neutralised("=HYPERLINK(\"http://evil.example\")")).isEqualTo("'=HYPERLINK(\"http://evil.example\")");
        assertThat(AliasCsv.neutralised("+1")).isEqualTo("'+1");
        assertThat(AliasCsv.neutralised("-2+3")).isEqualTo("'-2+3");
        assertThat(AliasCsv.neutralised("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(AliasCsv.neutralised("\t=1")).isEqualTo("'\t=1");
        assertThat(AliasCsv.neutralised("\r=1")).isEqualTo("'\r=1");
    }

    @Test
    void exportShouldLeaveOrdinaryCellsAsTheyAre() {
        assertThat(AliasCsv.neutralised("sales")).isEqualTo("sales");
        assertThat(AliasCsv.neutralised("a=b")).isEqualTo("a=b");
        assertThat(AliasCsv.neutralised("'quoted'")).isEqualTo("'quoted'");
        assertThat(AliasCsv.neutralised("")).isEmpty();
    }

    @Test
    void cellsThatAlreadyStartWithQuotesBeforeAFormulaShouldGetOneMore() {
        assertThat(AliasCsv.neutralised("'=1")).isEqualTo("''=1");
        assertThat(AliasCsv.cell("''=1")).isEqualTo("'=1");
    }

    @Test
    void importShouldRemoveExactlyTheQuoteExportAdded() {
        for (String value : List.of("=1", "+1", "-1", "@x", "\tx", "\rx", "'=1", "''-1", "plain", "'plain", "'", "")) {
            assertThat(AliasCsv.cell(AliasCsv.neutralised(value))).as(value).isEqualTo(value);
        }
    }

    @Test
    void exportedRecordShouldCarryTheQuoteInsideCsvQuoting() {
        Alias alias = Alias.builder(AliasAddress.of(DOMAIN, LocalPart.of("-sales")))
            .destinations(List.of(Destination.of("ops@dest.example")))
            .description("=cmd|' /C calc'!A0, then more")
            .createdAt(NOW)
            .updatedAt(NOW)
            .build();
        StringBuilder csv = new StringBuilder();
        AliasCsv.write(alias, csv);

        assertThat(csv.toString()).startsWith("'-sales,ops@dest.example,\"'=cmd|' /C calc'!A0, then more\",");
    }

    @Test
    void neutralisedExportShouldImportBackUnchanged() {
        Alias alias = Alias.builder(AliasAddress.of(DOMAIN, LocalPart.of("-sales")))
            .destinations(List.of(Destination.of("=billing@dest.example"), Destination.of("ops@dest.example")))
            .description("@SUM(1+1)*cmd|' /C calc'!A0")
            .createdAt(NOW)
            .updatedAt(NOW)
            .build();
        StringBuilder csv = new StringBuilder();
        AliasCsv.writeHeader(csv);
        AliasCsv.write(alias, csv);

        AliasImport.Result result = read(csv.toString());

        assertThat(result.errors()).isEmpty();
        assertThat(result.aliases()).containsExactly(alias);
    }
}

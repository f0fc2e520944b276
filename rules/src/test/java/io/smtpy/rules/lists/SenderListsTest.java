package io.smtpy.rules.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;

import io.smtpy.core.cluster.TwoNodes;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.rules.lists.ListVerdict.MatchedOn;

class SenderListsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final LocalPart INFO = LocalPart.of("info");
    private static final ListScope DOMAIN = ListScope.domain(EXAMPLE);
    private static final ListScope ALIAS = ListScope.alias(EXAMPLE, INFO);
    private static final ListScope ACCOUNT = ListScope.account("acme");
    private static final ListScope OPERATOR = ListScope.operator();

    private final MovableClock clock = new MovableClock(T0);
    private final MemoryListRepository repository = new MemoryListRepository();
    private SenderLists lists = new SenderLists(repository, clock, ListLimits.defaults());

    private static MaybeSender sender(String address) throws Exception {
        return MaybeSender.of(new MailAddress(address));
    }

    private static ListQuery from(String sender) throws Exception {
        return ListQuery.of(EXAMPLE, sender(sender)).alias(INFO).account("acme");
    }

    private ListEntry block(ListScope scope, String value) {
        return lists.add(scope, NewListEntry.block(value));
    }

    private ListEntry allow(ListScope scope, String value) {
        return lists.add(scope, NewListEntry.allow(value));
    }

    @Test
    void noEntryShouldGiveNone() throws Exception {
        ListVerdict verdict = lists.decide(from("a@b.example"));

        assertThat(verdict).isEqualTo(ListVerdict.NONE);
        assertThat(verdict.blocked()).isFalse();
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.entry()).isEmpty();
        assertThat(verdict.reason()).isEmpty();
    }

    @Test
    void addressEntryShouldMatchThatSenderOnly() throws Exception {
        ListEntry entry = block(DOMAIN, "Spammer@B.example");

        ListVerdict verdict = lists.decide(from("SPAMMER@b.EXAMPLE"));
        assertThat(verdict.blocked()).isTrue();
        assertThat(verdict.entry()).contains(entry);
        assertThat(verdict.matchedOn()).isEqualTo(MatchedOn.SENDER);
        assertThat(verdict.action()).isEqualTo(ListAction.REJECT);
        assertThat(lists.decide(from("other@b.example")).blocked()).isFalse();
    }

    @Test
    void domainEntryShouldMatchTheDomainButNotItsSubdomains() throws Exception {
        block(DOMAIN, "@b.example");

        assertThat(lists.decide(from("anyone@b.example")).blocked()).isTrue();
        assertThat(lists.decide(from("anyone@sub.b.example")).blocked()).isFalse();
        assertThat(lists.decide(from("anyone@notb.example")).blocked()).isFalse();
    }

    @Test
    void subdomainWildcardShouldMatchSubdomainsButNotTheDomainItself() throws Exception {
        block(DOMAIN, "*.b.example");

        assertThat(lists.decide(from("x@sub.b.example")).blocked()).isTrue();
        assertThat(lists.decide(from("x@deep.sub.b.example")).blocked()).isTrue();
        assertThat(lists.decide(from("x@b.example")).blocked()).isFalse();
        assertThat(lists.decide(from("x@xb.example")).blocked()).isFalse();
    }

    @Test
    void localPartWildcardShouldMatchOnItsDomain() throws Exception {
        block(DOMAIN, "news*@shop.example");

        assertThat(lists.decide(from("newsletter@shop.example")).blocked()).isTrue();
        assertThat(lists.decide(from("orders@shop.example")).blocked()).isFalse();
        assertThat(lists.decide(from("newsletter@other.example")).blocked()).isFalse();
    }

    @Test
    void wildcardOnBothSidesShouldMatch() throws Exception {
        block(DOMAIN, "bounce-*@*.esp.example");
        block(DOMAIN, "noreply@*");

        assertThat(lists.decide(from("bounce-123@mta1.esp.example")).blocked()).isTrue();
        assertThat(lists.decide(from("bounce-123@esp.example")).blocked()).isFalse();
        assertThat(lists.decide(from("hello@mta1.esp.example")).blocked()).isFalse();
        assertThat(lists.decide(from("noreply@anywhere.example")).blocked()).isTrue();
    }

    @Test
    void internationalisedDomainShouldMatchItsPunycode() throws Exception {
        block(DOMAIN, "@bücher.example");

        assertThat(lists.decide(from("a@xn--bcher-kva.example")).blocked()).isTrue();
    }

    @Test
    void ipv4NetworkShouldMatchTheClient() throws Exception {
        block(DOMAIN, "192.0.2.0/24");
        ListQuery query = from("a@b.example");

        ListVerdict inside = lists.decide(query.client(InetAddress.getByName("192.0.2.200")));
        assertThat(inside.blocked()).isTrue();
        assertThat(inside.matchedOn()).isEqualTo(MatchedOn.CLIENT_IP);
        assertThat(lists.decide(query.client(InetAddress.getByName("192.0.3.1"))).blocked()).isFalse();
        assertThat(lists.decide(query.client(InetAddress.getByName("2001:db8::1"))).blocked()).isFalse();
        assertThat(lists.decide(query).blocked()).isFalse();
    }

    @Test
    void ipv6NetworkAndSingleAddressShouldMatchTheClient() throws Exception {
        block(DOMAIN, "2001:db8::/32");
        block(DOMAIN, "198.51.100.7");
        ListQuery query = from("a@b.example");

        assertThat(lists.decide(query.client(InetAddress.getByName("2001:db8:ffff::1"))).blocked()).isTrue();
        assertThat(lists.decide(query.client(InetAddress.getByName("2001:db9::1"))).blocked()).isFalse();
        assertThat(lists.decide(query.client(InetAddress.getByName("198.51.100.7"))).blocked()).isTrue();
        assertThat(lists.decide(query.client(InetAddress.getByName("198.51.100.8"))).blocked()).isFalse();
    }

    @Test
    void narrowestNetworkShouldBeTheOneReported() throws Exception {
        block(DOMAIN, "10.0.0.0/8");
        ListEntry narrow = block(DOMAIN, "10.1.0.0/16");

        assertThat(lists.decide(from("a@b.example").client(InetAddress.getByName("10.1.2.3"))).entry()).contains(narrow);
    }

    @Test
    void headerFromShouldMatchWhenTheEnvelopeDoesNot() throws Exception {
        ListEntry entry = block(DOMAIN, "@spoofed.example");

        ListVerdict verdict = lists.decide(from("bounce@esp.example").headerFrom(new MailAddress("ceo@spoofed.example")));

        assertThat(verdict.blocked()).isTrue();
        assertThat(verdict.entry()).contains(entry);
        assertThat(verdict.matchedOn()).isEqualTo(MatchedOn.HEADER_FROM);
        assertThat(verdict.matchedOn().envelope()).isFalse();
    }

    @Test
    void envelopeSenderShouldBeReportedBeforeTheHeaderFrom() throws Exception {
        block(DOMAIN, "@b.example");

        ListVerdict verdict = lists.decide(from("a@b.example").headerFrom(new MailAddress("c@b.example")));

        assertThat(verdict.matchedOn()).isEqualTo(MatchedOn.SENDER);
        assertThat(verdict.matchedOn().envelope()).isTrue();
    }

    @Test
    void nullSenderShouldMatchOnlyByClientOrHeaderFrom() throws Exception {
        block(DOMAIN, "*");
        ListQuery bounce = ListQuery.of(EXAMPLE, MaybeSender.nullSender());

        assertThat(lists.decide(bounce).blocked()).isFalse();
        assertThat(lists.decide(bounce.headerFrom(new MailAddress("mailer-daemon@b.example"))).blocked()).isTrue();
    }

    @Test
    void allowShouldBeatBlockWithinAScope() throws Exception {
        block(DOMAIN, "@b.example");
        ListEntry allowed = allow(DOMAIN, "friend@b.example");

        ListVerdict verdict = lists.decide(from("friend@b.example"));
        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.blocked()).isFalse();
        assertThat(verdict.entry()).contains(allowed);
        assertThat(lists.decide(from("foe@b.example")).blocked()).isTrue();
    }

    @Test
    void allowByClientShouldBeatBlockBySenderWithinAScope() throws Exception {
        block(DOMAIN, "*");
        allow(DOMAIN, "192.0.2.0/24");

        ListVerdict verdict = lists.decide(from("anyone@b.example").client(InetAddress.getByName("192.0.2.1")));

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.matchedOn()).isEqualTo(MatchedOn.CLIENT_IP);
    }

    @Test
    void aliasScopeShouldDecideBeforeTheDomain() throws Exception {
        allow(DOMAIN, "@b.example");
        ListEntry aliasBlock = block(ALIAS, "a@b.example");

        assertThat(lists.decide(from("a@b.example")).entry()).contains(aliasBlock);
        assertThat(lists.decide(ListQuery.of(EXAMPLE, sender("a@b.example")).alias(LocalPart.of("sales"))).allowed()).isTrue();
    }

    @Test
    void domainScopeShouldDecideBeforeTheAccountAndTheOperator() throws Exception {
        block(OPERATOR, "@b.example");
        block(ACCOUNT, "@b.example");
        ListEntry domainAllow = allow(DOMAIN, "@b.example");

        assertThat(lists.decide(from("a@b.example")).entry()).contains(domainAllow);
    }

    @Test
    void accountScopeShouldDecideBeforeTheOperatorAndOnlyForItsAccount() throws Exception {
        block(OPERATOR, "@b.example");
        ListEntry accountAllow = allow(ACCOUNT, "@b.example");

        assertThat(lists.decide(from("a@b.example")).entry()).contains(accountAllow);
        ListVerdict otherAccount = lists.decide(ListQuery.of(EXAMPLE, sender("a@b.example")).account("other"));
        assertThat(otherAccount.blocked()).isTrue();
        assertThat(otherAccount.entry().orElseThrow().scope()).isEqualTo(OPERATOR);
    }

    @Test
    void aWiderScopeShouldNotBeAskedWhenANarrowerOneMatched() throws Exception {
        block(OPERATOR, "a@b.example");
        ListEntry wideDomainBlock = block(DOMAIN, "*");

        // The domain's own (wider-valued) block decides, not the operator's (narrower-valued) one.
        assertThat(lists.decide(from("a@b.example")).entry()).contains(wideDomainBlock);
    }

    @Test
    void operatorEntryShouldApplyToEveryDomain() throws Exception {
        block(OPERATOR, "198.51.100.0/24");

        ListVerdict verdict = lists.decide(ListQuery.of(DomainName.of("elsewhere.example"), sender("a@b.example"))
            .client(InetAddress.getByName("198.51.100.9")));

        assertThat(verdict.blocked()).isTrue();
        assertThat(verdict.reason()).contains("of the operator");
    }

    @Test
    void anAccountIdNoAccountCanHaveShouldSkipTheAccountScope() throws Exception {
        ListEntry operator = block(OPERATOR, "@b.example");

        ListVerdict verdict = lists.decide(ListQuery.of(EXAMPLE, sender("a@b.example")).account(""));

        assertThat(verdict.entry()).contains(operator);
    }

    @Test
    void otherDomainsEntriesShouldNotApply() throws Exception {
        block(ListScope.domain(DomainName.of("other.example")), "@b.example");

        assertThat(lists.decide(from("a@b.example"))).isEqualTo(ListVerdict.NONE);
    }

    @Test
    void expiredEntryShouldNotMatch() throws Exception {
        lists.add(DOMAIN, NewListEntry.block("@b.example").expiresAt(T0.plus(Duration.ofHours(1))));
        ListEntry lasting = lists.add(DOMAIN, NewListEntry.block("*.example"));

        assertThat(lists.decide(from("a@b.example")).entry().orElseThrow().value().asString()).isEqualTo("b.example");
        clock.moveBy(Duration.ofHours(1));
        assertThat(lists.decide(from("a@b.example")).entry()).contains(lasting);
    }

    @Test
    void expiredAllowShouldLetTheBlockDecide() throws Exception {
        block(DOMAIN, "@b.example");
        lists.add(DOMAIN, NewListEntry.allow("a@b.example").expiresAt(T0.plusSeconds(60)));

        assertThat(lists.decide(from("a@b.example")).allowed()).isTrue();
        clock.moveBy(Duration.ofMinutes(1));
        assertThat(lists.decide(from("a@b.example")).blocked()).isTrue();
    }

    @Test
    void reasonShouldNameTheEntryItsValueAndScope() throws Exception {
        ListEntry entry = lists.add(DOMAIN, NewListEntry.block("*@spam.example").action(ListAction.QUARANTINE));

        ListVerdict verdict = lists.decide(from("x@spam.example"));

        assertThat(verdict.reason()).isEqualTo("block list entry " + entry.id() + " 'spam.example' of domain example.com");
        assertThat(verdict.action()).isEqualTo(ListAction.QUARANTINE);
    }

    @Test
    void actionOfANonBlockVerdictShouldBeRefused() throws Exception {
        allow(DOMAIN, "@b.example");

        assertThatThrownBy(() -> lists.decide(from("a@b.example")).action()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(ListVerdict.NONE::matchedOn).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void addShouldFillInTheEntry() {
        clock.moveBy(Duration.ofMinutes(3));

        ListEntry entry = lists.add(ALIAS, NewListEntry.block(" News*@Shop.Example ").action(ListAction.DROP).note("weekly")
            .expiresAt(T0.plus(Duration.ofDays(1))));

        assertThat(entry.scope()).isEqualTo(ALIAS);
        assertThat(entry.type()).isEqualTo(ListType.BLOCK);
        assertThat(entry.value().asString()).isEqualTo("news*@shop.example");
        assertThat(entry.action()).contains(ListAction.DROP);
        assertThat(entry.note()).isEqualTo("weekly");
        assertThat(entry.expiresAt()).contains(T0.plus(Duration.ofDays(1)));
        assertThat(entry.createdAt()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        assertThat(entry.hits()).isZero();
        assertThat(repository.find(ALIAS, entry.id())).contains(entry);
        assertThat(lists.find(ALIAS, entry.id())).contains(entry);
        assertThat(lists.list(ALIAS)).containsExactly(entry);
    }

    @Test
    void blockEntryShouldRejectByDefaultAndAllowEntryShouldHaveNoAction() {
        assertThat(block(DOMAIN, "a@b.example").action()).contains(ListAction.REJECT);
        assertThat(allow(DOMAIN, "c@b.example").action()).isEmpty();
    }

    @Test
    void invalidEntriesShouldBeRefusedNamingTheField() {
        assertField(() -> lists.add(DOMAIN, NewListEntry.block("not a value")), "value");
        assertField(() -> lists.add(DOMAIN, NewListEntry.block("a".repeat(310) + "@b.example")), "value");
        assertField(() -> lists.add(DOMAIN, NewListEntry.allow("a@b.example").action(ListAction.DROP)), "action");
        assertField(() -> lists.add(DOMAIN, NewListEntry.block("a@b.example").note("n".repeat(501))), "note");
        assertField(() -> lists.add(DOMAIN, NewListEntry.block("a@b.example").expiresAt(T0)), "expiresAt");
        assertThat(lists.list(DOMAIN)).isEmpty();
        assertThat(repository.all()).isEmpty();
    }

    private static void assertField(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOf(InvalidFieldException.class)
            .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo(field));
    }

    @Test
    void duplicateShouldBeRefusedEvenWrittenDifferently() {
        block(DOMAIN, "b.example");

        assertThatThrownBy(() -> block(DOMAIN, "@B.EXAMPLE")).isInstanceOf(AlreadyExistsException.class);
        allow(DOMAIN, "b.example");
        block(ALIAS, "b.example");
    }

    @Test
    void aFullScopeShouldRefuseMore() {
        lists = new SenderLists(repository, clock, new ListLimits(2, 320));
        block(DOMAIN, "a.example");
        block(DOMAIN, "b.example");

        assertField(() -> block(DOMAIN, "c.example"), "scope");
        block(ALIAS, "c.example");
    }

    @Test
    void deleteShouldStopTheEntryMatching() throws Exception {
        ListEntry entry = block(DOMAIN, "@b.example");

        assertThat(lists.delete(DOMAIN, entry.id())).isTrue();

        assertThat(lists.decide(from("a@b.example"))).isEqualTo(ListVerdict.NONE);
        assertThat(lists.delete(DOMAIN, entry.id())).isFalse();
        assertThat(lists.find(DOMAIN, entry.id())).isEmpty();
        assertThat(repository.all()).isEmpty();
    }

    @Test
    void deleteDomainShouldRemoveTheDomainsAndItsAliasesEntries() throws Exception {
        block(DOMAIN, "@b.example");
        block(ALIAS, "@c.example");
        ListEntry operator = block(OPERATOR, "@d.example");

        lists.deleteDomain(EXAMPLE);

        assertThat(lists.decide(from("a@b.example"))).isEqualTo(ListVerdict.NONE);
        assertThat(lists.decide(from("a@c.example"))).isEqualTo(ListVerdict.NONE);
        assertThat(repository.all()).containsExactly(operator);
    }

    @Test
    void entriesShouldBeReadFromStorageOnFirstUse() throws Exception {
        ListEntry stored = ListEntry.builder(ListEntryId.random(), DOMAIN, ListType.BLOCK, ListValue.parse("@b.example"), T0).build();
        repository.add(stored);

        SenderLists fresh = new SenderLists(repository, clock, ListLimits.defaults());

        assertThat(fresh.decide(from("a@b.example")).entry()).contains(stored);
    }

    @Test
    void hitsShouldBeCountedInMemoryAndFlushedToStorage() throws Exception {
        ListEntry entry = block(DOMAIN, "@b.example");

        lists.decide(from("a@b.example"));
        clock.moveBy(Duration.ofMinutes(1));
        lists.decide(from("c@b.example"));

        assertThat(repository.find(DOMAIN, entry.id()).orElseThrow().hits()).isZero();
        ListEntry counted = lists.find(DOMAIN, entry.id()).orElseThrow();
        assertThat(counted.hits()).isEqualTo(2);
        assertThat(counted.lastHitAt()).contains(T0.plus(Duration.ofMinutes(1)));

        lists.flushHits();
        lists.flushHits();

        ListEntry stored = repository.find(DOMAIN, entry.id()).orElseThrow();
        assertThat(stored.hits()).isEqualTo(2);
        assertThat(stored.lastHitAt()).contains(T0.plus(Duration.ofMinutes(1)));
        assertThat(lists.list(DOMAIN).get(0).hits()).isEqualTo(2);
        lists.reloadAll();
        assertThat(lists.list(DOMAIN).get(0).hits()).isEqualTo(2);
    }

    @Test
    void hasEntriesShouldTellWhetherAnyEntryCouldApply() {
        DomainName other = DomainName.of("other.example");
        assertThat(lists.hasEntries(EXAMPLE)).isFalse();

        ListEntry aliasEntry = block(ALIAS, "@b.example");
        assertThat(lists.hasEntries(EXAMPLE)).isTrue();
        assertThat(lists.hasEntries(other)).isFalse();

        lists.delete(ALIAS, aliasEntry.id());
        assertThat(lists.hasEntries(EXAMPLE)).isFalse();

        block(OPERATOR, "@b.example");
        assertThat(lists.hasEntries(other)).isTrue();
    }

    @Test
    void importShouldAddValidLinesAndReportTheOthersWithLineNumbers() throws Exception {
        String csv = "type,value,action,alias,note,expiresAt\n"
            + "block,@spam.example,,,spammers,\n"
            + "allow,friend@spam.example,,,,\n"
            + "block,news*@shop.example,quarantine,info,newsletters,2026-06-01T00:00:00Z\n"
            + "block,not a value,,,,\n"
            + "maybe,a@b.example,,,,\n"
            + "block,a@b.example,explode,,,\n"
            + "allow,a@b.example,drop,,,\n"
            + "block,SPAM.example,,,,\n"
            + "block,c@b.example,,not an alias!,,\n"
            + "block,d@b.example,,,,yesterday\n"
            + "block,e@b.example\n"
            + "block,f@b.example,,,\"broken\"x,\n";

        ListImport result = lists.importCsv(DOMAIN, new StringReader(csv));

        assertThat(result.records()).isEqualTo(12);
        assertThat(result.added()).extracting(entry -> entry.value().asString())
            .containsExactly("spam.example", "friend@spam.example", "news*@shop.example");
        assertThat(result.errors()).extracting(error -> error.line() + " " + error.field())
            .containsExactly("5 value", "6 type", "7 action", "8 action", "9 value", "10 alias", "11 expiresAt", "12 ", "13 ");
        assertThat(result.errors().get(4).message()).contains("already appears on line 2");
        ListEntry onAlias = result.added().get(2);
        assertThat(onAlias.scope()).isEqualTo(ALIAS);
        assertThat(onAlias.action()).contains(ListAction.QUARANTINE);
        assertThat(onAlias.expiresAt()).contains(Instant.parse("2026-06-01T00:00:00Z"));
        assertThat(lists.decide(from("x@spam.example")).blocked()).isTrue();
        assertThat(lists.decide(from("friend@spam.example")).allowed()).isTrue();
        assertThat(repository.all()).hasSize(3);
    }

    @Test
    void importShouldReportEntriesAlreadyInTheList() {
        block(DOMAIN, "@b.example");

        ListImport result = lists.importCsv(DOMAIN, new StringReader("value,type\nb.example,block\nc.example,block\n"));

        assertThat(result.added()).hasSize(1);
        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(2);
            assertThat(error.message()).contains("already has a block entry");
        });
    }

    @Test
    void aliasColumnShouldBeRefusedOutsideADomainsList() {
        ListImport result = lists.importCsv(OPERATOR, new StringReader("type,value,alias\nblock,b.example,info\n"));

        assertThat(result.added()).isEmpty();
        assertThat(result.errors()).singleElement().satisfies(error -> assertThat(error.field()).isEqualTo("alias"));
    }

    @Test
    void importBeyondTheLimitShouldReportTheLinesThatDidNotFit() {
        lists = new SenderLists(repository, clock, new ListLimits(2, 320));

        ListImport result = lists.importCsv(DOMAIN, new StringReader("type,value\nblock,a.example\nblock,b.example\nblock,c.example\n"));

        assertThat(result.added()).hasSize(2);
        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(4);
            assertThat(error.field()).isEqualTo("scope");
        });
    }

    @Test
    void malformedHeaderShouldRefuseTheWholeFile() {
        for (String csv : List.of("", "type,value,colour\nblock,a.example,red\n", "value,action\na.example,drop\n",
            "type,type,value\nblock,block,a.example\n", "\"type,value\nblock,a.example\n")) {
            assertField(() -> lists.importCsv(DOMAIN, new StringReader(csv)), "header");
        }
        assertThat(repository.all()).isEmpty();
    }

    @Test
    void exportShouldImportBackUnchanged() {
        lists.add(DOMAIN, NewListEntry.block("@spam.example").note("=cmd|' /C calc'!A0, \"quoted\""));
        lists.add(DOMAIN, NewListEntry.allow("friend@spam.example").expiresAt(T0.plus(Duration.ofDays(2))));
        lists.add(DOMAIN, NewListEntry.block("2001:db8::/32").action(ListAction.DROP));
        lists.add(DOMAIN, NewListEntry.block("-weird@b.example"));
        lists.add(ALIAS, NewListEntry.block("news*@shop.example").action(ListAction.QUARANTINE));
        StringWriter exported = new StringWriter();

        lists.exportCsv(DOMAIN, exported);

        assertThat(exported.toString()).startsWith("type,value,action,alias,note,expiresAt\r\n")
            .contains("block,spam.example,reject,,\"'=cmd|' /C calc'!A0, \"\"quoted\"\"\",\r\n")
            .contains("block,'-weird@b.example,reject,,,\r\n")
            .contains("block,news*@shop.example,quarantine,info,,\r\n");
        SenderLists elsewhere = new SenderLists(new MemoryListRepository(), clock, ListLimits.defaults());
        ListImport imported = elsewhere.importCsv(DOMAIN, new StringReader(exported.toString()));
        assertThat(imported.errors()).isEmpty();
        assertThat(elsewhere.list(DOMAIN)).usingElementComparatorIgnoringFields("id").isEqualTo(lists.list(DOMAIN));
        assertThat(elsewhere.list(ALIAS)).usingElementComparatorIgnoringFields("id").isEqualTo(lists.list(ALIAS));
    }

    @Test
    void exportOfAnEmptyListShouldBeTheHeader() {
        StringWriter exported = new StringWriter();

        lists.exportCsv(OPERATOR, exported);

        assertThat(exported.toString()).isEqualTo("type,value,action,alias,note,expiresAt\r\n");
    }

    @Test
    void everyChangeShouldBeToldWithItsScopes() {
        List<ListScope> told = new ArrayList<>();
        lists.onChange(told::add);
        ListEntry entry = block(ALIAS, "@b.example");
        block(OPERATOR, "@c.example");
        lists.delete(OPERATOR, entry.id());
        lists.delete(ALIAS, entry.id());
        lists.importCsv(DOMAIN, new StringReader("type,value,alias\nblock,d.example,\nblock,e.example,info\nblock,bad value,\n"));

        lists.deleteDomain(EXAMPLE);

        assertThat(told).containsExactly(ALIAS, OPERATOR, ALIAS, DOMAIN, ALIAS, DOMAIN, ALIAS);
    }

    @Test
    void reloadShouldReadOneScopeAgainFromStorage() throws Exception {
        SenderLists other = new SenderLists(repository, clock, ListLimits.defaults());
        assertThat(lists.decide(from("x@b.example")).blocked()).isFalse();
        ListEntry entry = other.add(ALIAS, NewListEntry.block("@b.example"));
        assertThat(lists.decide(from("x@b.example")).blocked()).isFalse();

        lists.reload(ALIAS);
        assertThat(lists.decide(from("x@b.example")).entry()).contains(entry);
        assertThat(lists.hasEntries(EXAMPLE)).isTrue();

        other.delete(ALIAS, entry.id());
        lists.reload(ALIAS);
        assertThat(lists.decide(from("x@b.example")).blocked()).isFalse();
        assertThat(lists.hasEntries(EXAMPLE)).isFalse();
    }

    @Test
    void reloadShouldKeepTheHitsNotFlushedYet() throws Exception {
        ListEntry entry = block(ALIAS, "@b.example");
        lists.decide(from("x@b.example"));
        lists.flushHits();
        lists.decide(from("x@b.example"));

        lists.reload(ALIAS);

        assertThat(lists.find(ALIAS, entry.id()).orElseThrow().hits()).isEqualTo(2);
        lists.flushHits();
        assertThat(repository.find(ALIAS, entry.id()).orElseThrow().hits()).isEqualTo(2);
    }

    @Test
    void reloadAllShouldDropTheScopesStorageNoLongerHas() throws Exception {
        ListEntry entry = block(ALIAS, "@b.example");
        repository.delete(ALIAS, entry.id());
        repository.add(ListEntry.builder(ListEntryId.random(), OPERATOR, ListType.BLOCK, ListValue.parse("@c.example"), T0).build());

        lists.reloadAll();

        assertThat(lists.decide(from("x@b.example")).blocked()).isFalse();
        assertThat(lists.decide(from("x@c.example")).blocked()).isTrue();
    }

    @Test
    void anEntryAddedThroughOneNodeShouldApplyOnTheOtherOnceItFollowsTheFeed() throws Exception {
        SenderLists nodeB = new SenderLists(repository, clock, ListLimits.defaults());
        TwoNodes cluster = TwoNodes.of(lists, nodeB);
        assertThat(lists.decide(from("x@b.example")).blocked()).isFalse();

        ListEntry entry = nodeB.add(DOMAIN, NewListEntry.block("@b.example"));
        assertThat(lists.decide(from("x@b.example")).blocked()).isFalse();
        cluster.follow();
        assertThat(lists.decide(from("x@b.example")).entry()).contains(entry);

        nodeB.deleteDomain(EXAMPLE);
        cluster.follow();
        assertThat(lists.decide(from("x@b.example")).blocked()).isFalse();
    }
}

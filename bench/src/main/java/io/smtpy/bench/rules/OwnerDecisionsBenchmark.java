package io.smtpy.bench.rules;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.dmarc.DmarcReportAddress;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.srs.SenderRewriting;
import io.smtpy.core.srs.SrsSettings;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.rules.Condition;
import io.smtpy.rules.MemoryRuleRepository;
import io.smtpy.rules.Rule;
import io.smtpy.rules.RuleAction;
import io.smtpy.rules.RuleBook;
import io.smtpy.rules.RuleLimits;
import io.smtpy.rules.RuleScope;
import io.smtpy.rules.RuleSet;
import io.smtpy.rules.Verdicts;
import io.smtpy.rules.lists.ListImport;
import io.smtpy.rules.lists.ListLimits;
import io.smtpy.rules.lists.ListScope;
import io.smtpy.rules.lists.MemoryListRepository;
import io.smtpy.rules.lists.SenderLists;
import io.smtpy.rules.mailpath.BlockLinkIssuer;
import io.smtpy.rules.mailpath.DomainAccounts;
import io.smtpy.rules.mailpath.OwnerDecisions;
import io.smtpy.scan.ScanPolicy;
import io.smtpy.scan.ScanVerdict;

/**
 * What the owners' decisions cost one mail (issue 13's benchmark: "100 rules per alias (none matching) and 10,000 list
 * entries per domain cost &lt; 50 µs per mail"): {@link OwnerDecisions#afterData} as {@code SmtpyRulesHook} calls it at
 * the end of DATA, for a 2 KB newsletter (multipart/alternative, text and HTML) from an outside sender to one alias of
 * a domain of 1,000 aliases, built over the memory repositories exactly as the server builds its in-memory forms.
 *
 * <p>The cases ({@link #setup}):
 * <ul>
 *   <li>{@code baseline}: no rules, no list entries; nothing may read the message;</li>
 *   <li>{@code rules-header}: 100 enabled rules on the alias, none matching, conditions on the envelope and the header
 *       only ({@link #rules(boolean)} for the mix);</li>
 *   <li>{@code rules-body}: the same 100 rules of which 5 test the body (as a real owner's list has a few), so the whole
 *       message is parsed once;</li>
 *   <li>{@code lists}: 10,000 block and allow entries on the domain, none matching ({@link #entries()});</li>
 *   <li>{@code both-header}, {@code both-body}: the lists and the rules together.</li>
 * </ul>
 * Every case's setup checks that nothing decided (the map is empty: no rule and no entry matched) and whether the
 * message was read, so a benchmark that measures a shortcut fails instead of reporting it.
 *
 * <p>The message supplier does what the hook's does, {@code mail.getMessage().writeTo(...)}: it serialises a
 * {@link MimeMessage} read from the raw bytes, so a case that reads the message pays for the copy too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OwnerDecisionsBenchmark {
    static final String DOMAIN = "bench.example";
    static final String ALIAS = "sales";
    static final int ALIASES = 1_000;
    static final int RULES = 100;
    static final int ENTRIES = 10_000;
    /** Every 20th rule of a "-body" case tests the body: 5 of 100. */
    static final int BODY_RULE_EVERY = 20;

    static final MaybeSender SENDER = MaybeSender.getMailSender("bounce-4711@mail.shop-sender.net");
    static final String CLIENT = "203.0.113.77";

    /** The cases, in the order they are reported. */
    public static final String[] CASES = {"baseline", "rules-header", "rules-body", "lists", "both-header", "both-body"};

    @Param({"baseline", "rules-header", "rules-body", "lists", "both-header", "both-body"})
    public String scenario;

    private OwnerDecisions decisions;
    private List<MailAddress> recipients;
    private Optional<InetAddress> client;
    private Verdicts verdicts;
    private Supplier<byte[]> message;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Clock clock = Clock.systemUTC();
        DomainName domain = DomainName.of(DOMAIN);
        AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
        directory.createDomain(domain, settings -> settings);
        List<Alias> aliases = new ArrayList<>(ALIASES);
        aliases.add(alias(domain, ALIAS));
        for (int i = 1; i < ALIASES; i++) {
            aliases.add(alias(domain, "user" + i));
        }
        directory.saveAliases(domain, aliases);
        AliasResolver resolver = new AliasResolver(directory);
        SenderRewriting srs = new SenderRewriting(SrsSettings.of(List.of("a-bench-secret-of-enough-length")), clock);
        RuleBook rules = new RuleBook(new MemoryRuleRepository(), clock, RuleLimits.DEFAULT);
        SenderLists lists = new SenderLists(new MemoryListRepository(), clock, ListLimits.defaults());
        decisions = new OwnerDecisions(rules, lists, directory, resolver, new AliasExpansion(resolver, srs),
            new DmarcReportAddress(DmarcReportAddress.DEFAULT_LOCAL_PART, resolver), DomainAccounts.NONE, BlockLinkIssuer.NONE,
            ScanPolicy.DEFAULT, clock);

        boolean withRules = scenario.startsWith("rules") || scenario.startsWith("both");
        boolean withLists = scenario.equals("lists") || scenario.startsWith("both");
        if (withRules) {
            rules.put(RuleScope.alias(domain, LocalPart.of(ALIAS)), rules(scenario.endsWith("-body")));
        }
        if (withLists) {
            ListImport imported = lists.importCsv(ListScope.domain(domain), new StringReader(entries()));
            if (!imported.errors().isEmpty() || imported.added().size() != ENTRIES) {
                throw new IllegalStateException("the list import added " + imported.added().size() + " of " + ENTRIES
                    + " entries; errors: " + imported.errors());
            }
        }

        recipients = List.of(new MailAddress(ALIAS + "@" + DOMAIN));
        client = Optional.of(InetAddress.getByName(CLIENT));
        verdicts = Verdicts.of(Map.of("spf", "pass", "dkim", "pass", "dmarc", "pass", "arc", "none"));
        MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()),
            new java.io.ByteArrayInputStream(Messages.newsletter()));
        message = () -> bytesOf(mime);

        AtomicInteger reads = new AtomicInteger();
        Supplier<byte[]> counted = () -> {
            reads.incrementAndGet();
            return message.get();
        };
        Object decided = decisions.afterData(SENDER, recipients, client, counted, verdicts, ScanVerdict.NOT_SCANNED, true);
        if (!((Map<?, ?>) decided).isEmpty()) {
            throw new IllegalStateException(scenario + ": the lists or rules decided something (" + decided + "); none may match");
        }
        boolean readsMessage = reads.get() > 0;
        if (scenario.equals("baseline") == readsMessage) {
            throw new IllegalStateException(scenario + ": the message was read " + reads.get() + " times");
        }
    }

    @Benchmark
    public Object afterData() {
        return decisions.afterData(SENDER, recipients, client, message, verdicts, ScanVerdict.NOT_SCANNED, true);
    }

    private static Alias alias(DomainName domain, String localPart) {
        return Alias.builder(AliasAddress.of(domain, LocalPart.of(localPart)))
            .destinations(List.of(Destination.of(localPart + "@dest.example")))
            .createdAt(Instant.EPOCH)
            .updatedAt(Instant.EPOCH)
            .build();
    }

    /** As {@code SmtpyRulesHook.bytes}: the message as James holds it, written out. */
    private static byte[] bytesOf(MimeMessage mime) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            mime.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * 100 enabled rules, none matching the newsletter, in the order an owner adds them: by {@code i % 10}, subject
     * contains; from equals; from endsWith; header:X-… exists; subject matches (a regular expression); from glob; an
     * {@code all} whose first condition holds for this sender (from endsWith its domain) and whose second does not;
     * size gt with an attachment-name glob after it; an {@code any} group of to, cc and list-id; a {@code not} with a
     * DMARC verdict and a reply-to. With {@code body}, every 20th rule (5 of them) tests the body instead.
     */
    static RuleSet rules(boolean body) {
        List<Rule> list = new ArrayList<>(RULES);
        for (int i = 0; i < RULES; i++) {
            Condition.Group conditions;
            if (body && i % BODY_RULE_EVERY == BODY_RULE_EVERY - 1) {
                conditions = Condition.all(List.of(
                    Condition.of("body", Condition.Operator.CONTAINS, "order #" + (90_000 + i) + " has shipped")));
            } else {
                conditions = conditions(i);
            }
            list.add(Rule.of("rule " + i, conditions, action(i)));
        }
        return RuleSet.of(list.toArray(new Rule[0]));
    }

    private static Condition.Group conditions(int i) {
        switch (i % 10) {
            case 0:
                return Condition.all(List.of(Condition.of("subject", Condition.Operator.CONTAINS, "invoice " + (1000 + i))));
            case 1:
                return Condition.all(List.of(Condition.of("from", Condition.Operator.EQUALS, "billing" + i + "@vendor" + i + ".example")));
            case 2:
                return Condition.all(List.of(Condition.of("from", Condition.Operator.ENDS_WITH, "@partner" + i + ".example")));
            case 3:
                return Condition.all(List.of(Condition.of("header:X-Campaign-" + i, Condition.Operator.EXISTS, "")));
            case 4:
                return Condition.all(List.of(Condition.of("subject", Condition.Operator.MATCHES,
                    "^\\[ticket-" + i + "\\] .*(urgent|asap)$")));
            case 5:
                return Condition.all(List.of(Condition.of("from", Condition.Operator.GLOB, "*@*.supplier" + i + ".example")));
            case 6:
                return Condition.all(List.of(
                    Condition.of("from", Condition.Operator.ENDS_WITH, "@shop-sender.net"),
                    Condition.of("subject", Condition.Operator.CONTAINS, "refund " + i)));
            case 7:
                return Condition.all(List.of(
                    Condition.of("size", Condition.Operator.GT, (1 + i % 5) + "M"),
                    Condition.of("attachment-name", Condition.Operator.GLOB, "*.pdf")));
            case 8:
                return Condition.any(List.of(
                    Condition.of("to", Condition.Operator.CONTAINS, "accounting" + i + "@"),
                    Condition.of("cc", Condition.Operator.CONTAINS, "accounting" + i + "@"),
                    Condition.of("list-id", Condition.Operator.CONTAINS, "list" + i + ".example")));
            default:
                return Condition.all(List.of(
                    Condition.not(Condition.of("dmarc", Condition.Operator.EQUALS, "pass")),
                    Condition.of("reply-to", Condition.Operator.EQUALS, "support" + i + "@helpdesk.example")));
        }
    }

    private static RuleAction action(int i) {
        try {
            switch (i % 7) {
                case 0:
                    return RuleAction.alsoForward(List.of(new MailAddress("accounting" + i + "@dest.example")));
                case 1:
                    return RuleAction.drop();
                case 2:
                    return RuleAction.quarantine();
                case 3:
                    return RuleAction.addHeader("X-Rule-" + i, "matched");
                case 4:
                    return RuleAction.prefixSubject("[r" + i + "]");
                case 5:
                    return RuleAction.reject("not accepted here (" + i + ")");
                default:
                    return RuleAction.post("https://hooks.example.net/mail/" + i, RuleAction.PostFormat.JSON);
            }
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * 10,000 entries for the domain as a list CSV ({@code type,value,action}), none matching the newsletter's envelope
     * sender, client address or header From: 80% block (actions reject, drop, quarantine in turn), 20% allow; of each
     * ten, 4 addresses, 2 domains, 2 wildcards ({@code *@*.bulkN.example}, {@code newsN*@shopN.example}), 2 networks
     * (IPv4 /24 and /32, IPv6 /48). Near misses on the sender's own domains make the lookups probe the buckets this mail
     * falls in: an address and a local-part wildcard at {@code shop-sender.net}, {@code *@*.mail.shop-sender.net},
     * {@code 203.0.113.128/25}; and 10 wildcards on any domain ({@code postmasterN@*}), which are tried one by one.
     */
    static String entries() {
        StringBuilder csv = new StringBuilder("type,value,action\n");
        String[] actions = {"reject", "drop", "quarantine"};
        List<String> values = new ArrayList<>(ENTRIES);
        values.add("sales@shop-sender.net");
        values.add("promo*@shop-sender.net");
        values.add("*@*.mail.shop-sender.net");
        values.add("203.0.113.128/25");
        values.add("2001:db8:ffff::/48");
        for (int i = 0; i < 10; i++) {
            values.add("postmaster" + i + "@*");
        }
        for (int i = 0; values.size() < ENTRIES; i++) {
            switch (i % 10) {
                case 0:
                case 1:
                case 2:
                case 3:
                    values.add("user" + i + "@spam" + (i % 997) + ".example");
                    break;
                case 4:
                case 5:
                    values.add("junk" + i + ".example");
                    break;
                case 6:
                    values.add("*@*.bulk" + i + ".example");
                    break;
                case 7:
                    values.add("news" + i + "*@shop" + i + ".example");
                    break;
                case 8:
                    values.add((i % 2 == 0) ? "10." + (i / 256 % 256) + "." + (i % 256) + ".0/24"
                        : "198.51." + (i / 256 % 256) + "." + (i % 256));
                    break;
                default:
                    values.add("2001:db8:" + Integer.toHexString(i % 0xfff0) + "::/48");
            }
        }
        for (int i = 0; i < values.size(); i++) {
            if (i % 5 == 4) {
                csv.append("allow,").append(values.get(i)).append(",\n");
            } else {
                csv.append("block,").append(values.get(i)).append(',').append(actions[i % 3]).append('\n');
            }
        }
        return csv.toString();
    }

    /** The newsletter: about 2 KB, multipart/alternative. */
    static final class Messages {
        private Messages() {
        }

        static byte[] newsletter() {
            StringBuilder text = new StringBuilder();
            StringBuilder html = new StringBuilder();
            String[] items = {"Linen shirt", "Canvas tote", "Trail runners", "Wool socks", "Rain jacket"};
            for (int i = 0; i < items.length; i++) {
                text.append("* ").append(items[i]).append(": now ").append(19 + i * 10).append(".99 EUR, see https://shop-sender.net/p/")
                    .append(1000 + i).append("\r\n");
                html.append("<li><a href=\"https://shop-sender.net/p/").append(1000 + i).append("\">").append(items[i])
                    .append("</a>: now <b>").append(19 + i * 10).append(".99 EUR</b></li>\r\n");
            }
            String raw = "Return-Path: <bounce-4711@mail.shop-sender.net>\r\n"
                + "Received: from mail.shop-sender.net (mail.shop-sender.net [203.0.113.77])\r\n"
                + "\tby mx.bench.example with ESMTP id 4711; Fri, 4 Dec 2026 10:00:00 +0000\r\n"
                + "From: \"Shop Sender\" <news@shop-sender.net>\r\n"
                + "To: sales@bench.example\r\n"
                + "Reply-To: <care@shop-sender.net>\r\n"
                + "Subject: Your weekly digest #42: new arrivals and a few of your favourites\r\n"
                + "Date: Fri, 4 Dec 2026 10:00:00 +0000\r\n"
                + "Message-ID: <20261204100000.4711@mail.shop-sender.net>\r\n"
                + "List-Id: Weekly digest <digest.shop-sender.net>\r\n"
                + "List-Unsubscribe: <https://shop-sender.net/u/4711>\r\n"
                + "X-Mailer: ShopMailer 5.2\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/alternative; boundary=\"b-4711\"\r\n"
                + "\r\n"
                + "--b-4711\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n"
                + "Hello,\r\n\r\nthis week's new arrivals:\r\n\r\n" + text
                + "\r\nThanks for shopping with us. Unsubscribe: https://shop-sender.net/u/4711\r\n"
                + "\r\n--b-4711\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n"
                + "<html><body><p>Hello,</p><p>this week's new arrivals:</p><ul>\r\n" + html
                + "</ul><p>Thanks for shopping with us. <a href=\"https://shop-sender.net/u/4711\">Unsubscribe</a></p></body></html>\r\n"
                + "--b-4711--\r\n";
            return raw.getBytes(StandardCharsets.UTF_8);
        }
    }
}

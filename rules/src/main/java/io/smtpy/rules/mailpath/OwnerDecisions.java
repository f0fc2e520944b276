package io.smtpy.rules.mailpath;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import com.google.common.base.Suppliers;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.directory.Resolution;
import io.smtpy.core.dmarc.DmarcReportAddress;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.mailpath.HeaderField;
import io.smtpy.core.mailpath.RecipientDirective;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.rules.AddedHeader;
import io.smtpy.rules.MessageView;
import io.smtpy.rules.RuleBook;
import io.smtpy.rules.RuleEvaluation;
import io.smtpy.rules.RuleRef;
import io.smtpy.rules.Verdicts;
import io.smtpy.rules.lists.ListAction;
import io.smtpy.rules.lists.ListQuery;
import io.smtpy.rules.lists.ListVerdict;
import io.smtpy.rules.lists.SenderLists;
import io.smtpy.rules.mime.MessageContent;
import io.smtpy.scan.ScanOutcome;
import io.smtpy.scan.ScanPolicy;
import io.smtpy.scan.ScanVerdict;

/**
 * The owners' block and allow lists and rules applied to a mail's recipients, as the mail path asks at two moments:
 * <ul>
 *   <li>{@link #atRcpt}: a block entry with action {@code reject} that the envelope alone matches (the sender's address
 *       or domain, the client's IP) refuses the recipient at RCPT with {@value #BLOCKED_TEXT};</li>
 *   <li>{@link #afterData}: for each recipient on an smtpy domain (not SRS return addresses, not the DMARC report
 *       address), the lists first (with the header From now known), then, unless a block entry decided, the domain's
 *       and the alias's rules. A {@code reject} refuses before 250 ({@code 550 5.7.1}, the owner's text); {@code drop}
 *       and {@code quarantine} withhold the recipient; otherwise destinations, fields and subject prefixes as the rules
 *       say, and the one-click block link when the domain issues them.</li>
 * </ul>
 * A sender on an allow list gets through: rules still route and mark its mail, but cannot reject, drop or quarantine it.
 * Reads only in-memory forms: it runs for every mail.
 */
public class OwnerDecisions {
    static final String BLOCKED_TEXT = "the recipient does not accept mail from this sender";
    static final SmtpStatus BLOCKED = SmtpStatus.of(550, "5.7.1", BLOCKED_TEXT);

    private final RuleBook rules;
    private final SenderLists lists;
    private final AliasDirectory directory;
    private final AliasResolver resolver;
    private final AliasExpansion expansion;
    private final DmarcReportAddress reportAddress;
    private final DomainAccounts accounts;
    private final BlockLinkIssuer links;
    private final ScanPolicy scanPolicy;
    private final Clock clock;

    @Inject
    public OwnerDecisions(RuleBook rules, SenderLists lists, AliasDirectory directory, AliasResolver resolver,
                          AliasExpansion expansion, DmarcReportAddress reportAddress, DomainAccounts accounts,
                          BlockLinkIssuer links, ScanPolicy scanPolicy, Clock clock) {
        this.rules = rules;
        this.lists = lists;
        this.directory = directory;
        this.resolver = resolver;
        this.expansion = expansion;
        this.reportAddress = reportAddress;
        this.accounts = accounts;
        this.links = links;
        this.scanPolicy = scanPolicy;
        this.clock = clock;
    }

    /** The refusal of {@code recipient} at RCPT, when a block entry that rejects matches the envelope. */
    public Optional<RecipientDecision> atRcpt(MaybeSender sender, Optional<InetAddress> client, MailAddress recipient) {
        Optional<Target> target = target(recipient);
        // Asked at every RCPT: a domain without list entries costs one lookup, no resolution.
        if (target.isEmpty() || !lists.hasEntries(target.get().domain)) {
            return Optional.empty();
        }
        ListVerdict verdict = lists.decide(query(target.get(), sender, Optional.empty(), client));
        if (verdict.blocked() && verdict.action() == ListAction.REJECT && verdict.matchedOn().envelope()) {
            return Optional.of(RecipientDecision.refused(recipient, BLOCKED, verdict.reason()));
        }
        return Optional.empty();
    }

    /** Whether the recipient is one the owners' decisions concern (an address of an smtpy domain, not SRS or DMARC reports). */
    public boolean isOwnersRecipient(MailAddress recipient) {
        return target(recipient).isPresent();
    }

    /**
     * Which scans a received mail needs: spam scoring when a recipient's domain scores spam and the sender is not on
     * an allow list covering that recipient (an allowed sender skips scoring), virus scanning when a recipient's domain
     * scans for viruses (whoever the sender). Nothing for mail to no smtpy domain.
     */
    public ScanNeeds scanNeeds(MaybeSender sender, Collection<MailAddress> recipients, Optional<InetAddress> client,
                               Supplier<byte[]> raw) {
        Supplier<byte[]> message = Suppliers.memoize(raw::get);
        Supplier<MessageContent> header = Suppliers.memoize(() -> MessageContent.header(message.get()));
        boolean spam = false;
        boolean virus = false;
        for (MailAddress recipient : recipients) {
            Optional<Target> target = target(recipient);
            if (target.isEmpty()) {
                continue;
            }
            Domain domain = target.get().domainSettings;
            virus |= domain.virus().enabled();
            if (!spam && domain.spam().enabled()) {
                spam = !lists.hasEntries(target.get().domain)
                    || !lists.decide(query(target.get(), sender, headerFrom(header), client)).allowed();
            }
        }
        return new ScanNeeds(spam, virus);
    }

    /**
     * What the lists, the scanners' verdicts (under each domain's spam and virus policy) and the rules decide for each
     * recipient of a received mail (recipients they do not concern are left out). {@code countHits} false evaluates
     * without counting rule hits (a second look at a mail already counted).
     */
    public Map<MailAddress, RecipientDecision> afterData(MaybeSender sender, Collection<MailAddress> recipients,
                                                        Optional<InetAddress> client, Supplier<byte[]> raw,
                                                        Verdicts verdicts, ScanVerdict scan, boolean countHits) {
        Supplier<byte[]> message = Suppliers.memoize(raw::get);
        Supplier<MessageContent> header = Suppliers.memoize(() -> MessageContent.header(message.get()));
        Verdicts all = verdicts.withScan(scan.spam().scanned() ? Optional.of(scan.spam().score()) : Optional.empty(),
            scan.virus().name());
        Map<MailAddress, RecipientDecision> decisions = new LinkedHashMap<>();
        for (MailAddress recipient : recipients) {
            Optional<Target> target = target(recipient);
            if (target.isEmpty() || !(scan.asked() || concerned(target.get()))) {
                continue;
            }
            RecipientDecision decision = decide(target.get(), sender, client, message, header, all, scan, countHits);
            if (!decision.changesNothing()) {
                decisions.put(recipient, decision);
            }
        }
        return decisions;
    }

    private RecipientDecision decide(Target target, MaybeSender sender, Optional<InetAddress> client, Supplier<byte[]> message,
                                     Supplier<MessageContent> header, Verdicts verdicts, ScanVerdict scan, boolean countHits) {
        ListVerdict verdict = ListVerdict.NONE;
        if (lists.hasEntries(target.domain)) {
            verdict = lists.decide(query(target, sender, headerFrom(header), client));
        }
        if (verdict.blocked()) {
            switch (verdict.action()) {
                case DROP:
                    return withheld(target, RecipientDirective.Disposition.DROP, verdict.reason(), List.of());
                case QUARANTINE:
                    return withheld(target, RecipientDirective.Disposition.QUARANTINE, verdict.reason(), List.of());
                default:
                    return RecipientDecision.refused(target.recipient, BLOCKED, verdict.reason());
            }
        }
        // The domain's spam and virus policy comes before its rules: a rule can route spam, not rescue it (an allow
        // list entry does, for spam; nothing does for a virus).
        ScanOutcome scanned = scan.asked()
            ? scanPolicy.forDomain(scan, target.domainSettings.spam(), target.domainSettings.virus(), verdict.allowed())
            : ScanOutcome.NOTHING;
        if (scanned.action().isPresent()) {
            switch (scanned.action().get()) {
                case DROP:
                    return withheld(target, RecipientDirective.Disposition.DROP, scanned.reason(), List.of());
                case QUARANTINE:
                    return withheld(target, RecipientDirective.Disposition.QUARANTINE, scanned.reason(), List.of());
                default:
                    return RecipientDecision.refused(target.recipient, scanned.refusal().get(), scanned.reason());
            }
        }
        RuleEvaluation evaluation = RuleEvaluation.nothing();
        if (rules.hasRules(target.domain, target.alias())) {
            MessageView view = MessageView.of(sender, target.recipient, message, header, verdicts, clock.instant());
            evaluation = countHits ? rules.evaluate(target.domain, target.alias(), view) : rules.trace(target.domain, target.alias(), view);
        }
        List<RecipientDecision.Post> posts = evaluation.posts().stream()
            .map(post -> new RecipientDecision.Post(post.url(), post.format().json(), post.rule().asString()))
            .collect(Collectors.toList());
        String decidedBy = evaluation.decidedBy().map(RuleRef::asString).orElse("the rules");
        if (!verdict.allowed()) {
            switch (evaluation.disposition()) {
                case REJECT:
                    return RecipientDecision.refused(target.recipient,
                        SmtpStatus.of(550, "5.7.1", evaluation.rejectText().orElse(RuleEvaluation.DEFAULT_REJECT_TEXT)), decidedBy);
                case DROP:
                    return withheld(target, RecipientDirective.Disposition.DROP, decidedBy, posts);
                case QUARANTINE:
                    return withheld(target, RecipientDirective.Disposition.QUARANTINE, decidedBy, posts);
                default:
                    break;
            }
        }
        List<HeaderField> fields = new ArrayList<>(scanned.fields());
        for (AddedHeader added : evaluation.addedHeaders()) {
            fields.add(new HeaderField(added.name(), added.value()));
        }
        // No link for returned mail (null sender): there is no sender to block.
        if (target.alias().isPresent() && !sender.isNullSender() && links.issuing() && target.domainSettings.blockLinks()) {
            fields.addAll(links.fields(target.domain, target.alias().get(), sender, header));
        }
        if (fields.isEmpty() && evaluation.changesNothing()) {
            return new RecipientDecision(target.recipient, Optional.empty(), RecipientDirective.UNCHANGED, posts);
        }
        RecipientDirective directive = RecipientDirective.deliver(evaluation.decidedBy().map(RuleRef::asString),
            evaluation.replacedDestinations(), evaluation.addedDestinations(), fields, evaluation.subjectPrefixes());
        return new RecipientDecision(target.recipient, Optional.empty(), directive, posts);
    }

    /** Whether anything of the owners' can apply to the recipient: no lists, no rules and no links make it skip. */
    private boolean concerned(Target target) {
        return lists.hasEntries(target.domain) || rules.hasAnyRules(target.domain)
            || (links.issuing() && target.domainSettings.blockLinks());
    }

    private static RecipientDecision withheld(Target target, RecipientDirective.Disposition disposition, String decidedBy,
                                              List<RecipientDecision.Post> posts) {
        return new RecipientDecision(target.recipient, Optional.empty(), RecipientDirective.withhold(disposition, decidedBy), posts);
    }

    private ListQuery query(Target target, MaybeSender sender, Optional<MailAddress> headerFrom, Optional<InetAddress> client) {
        return new ListQuery(sender, headerFrom, client, target.domain, target.alias(), accounts.accountOf(target.domain));
    }

    private static Optional<MailAddress> headerFrom(Supplier<MessageContent> header) {
        for (String address : header.get().addresses("From")) {
            try {
                return Optional.of(new MailAddress(address));
            } catch (javax.mail.internet.AddressException | IllegalArgumentException unusable) {
                // A From that James cannot take as an address is matched by nothing: lists read addresses.
            }
        }
        return Optional.empty();
    }

    /**
     * The recipient as lists and rules see it: its domain (an smtpy domain), and its alias when it resolves to one;
     * empty for what they do not concern (other domains, SRS return addresses, the DMARC report address).
     */
    private Optional<Target> target(MailAddress recipient) {
        DomainName domain;
        try {
            domain = DomainName.of(recipient.getDomain().asString());
        } catch (IllegalArgumentException notADomainName) {
            return Optional.empty();
        }
        Optional<Domain> settings = directory.indexedDomain(domain);
        if (settings.isEmpty() || expansion.isSrs(recipient) || reportAddress.isReportAddress(recipient)) {
            return Optional.empty();
        }
        return Optional.of(new Target(recipient, domain, settings.get()));
    }

    /** The recipient's alias when it resolves to one exactly (not a regex alias or catch-all): resolved only when asked. */
    private Optional<LocalPart> aliasOf(MailAddress recipient) {
        Resolution resolution = resolver.resolve(recipient);
        if (resolution.outcome() != Resolution.Outcome.EXACT) {
            return Optional.empty();
        }
        return resolution.matched().map(matched -> LocalPart.of(matched.substring(0, matched.lastIndexOf('@') < 0
            ? matched.length() : matched.lastIndexOf('@'))));
    }

    private final class Target {
        final MailAddress recipient;
        final DomainName domain;
        final Domain domainSettings;
        private Optional<LocalPart> alias;

        Target(MailAddress recipient, DomainName domain, Domain domainSettings) {
            this.recipient = recipient;
            this.domain = domain;
            this.domainSettings = domainSettings;
        }

        Optional<LocalPart> alias() {
            if (alias == null) {
                alias = aliasOf(recipient);
            }
            return alias;
        }
    }
}

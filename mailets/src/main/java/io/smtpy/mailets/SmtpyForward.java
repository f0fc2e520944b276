package io.smtpy.mailets;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.base.Suppliers;

import io.smtpy.auth.inbound.AuthenticationAttributes;
import io.smtpy.auth.inbound.AuthenticationResults;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.mailpath.CopyPlan;
import io.smtpy.core.mailpath.HeaderField;
import io.smtpy.core.mailpath.LoopLimits;
import io.smtpy.core.mailpath.MessageDecision;
import io.smtpy.core.mailpath.MessageFacts;
import io.smtpy.core.mailpath.MessagePolicy;
import io.smtpy.core.mailpath.RecipientDirective;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.rules.mailpath.DecisionsJson;
import io.smtpy.rules.mailpath.OwnerDecisions;
import io.smtpy.rules.mailpath.RecipientDecision;
import io.smtpy.rules.post.PostContext;
import io.smtpy.rules.post.PostResult;
import io.smtpy.rules.post.RulePoster;
import io.smtpy.rules.quarantine.Hold;
import io.smtpy.rules.quarantine.MessageTooLargeException;
import io.smtpy.rules.quarantine.Quarantine;
import io.smtpy.rules.quarantine.QuarantineKind;
import io.smtpy.bounces.BounceClassification;
import io.smtpy.bounces.FeedbackReport;
import io.smtpy.bounces.DeliveryReport;
import io.smtpy.bounces.RecipientReport;
import io.smtpy.bounces.ReturnedMail;
import io.smtpy.scan.ScanVerdict;
import io.smtpy.scan.ScanVerdictCodec;
import io.smtpy.suppression.Complaints;
import io.smtpy.suppression.SuppressionScreen;
import io.smtpy.suppression.Suppressions;
import io.smtpy.sending.reverse.MemoryReverseAliasRepository;
import io.smtpy.sending.reverse.ReverseAliases;

/**
 * Forwards mail for smtpy recipients as {@link MessagePolicy} decides. Put it behind {@code IsSmtpyRecipient} in the
 * {@code transport} processor, before {@code RecipientIsLocal}.
 *
 * <p>It reads the facts the decision needs (envelope, how many {@value #TRACE_HEADER} and {@code Received} fields the
 * header has, the SMTP hook's verdicts), then carries the decision out: each {@link CopyPlan} becomes a copy sent to
 * the {@code relay} processor (RemoteDelivery) with the plan's envelope sender and destinations (the last one is the
 * mail itself, sent on to {@code relay} in the same pass, without a spool crossing), the plan's fields
 * written in front of the original bytes, which are copied untouched (the sender's DKIM signature still verifies),
 * and the forwarding attributes and verdicts the signers read. {@code Authentication-Results} fields already in the
 * message that claim smtpy's authserv-id are forged (RFC 8601 §5) and left out of the copies. Refused recipients
 * are bounced to the sender with the decision's reason, before the mail becomes a copy; dropped ones are discarded.
 * A mail without a copy to make is finished ({@code ghost}).
 *
 * <p>Parameters: {@code relayProcessor} (default {@code relay}), {@code maxForwards} (default 5) and
 * {@code maxReceived} (default 25, below James's own RelayLimit of 30): the {@link LoopLimits}.
 *
 * <p>Suppressed destinations ({@link SuppressionScreen}) are left out of a copy: the alias's fallback gets it, or the
 * mail is held in the quarantine for that alias. An ARF complaint coming back to an SRS address is taken by
 * {@link Complaints} and not sent back to the original sender; a delivery report there is told to the suppression policy.
 *
 * <p>Replies through the alias: when the alias (or its domain) has {@code replyThroughAlias} on, the copy's
 * {@code Reply-To} is the reverse alias of each address a reply would go to ({@link ReverseAliases#replyTo}), in place
 * of the original's.
 *
 * <p>Events: RECEIVED per recipient, FORWARDED per alias of a copy (with the copy's destinations), DROPPED, LOOP or
 * BOUNCED for refused recipients (with the status), SUPPRESSED per destination left out of a copy.
 */
public class SmtpyForward extends GenericMailet {
    public static final String TRACE_HEADER = MessagePolicy.TRACE_FIELD;
    static final SmtpStatus TOO_LARGE_TO_HOLD = SmtpStatus.of(552, "5.3.4",
        "the recipient's rules hold this mail for review, and it is too large to hold");
    private static final AttributeName RESULTS = AttributeName.of(AuthenticationAttributes.RESULTS);
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpyForward.class);

    private static final AttributeName DECISIONS = AttributeName.of(SmtpyRulesDecisions.ATTRIBUTE);
    private static final AttributeName RELEASED = AttributeName.of(SpoolReinjection.RELEASED);
    private static final AttributeName SCAN = AttributeName.of(ScanVerdictCodec.ATTRIBUTE);
    /** The quarantine verdict, and the attribute a release brings back, naming the suppressed destinations a mail was held for. */
    static final String HELD_FOR_VERDICT = "suppressed";
    static final String HELD_FOR_ATTRIBUTE = "io.smtpy.suppression.heldFor";
    private static final AttributeName HELD_FOR = AttributeName.of(HELD_FOR_ATTRIBUTE);

    private final MessagePolicy policy;
    private final OwnerDecisions owners;
    private final Quarantine quarantine;
    private final RulePoster poster;
    private final MailEvents events;
    private final MailEventFactory eventFactory;
    private final Clock clock;
    private final SuppressionScreen suppressionScreen;
    private final SuppressionReports suppressions;
    private final Complaints complaints;
    private final ReverseAliases reverseAliases;
    private String relayProcessor;
    private LoopLimits loopLimits;

    /** Without replies through the alias: no domain has them turned on. */
    public SmtpyForward(MessagePolicy policy, OwnerDecisions owners, Quarantine quarantine, RulePoster poster, MailEvents events,
                        Clock clock, SuppressionScreen suppressionScreen, Suppressions suppressions, Complaints complaints) {
        this(policy, owners, quarantine, poster, events, clock, suppressionScreen, suppressions, complaints,
            new ReverseAliases(new MemoryReverseAliasRepository(), clock));
    }

    @Inject
    public SmtpyForward(MessagePolicy policy, OwnerDecisions owners, Quarantine quarantine, RulePoster poster, MailEvents events,
                        Clock clock, SuppressionScreen suppressionScreen, Suppressions suppressions, Complaints complaints,
                        ReverseAliases reverseAliases) {
        this.reverseAliases = reverseAliases;
        this.policy = policy;
        this.owners = owners;
        this.quarantine = quarantine;
        this.poster = poster;
        this.events = events;
        this.eventFactory = new MailEventFactory(clock);
        this.clock = clock;
        this.suppressionScreen = suppressionScreen;
        this.suppressions = new SuppressionReports(suppressions);
        this.complaints = complaints;
    }

    @Override
    public void init() throws MessagingException {
        relayProcessor = getInitParameter("relayProcessor", "relay");
        loopLimits = LoopLimits.of(positive("maxForwards", LoopLimits.DEFAULT.maxForwards()),
            positive("maxReceived", LoopLimits.DEFAULT.maxReceived()));
    }

    private int positive(String name, int defaultValue) throws MessagingException {
        String value = getInitParameter(name, String.valueOf(defaultValue));
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 1) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new MessagingException(getMailetName() + ": " + name + " must be a positive integer, got '" + value + "'");
        }
    }

    @Override
    public String getMailetInfo() {
        return "smtpy forwarding: alias expansion, SRS, loop protection";
    }

    /** The scanners' verdicts for the {@code received} events ({@code spam score 1.2 (...); virus clean}), "" when not scanned. */
    private static String scanSummary(Mail mail) {
        Optional<String> text = AttributeUtils.getValueAndCastFromMail(mail, SCAN, String.class);
        if (text.isEmpty()) {
            return "";
        }
        try {
            ScanVerdict verdict = ScanVerdictCodec.read(text.get());
            return verdict.asked() ? verdict.toString() : "";
        } catch (IllegalArgumentException unreadable) {
            return "";
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String scanned = scanSummary(mail);
        for (MailAddress recipient : mail.getRecipients()) {
            record(mail, recipient, MailEventType.RECEIVED, List.of(recipient), Optional.empty(), scanned);
        }
        MimeMessage message = mail.getMessage();
        Map<MailAddress, RecipientDecision> decisions = ownerDecisions(mail);
        MessageDecision decision = policy.decide(MessageFacts.of(mail.getMaybeSender(), mail.getRecipients(),
            count(message, TRACE_HEADER), count(message, "Received"),
            AttributeUtils.getValueAndCastFromMail(mail, RESULTS, String.class)).withDirectives(directives(decisions)), loopLimits);

        Optional<String> messageId = MailEventFactory.messageId(mail);
        List<String> bounces = new ArrayList<>(decision.bounceReason().map(List::of).orElse(List.of()));
        for (MessageDecision.RecipientOutcome outcome : decision.outcomes()) {
            switch (outcome.action()) {
                case DROP:
                    if (outcome.decidedBy().isPresent()) {
                        hold(mail, message, outcome, QuarantineKind.DROPPED);
                    } else {
                        record(mail, outcome.recipient(), MailEventType.DROPPED, List.of(outcome.recipient()), Optional.empty(),
                            outcome.reason());
                    }
                    break;
                case QUARANTINE:
                    if (!hold(mail, message, outcome, QuarantineKind.QUARANTINED)) {
                        bounces.add(outcome.recipient().asString() + ": " + TOO_LARGE_TO_HOLD.reply());
                    }
                    break;
                case BOUNCE:
                case LOOP:
                    record(mail, outcome.recipient(), outcome.action() == MessageDecision.Action.LOOP ? MailEventType.LOOP
                        : MailEventType.BOUNCED, List.of(outcome.recipient()), outcome.status(), outcome.reason());
                    break;
                default:
                    break;
            }
        }
        post(mail, message, decisions);
        if (!bounces.isEmpty()) {
            bounce(mail, String.join("\n", bounces));
        }
        Supplier<ReturnedMail> returned = Suppliers.memoize(() -> ReturnedMail.read(bytesOf(message)));
        List<CopyPlan> copies = new ArrayList<>(decision.copies().size());
        for (CopyPlan plan : decision.copies()) {
            if (plan.returnedMail() && complaint(mail, plan, returned.get())) {
                continue;
            }
            screened(mail, message, plan).ifPresent(copies::add);
        }
        for (int i = 0; i < copies.size(); i++) {
            if (i == copies.size() - 1 && mail instanceof MailImpl) {
                becomeTheCopy((MailImpl) mail, message, copies.get(i), messageId, returned);
                return;
            }
            forward(mail, message, copies.get(i), messageId, returned);
        }
        mail.setState(Mail.GHOST);
    }

    /**
     * An ARF complaint (RFC 5965) coming back to an SRS address: it is about smtpy's forwarding, not the sender's mail, so
     * it is taken by {@link Complaints} (a {@code complained} event, the destination suppressed) instead of being sent
     * back to the original sender. A report that is not valid ARF goes back as any returned mail does.
     */
    private boolean complaint(Mail mail, CopyPlan plan, ReturnedMail returned) {
        if (returned.kind() != ReturnedMail.Kind.FEEDBACK_REPORT || returned.feedbackReport().isEmpty()) {
            return false;
        }
        FeedbackReport report = returned.feedbackReport().get();
        String reporter = report.userAgent().orElse(mail.getMaybeSender().asString());
        try {
            return complaints.take(plan.forwardingDomain(), report, reporter).isPresent();
        } catch (RuntimeException e) {
            LOGGER.warn("Could not take the complaint in mail {}; returning it as other returned mail", mail.getName(), e);
            return false;
        }
    }

    /**
     * The copy without its suppressed destinations ({@link SuppressionScreen}): each one is a {@code suppressed} event in
     * the mail's journey, and goes to the alias's fallback or, without one, the mail is held in the quarantine for that
     * alias (too large to hold: it is sent anyway, never lost). Empty when nothing is left to send. A mail released
     * from the quarantine is not screened: the owner chose to send it; if it was held for suppressed destinations it
     * goes to those only (the others had their copy).
     */
    private Optional<CopyPlan> screened(Mail mail, MimeMessage message, CopyPlan plan) throws MessagingException {
        if (plan.archive() || plan.returnedMail()) {
            return Optional.of(plan);
        }
        if (mail.getAttribute(RELEASED).isPresent()) {
            return Optional.of(AttributeUtils.getValueAndCastFromMail(mail, HELD_FOR, String.class)
                .map(SmtpyForward::addresses).filter(heldFor -> !heldFor.isEmpty())
                .map(plan::withDestinations).orElse(plan));
        }
        List<LocalPart> aliases = SuppressionReports.aliases(MailEventFactory.asStrings(plan.aliases()));
        SuppressionScreen.Screened screened;
        try {
            screened = suppressionScreen.screen(plan.forwardingDomain(), aliases, plan.destinations());
        } catch (RuntimeException e) {
            LOGGER.warn("Could not read the suppressions of mail {}'s destinations; sending it to all of them", mail.getName(), e);
            return Optional.of(plan);
        }
        if (screened.changesNothing()) {
            return Optional.of(plan);
        }
        List<MailAddress> destinations = new ArrayList<>(screened.destinations());
        for (SuppressionScreen.Withheld withheld : screened.withheld()) {
            events.record(eventFactory.event(mail, plan.forwardingDomain(), MailEventType.SUPPRESSED, List.of(withheld.destination()))
                .alias(withheld.alias())
                .detail(withheld.detail())
                .build());
        }
        Map<LocalPart, List<SuppressionScreen.Withheld>> held = screened.held().stream()
            .collect(Collectors.groupingBy(SuppressionScreen.Withheld::alias, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<LocalPart, List<SuppressionScreen.Withheld>> forAlias : held.entrySet()) {
            if (!holdForSuppression(mail, message, plan, forAlias.getKey(), forAlias.getValue())) {
                forAlias.getValue().forEach(withheld -> destinations.add(withheld.destination()));
            }
        }
        return destinations.isEmpty() ? Optional.empty() : Optional.of(plan.withDestinations(destinations));
    }

    /** Holds the mail for the alias; its release goes to the withheld destinations only ({@value #HELD_FOR_VERDICT}). */
    private boolean holdForSuppression(Mail mail, MimeMessage message, CopyPlan plan, LocalPart alias,
                                       List<SuppressionScreen.Withheld> withheld) throws MessagingException {
        MailAddress aliasAddress = plan.aliases().stream()
            .filter(address -> MailEventFactory.alias(address).equals(Optional.of(alias)))
            .findFirst().orElse(plan.aliases().get(0));
        Map<String, String> verdicts = new LinkedHashMap<>(SmtpyRulesDecisions.verdictsToKeep(mail));
        verdicts.put(HELD_FOR_VERDICT, withheld.stream().map(w -> w.destination().asString()).collect(Collectors.joining(",")));
        Hold hold = Hold.of(plan.forwardingDomain(), mail.getMaybeSender(), List.of(aliasAddress), QuarantineKind.QUARANTINED,
                bytesOf(message))
            .alias(alias)
            .reason(withheld.stream().map(w -> "not sent to " + w.destination().asString() + ", suppressed until "
                + w.suppression().until() + " (" + w.suppression().reason() + ")").collect(Collectors.joining("; ")))
            .decidedBy("suppression " + withheld.get(0).suppression().id())
            .verdicts(verdicts)
            .mailId(mail.getName());
        try {
            quarantine.hold(hold);
            return true;
        } catch (MessageTooLargeException e) {
            return false;
        }
    }

    private static List<MailAddress> addresses(String commaSeparated) {
        List<MailAddress> addresses = new ArrayList<>();
        for (String address : commaSeparated.split(",")) {
            try {
                addresses.add(new MailAddress(address.trim()));
            } catch (javax.mail.internet.AddressException unreadable) {
                // Written by holdForSuppression from valid addresses; anything else is skipped.
            }
        }
        return addresses;
    }

    /**
     * What the owners' lists and rules decided: taken at the end of DATA by {@code SmtpyRulesHook} and carried in an
     * attribute; evaluated here for mail that did not come through it (unless released from the quarantine, which has
     * had its say). A refusal found only here cannot be answered in SMTP any more: the recipient is dropped (and kept
     * for the restore window), never silently.
     */
    private Map<MailAddress, RecipientDecision> ownerDecisions(Mail mail) throws MessagingException {
        if (mail.getAttribute(RELEASED).isPresent()) {
            return Map.of();
        }
        Optional<String> carried = AttributeUtils.getValueAndCastFromMail(mail, DECISIONS, String.class);
        if (carried.isPresent()) {
            try {
                return DecisionsJson.read(carried.get());
            } catch (IllegalArgumentException e) {
                LOGGER.warn("Mail {} carries unreadable rule decisions; evaluating them again", mail.getName(), e);
            }
        }
        MimeMessage message = mail.getMessage();
        return owners.afterData(mail.getMaybeSender(), mail.getRecipients(), Optional.empty(), () -> bytesOf(message),
            SmtpyRulesDecisions.verdicts(mail), ScanVerdict.NOT_SCANNED, true);
    }

    private static Map<MailAddress, RecipientDirective> directives(Map<MailAddress, RecipientDecision> decisions) {
        Map<MailAddress, RecipientDirective> directives = new HashMap<>();
        decisions.forEach((recipient, decision) -> directives.put(recipient, decision.refusal().isPresent()
            ? RecipientDirective.withhold(RecipientDirective.Disposition.DROP, decision.refusedBy() + " refused it after DATA")
            : decision.directive()));
        return directives;
    }

    /** Keeps the mail for the quarantine or the restore window; the quarantine records the event. False when too large. */
    private boolean hold(Mail mail, MimeMessage message, MessageDecision.RecipientOutcome outcome, QuarantineKind kind)
            throws MessagingException {
        DomainName domain = DomainName.of(outcome.recipient().getDomain().asString());
        Hold hold = Hold.of(domain, mail.getMaybeSender(), List.of(outcome.recipient()), kind, bytesOf(message))
            .reason(outcome.reason())
            .decidedBy(outcome.decidedBy().orElse(""))
            .verdicts(SmtpyRulesDecisions.verdictsToKeep(mail))
            .mailId(mail.getName());
        Optional<LocalPart> alias = MailEventFactory.alias(outcome.recipient());
        try {
            quarantine.hold(alias.map(hold::alias).orElse(hold));
            return true;
        } catch (MessageTooLargeException e) {
            MailEventType type = kind == QuarantineKind.DROPPED ? MailEventType.DROPPED : MailEventType.BOUNCED;
            record(mail, outcome.recipient(), type, List.of(outcome.recipient()),
                type == MailEventType.BOUNCED ? Optional.of(TOO_LARGE_TO_HOLD) : Optional.empty(),
                outcome.reason() + "; " + e.getMessage());
            return kind == QuarantineKind.DROPPED;
        }
    }

    /** The rules' posts, made before the copies leave; each one an event (posted or post-failed). */
    private void post(Mail mail, MimeMessage message, Map<MailAddress, RecipientDecision> decisions) throws MessagingException {
        byte[] bytes = null;
        for (RecipientDecision decision : decisions.values()) {
            for (RecipientDecision.Post post : decision.posts()) {
                if (bytes == null) {
                    bytes = bytesOf(message);
                }
                DomainName domain = DomainName.of(decision.recipient().getDomain().asString());
                PostResult result = poster.post(URI.create(post.url()), post.format(), new PostContext(domain, post.rule(),
                    mail.getMaybeSender(), decision.recipient(), clock.instant(), SmtpyRulesDecisions.verdictsToKeep(mail)), bytes);
                record(mail, decision.recipient(), result.delivered() ? MailEventType.POSTED : MailEventType.POST_FAILED,
                    List.of(decision.recipient()), Optional.empty(), post.rule() + ": " + result.detail());
            }
        }
    }

    private static byte[] bytesOf(MimeMessage message) {
        try {
            return RawMessages.bytes(message);
        } catch (MessagingException e) {
            throw new IllegalStateException("could not read the message", e);
        }
    }

    /** A copy of its own, through the spool, for every plan but the last. */
    private void forward(Mail mail, MimeMessage message, CopyPlan plan, Optional<String> messageId, Supplier<ReturnedMail> returned)
            throws MessagingException {
        String copyName = MailImpl.getId();
        MailImpl forwarded = MailImpl.builder()
            .name(copyName)
            .sender(plan.envelopeSender())
            .addRecipients(plan.destinations())
            .addAttributes(ForwardingAttributes.of(plan, messageId))
            .addAttribute(ForwardingAttributes.forwardedAt(clock.instant()))
            .addAttribute(ForwardingAttributes.journey(ForwardingAttributes.journey(mail)))
            .addAttributes(authenticationAttributes(mail))
            .build();
        forwarded.setMessageNoCopy(copy(message, plan));
        try {
            getMailetContext().sendMail(forwarded, relayProcessor);
        } finally {
            forwarded.dispose();
        }
        recordForwarded(mail, plan, copyName);
        recordReturned(mail, plan, returned);
    }

    /**
     * The last plan's copy is the mail itself, sent on to the relay processor in the same pass (James runs the
     * processor a mailet sets as the new state at once): no spool crossing, no second copy of the envelope. The
     * bounce and the events that need the original were made before. A mailet fault in relay sends it to the error
     * processor, as it would a copy of its own.
     */
    private void becomeTheCopy(MailImpl mail, MimeMessage message, CopyPlan plan, Optional<String> messageId,
                               Supplier<ReturnedMail> returned) throws MessagingException {
        MimeMessageWrapper copy = copy(message, plan);
        recordForwarded(mail, plan, mail.getName());
        recordReturned(mail, plan, returned);
        mail.setSender(plan.envelopeSender().asOptional().orElse(null));
        mail.setRecipients(plan.destinations());
        ForwardingAttributes.of(plan, messageId).forEach(mail::setAttribute);
        // A forwarded copy is never tracked nor sent through a relay meant for submitted mail, even of a mail an owner
        // submitted to one of smtpy's aliases.
        mail.removeAttribute(ForwardingAttributes.SUBMITTED_TO);
        mail.removeAttribute(ForwardingAttributes.SUBMITTED);
        mail.setAttribute(ForwardingAttributes.forwardedAt(clock.instant()));
        mail.setAttribute(ForwardingAttributes.journey(ForwardingAttributes.journey(mail)));
        RawMessages.replace(mail, copy);
        mail.setState(relayProcessor);
    }

    private void recordForwarded(Mail mail, CopyPlan plan, String copyName) {
        String detail = (plan.archive() ? "archive copy; " : "")
            + (plan.returnedMail() ? "returned to the original sender" : "envelope sender " + plan.envelopeSender().asString())
            + "; copy " + copyName;
        for (MailAddress alias : plan.aliases()) {
            record(mail, alias, MailEventType.FORWARDED, plan.destinations(), Optional.empty(), detail);
        }
    }

    /**
     * A delivery report coming back through an SRS address (a destination that accepted a copy, then could not deliver
     * it) is a late bounce of an alias's destination: a {@code bounced} event per failed recipient of the report, with
     * its status, diagnostic and class ({@code bounces}' {@link ReturnedMail}), on the alias its trace field names.
     * The failure is told to the suppression policy. The report itself still goes back to the original sender.
     */
    private void recordReturned(Mail mail, CopyPlan plan, Supplier<ReturnedMail> read) {
        // A report James made itself for a copy it could not deliver carries the copy's forwarding attributes (James
        // duplicates them onto the bounce): that failure is already a bounced event, recorded by RecordDeliveryOutcome.
        if (!plan.returnedMail() || !mail.getMaybeSender().isNullSender() || ForwardingAttributes.domain(mail).isPresent()) {
            return;
        }
        ReturnedMail returned = read.get();
        if (returned.kind() != ReturnedMail.Kind.DELIVERY_REPORT || returned.deliveryReport().isEmpty()) {
            return;
        }
        DeliveryReport report = returned.deliveryReport().get();
        for (MailAddress returnAddress : plan.aliases()) {
            for (RecipientReport failed : report.recipients()) {
                if (!failed.failed()) {
                    continue;
                }
                BounceClassification classification = failed.classification();
                String detail = "returned later by " + report.reportingMta().orElse("the destination") + " for "
                    + failed.finalRecipient().orElse("a destination") + ": " + failed.status().map(status -> status + " ").orElse("")
                    + failed.diagnosticCode().orElse("") + " (" + classification.cls().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                    + ", " + classification.severity().name().toLowerCase(java.util.Locale.ROOT) + ")";
                List<String> recipients = failed.finalRecipient().map(List::of).orElse(List.of());
                recordOn(mail, returnAddress, returned.original().aliases(), recipients, classification, detail);
                suppressions.failed(mail, plan.forwardingDomain(), SuppressionReports.aliases(returned.original().aliases()),
                    recipients, classification, detail);
            }
        }
    }

    /** An event on the return address's domain, for the alias the returned message names when it names one. */
    private void recordOn(Mail mail, MailAddress returnAddress, List<String> aliases, List<String> recipients,
                          BounceClassification classification, String detail) {
        DomainName domain;
        try {
            domain = DomainName.of(returnAddress.getDomain().asString());
        } catch (IllegalArgumentException notOurs) {
            return;
        }
        MailEvent.Builder event = eventFactory.event(mail, domain, MailEventType.BOUNCED, List.of())
            .recipients(recipients)
            .smtpCode(classification.code())
            .enhancedStatus(classification.enhancedStatus())
            .detail(detail);
        event.alias(aliases.isEmpty() ? MailEventFactory.alias(returnAddress) : MailEventFactory.alias(aliases.get(0)));
        events.record(event.build());
    }

    /**
     * The plan's fields, folded, in front of every original byte but forged smtpy Authentication-Results; with a
     * subject prefix, the original {@code Subject} gives way to the prefixed one in front.
     */
    private MimeMessageWrapper copy(MimeMessage message, CopyPlan plan) throws MessagingException {
        List<String> lines = new ArrayList<>(plan.fieldsInFront().size() + 2);
        for (HeaderField field : plan.fieldsInFront()) {
            lines.add(MimeUtility.fold(0, field.name() + ": " + field.value()) + "\r\n");
        }
        Optional<String> replyTo = replyThroughAlias(message, plan);
        replyTo.ifPresent(value -> lines.add("Reply-To: " + MimeUtility.fold("Reply-To: ".length(), value) + "\r\n"));
        boolean prefixed = plan.subjectPrefix().isPresent();
        if (prefixed) {
            String original = Optional.ofNullable(message.getHeader("Subject", null)).map(SmtpyForward::unfolded).orElse("");
            lines.add(MimeUtility.fold(0, "Subject: " + plan.subjectPrefix().get() + (original.isEmpty() ? "" : " " + original)) + "\r\n");
        }
        return RawMessages.withHeadersInFront(message, lines, line -> !forgedAuthenticationResults(line)
            && !(prefixed && isField(line, "Subject")) && !(replyTo.isPresent() && isField(line, "Reply-To")));
    }

    /**
     * The copy's {@code Reply-To} when its alias's {@code replyThroughAlias} is on: the reverse alias of each address a
     * reply would go to, in place of the original's {@code Reply-To} (which is left out). Adding the field leaves the
     * sender's DKIM signature intact unless it signed {@code Reply-To} (or its absence); replacing one it signed breaks
     * it. Either way the copy's ARC set, sealed after, carries the verdicts smtpy found on arrival, and the forwarding
     * domain's own DKIM signature covers the copy as sent. Not for archive copies nor mail going back to its sender.
     */
    private Optional<String> replyThroughAlias(MimeMessage message, CopyPlan plan) {
        if (plan.archive() || plan.returnedMail() || plan.envelopeSender().isNullSender()) {
            return Optional.empty();
        }
        for (MailAddress recipient : plan.aliases()) {
            Optional<LocalPart> alias = MailEventFactory.alias(recipient);
            if (!reverseAliases.replyThroughAlias(plan.forwardingDomain(), alias)) {
                continue;
            }
            try {
                return reverseAliases.replyTo(plan.forwardingDomain(), alias, headerValues(message, "Reply-To"),
                    headerValues(message, "From"));
            } catch (RuntimeException | MessagingException e) {
                LOGGER.warn("Could not give the copy for {} a reply address; it keeps its own Reply-To", plan.aliases(), e);
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static List<String> headerValues(MimeMessage message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        return values == null ? List.of() : List.of(values);
    }

    private static String unfolded(String value) {
        return value.replace("\r\n", "").replace("\n", "").trim();
    }

    private static boolean isField(String headerLine, String name) {
        int colon = headerLine.indexOf(':');
        return colon > 0 && headerLine.substring(0, colon).trim().equalsIgnoreCase(name);
    }

    private boolean forgedAuthenticationResults(String headerLine) {
        int colon = headerLine.indexOf(':');
        return colon > 0 && headerLine.substring(0, colon).trim().equalsIgnoreCase(MessagePolicy.AUTHENTICATION_RESULTS)
            && AuthenticationResults.claimsAuthservId(headerLine.substring(colon + 1), policy.authServId());
    }

    /** The SMTP hook's verdicts go with each copy, for the ARC sealer and for later steps. */
    private static List<Attribute> authenticationAttributes(Mail mail) {
        return mail.attributes()
            .filter(attribute -> attribute.getName().asString().startsWith(AuthenticationAttributes.PREFIX))
            .collect(Collectors.toList());
    }

    private void record(Mail mail, MailAddress recipient, MailEventType type, List<MailAddress> recipients,
                        Optional<SmtpStatus> status, String detail) {
        DomainName domain;
        try {
            domain = DomainName.of(recipient.getDomain().asString());
        } catch (IllegalArgumentException notOurs) {
            return;
        }
        events.record(eventFactory.event(mail, domain, type, recipients)
            .alias(MailEventFactory.alias(recipient))
            .smtpCode(status.map(SmtpStatus::code))
            .enhancedStatus(status.flatMap(SmtpStatus::enhanced))
            .detail(detail)
            .build());
    }

    private void bounce(Mail mail, String reason) throws MessagingException {
        if (mail.getMaybeSender().isNullSender()) {
            LOGGER.warn("Not bouncing mail {} with a null sender: {}", mail.getName(), reason);
        } else {
            getMailetContext().bounce(mail, reason);
        }
    }

    private static int count(MimeMessage message, String header) throws MessagingException {
        String[] values = message.getHeader(header);
        return values == null ? 0 : values.length;
    }
}

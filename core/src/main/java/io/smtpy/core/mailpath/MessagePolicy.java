package io.smtpy.core.mailpath;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.forwarding.ForwardingPlan;
import io.smtpy.core.forwarding.Redirection;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.ForwardedSignatures;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.core.srs.SenderRewriting;

/**
 * Decides what happens to a received mail's smtpy recipients after DATA ({@link MessageDecision}).
 *
 * <p>A mail that has looped too far ({@link LoopLimits}) is bounced as a loop for every recipient ({@code 554 5.4.6})
 * and not forwarded. Recipients the owner's rules or lists withhold ({@link RecipientDirective}: drop, quarantine)
 * get that outcome, naming the rule or entry, and no copy; the others' destinations are those of their alias, or
 * those a rule put instead or besides. Otherwise the recipients are expanded ({@link AliasExpansion}: aliases followed in memory,
 * alias loops found there, destinations de-duplicated) and each forwarding domain gets one {@link CopyPlan}:
 * <ul>
 *   <li>envelope sender: the sender rewritten with SRS on the forwarding domain; the null sender stays null and
 *       returned mail (to an SRS address) keeps its sender;</li>
 *   <li>fields in front: the trace field {@value #TRACE_FIELD} ({@code <domain> for <aliases>}) and, when the
 *       inbound checks ran, {@code Authentication-Results} under this host's authserv-id;</li>
 *   <li>fields and a subject prefix a rule asked for (recipients whose copies differ so get copies of their own);</li>
 *   <li>signatures: the forwarding domain's {@code forwardedSignatures} (read from the in-memory index), an ARC set
 *       only for a mail that was checked (the set carries the verdicts).</li>
 * </ul>
 */
public class MessagePolicy {
    public static final String TRACE_FIELD = "X-Smtpy-Forwarded";
    public static final String AUTHENTICATION_RESULTS = "Authentication-Results";
    /** On archive copies: the envelope the mail arrived with ({@code from=<sender>; to=<recipients>}). */
    public static final String ENVELOPE_FIELD = "X-Smtpy-Envelope";

    private final AliasExpansion expansion;
    private final SenderRewriting senderRewriting;
    private final AliasDirectory directory;
    private final String authServId;

    /** @param authServId this host's name in the {@code Authentication-Results} fields it adds (RFC 8601) */
    public MessagePolicy(AliasExpansion expansion, SenderRewriting senderRewriting, AliasDirectory directory, String authServId) {
        this.expansion = expansion;
        this.senderRewriting = senderRewriting;
        this.directory = directory;
        this.authServId = authServId;
    }

    public String authServId() {
        return authServId;
    }

    public MessageDecision decide(MessageFacts facts, LoopLimits limits) {
        if (limits.exceededBy(facts.forwards(), facts.received())) {
            SmtpStatus loop = SmtpStatus.of(554, "5.4.6", "mail loop: already forwarded " + facts.forwards() + " times by smtpy, "
                + facts.received() + " Received lines");
            return new MessageDecision(
                facts.recipients().stream().map(recipient -> MessageDecision.RecipientOutcome.refuse(recipient, loop, true))
                    .collect(Collectors.toList()),
                List.of(), Optional.of(loop.reply()));
        }
        List<MessageDecision.RecipientOutcome> outcomes = new ArrayList<>();
        // Recipients whose copies look alike (no fields or subject prefix of their own) are planned together, so
        // destinations shared between them get one copy; a rule that changes the copy gives its recipients their own.
        Map<Object, List<MailAddress>> groups = new LinkedHashMap<>();
        for (MailAddress recipient : facts.recipients()) {
            RecipientDirective directive = facts.directive(recipient);
            switch (directive.disposition()) {
                case DROP:
                    outcomes.add(MessageDecision.RecipientOutcome.withhold(recipient, MessageDecision.Action.DROP,
                        directive.decidedBy().orElse("a rule")));
                    break;
                case QUARANTINE:
                    outcomes.add(MessageDecision.RecipientOutcome.withhold(recipient, MessageDecision.Action.QUARANTINE,
                        directive.decidedBy().orElse("a rule")));
                    break;
                default:
                    groups.computeIfAbsent(directive.copyShape(), shape -> new ArrayList<>()).add(recipient);
            }
        }
        List<CopyPlan> copies = new ArrayList<>();
        List<ForwardingPlan.Refused> refusedAll = new ArrayList<>();
        for (List<MailAddress> group : groups.values()) {
            RecipientDirective shape = facts.directive(group.get(0));
            ForwardingPlan plan = expansion.plan(group, redirections(facts, group));
            for (ForwardingPlan.Forwarded forwarded : plan.forwarded()) {
                List<Destination> destinations = forwarded.destinations();
                outcomes.add(forwarded.resolution()
                    .map(resolution -> MessageDecision.RecipientOutcome.forward(forwarded.recipient(),
                        MatchedBy.forwarding(resolution).orElseThrow(), resolution.matched().orElse(""), destinations))
                    .orElseGet(() -> MessageDecision.RecipientOutcome.forward(forwarded.recipient(), MatchedBy.SRS_RETURN_ADDRESS,
                        destinations.get(0).asString(), destinations)));
            }
            for (ForwardingPlan.Dropped dropped : plan.dropped()) {
                outcomes.add(MessageDecision.RecipientOutcome.drop(dropped.recipient(), dropped.pattern()));
            }
            refusedAll.addAll(plan.refused());
            plan.routes().stream().map(route -> copy(facts, route, shape)).forEach(copies::add);
        }
        copies.addAll(archiveCopies(facts));
        for (ForwardingPlan.Refused refused : refusedAll) {
            outcomes.add(MessageDecision.RecipientOutcome.refuse(refused.recipient(), refused.status(), refused.loop()));
        }
        Optional<String> bounceReason = refusedAll.isEmpty() ? Optional.empty() : Optional.of(refusedAll.stream()
            .map(refused -> refused.recipient().asString() + ": " + refused.status().reply())
            .collect(Collectors.joining("\n")));
        return new MessageDecision(outcomes, copies, bounceReason);
    }

    /**
     * One copy per domain with an {@code archiveAddress}, for all of the mail's recipients of that domain (forwarded,
     * dropped or quarantined alike), with the original envelope in {@value #ENVELOPE_FIELD}.
     */
    private List<CopyPlan> archiveCopies(MessageFacts facts) {
        Map<DomainName, List<MailAddress>> byDomain = new LinkedHashMap<>();
        for (MailAddress recipient : facts.recipients()) {
            DomainName domain;
            try {
                domain = DomainName.of(recipient.getDomain().asString());
            } catch (IllegalArgumentException notADomainName) {
                continue;
            }
            byDomain.computeIfAbsent(domain, d -> new ArrayList<>()).add(recipient);
        }
        List<CopyPlan> copies = new ArrayList<>(0);
        byDomain.forEach((domain, recipients) -> directory.indexedDomain(domain)
            .filter(indexed -> indexed.archiveAddress().isPresent())
            .ifPresent(indexed -> {
                String aliases = recipients.stream().map(MailAddress::asString).collect(Collectors.joining(", "));
                List<HeaderField> fields = List.of(
                    new HeaderField(TRACE_FIELD, domain.asString() + " for " + aliases + " (archive)"),
                    new HeaderField(ENVELOPE_FIELD, "from=<" + facts.sender().asString("") + ">; to=" + aliases));
                ForwardedSignatures signatures = indexed.forwardedSignatures();
                copies.add(new CopyPlan(domain, recipients, envelopeSender(facts.sender(), domain),
                    List.of(indexed.archiveAddress().get().address()), fields,
                    signatures.arcSeal() && facts.authenticationResults().isPresent(), signatures.dkimSign(), false,
                    Optional.empty(), true));
            }));
        return copies;
    }

    private static Map<MailAddress, Redirection> redirections(MessageFacts facts, List<MailAddress> recipients) {
        Map<MailAddress, Redirection> redirections = new HashMap<>();
        for (MailAddress recipient : recipients) {
            RecipientDirective directive = facts.directive(recipient);
            Redirection redirection = new Redirection(directive.replacedDestinations().map(MessagePolicy::destinations),
                destinations(directive.addedDestinations()));
            if (!redirection.changesNothing()) {
                redirections.put(recipient, redirection);
            }
        }
        return redirections;
    }

    private static List<Destination> destinations(List<MailAddress> addresses) {
        return addresses.stream().map(address -> Destination.of(address.asString())).collect(Collectors.toList());
    }

    private CopyPlan copy(MessageFacts facts, ForwardingPlan.Route route, RecipientDirective shape) {
        List<HeaderField> fields = new ArrayList<>(2 + shape.addedFields().size());
        fields.add(new HeaderField(TRACE_FIELD, route.forwardingDomain().asString() + " for "
            + route.recipients().stream().map(MailAddress::asString).collect(Collectors.joining(", "))));
        facts.authenticationResults()
            .ifPresent(results -> fields.add(new HeaderField(AUTHENTICATION_RESULTS, authServId + "; " + results)));
        fields.addAll(shape.addedFields());
        ForwardedSignatures signatures = directory.indexedDomain(route.forwardingDomain())
            .map(Domain::forwardedSignatures)
            .orElse(ForwardedSignatures.ARC_AND_DKIM);
        return new CopyPlan(route.forwardingDomain(), route.recipients(), envelopeSender(facts.sender(), route),
            addresses(route.destinations()), fields, signatures.arcSeal() && facts.authenticationResults().isPresent(),
            signatures.dkimSign(), route.returnedMail(),
            shape.subjectPrefixes().isEmpty() ? Optional.empty() : Optional.of(String.join(" ", shape.subjectPrefixes())), false);
    }

    private MaybeSender envelopeSender(MaybeSender sender, ForwardingPlan.Route route) {
        return route.returnedMail() ? sender : envelopeSender(sender, route.forwardingDomain());
    }

    private MaybeSender envelopeSender(MaybeSender sender, DomainName forwardingDomain) {
        if (sender.isNullSender()) {
            return sender;
        }
        return MaybeSender.of(senderRewriting.forward(sender.get(), forwardingDomain));
    }

    private static List<MailAddress> addresses(Collection<Destination> destinations) {
        return destinations.stream().map(Destination::address).collect(Collectors.toList());
    }
}

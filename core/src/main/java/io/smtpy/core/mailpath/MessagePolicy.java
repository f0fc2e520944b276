package io.smtpy.core.mailpath;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.forwarding.ForwardingPlan;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.ForwardedSignatures;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.core.srs.SenderRewriting;

/**
 * Decides what happens to a received mail's smtpy recipients after DATA ({@link MessageDecision}).
 *
 * <p>A mail that has looped too far ({@link LoopLimits}) is bounced as a loop for every recipient ({@code 554 5.4.6})
 * and not forwarded. Otherwise the recipients are expanded ({@link AliasExpansion}: aliases followed in memory,
 * alias loops found there, destinations de-duplicated) and each forwarding domain gets one {@link CopyPlan}:
 * <ul>
 *   <li>envelope sender: the sender rewritten with SRS on the forwarding domain; the null sender stays null and
 *       returned mail (to an SRS address) keeps its sender;</li>
 *   <li>fields in front: the trace field {@value #TRACE_FIELD} ({@code <domain> for <aliases>}) and, when the
 *       inbound checks ran, {@code Authentication-Results} under this host's authserv-id;</li>
 *   <li>signatures: the forwarding domain's {@code forwardedSignatures} (read from the in-memory index), an ARC set
 *       only for a mail that was checked (the set carries the verdicts).</li>
 * </ul>
 */
public class MessagePolicy {
    public static final String TRACE_FIELD = "X-Smtpy-Forwarded";
    public static final String AUTHENTICATION_RESULTS = "Authentication-Results";

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
        ForwardingPlan plan = expansion.plan(facts.recipients());
        List<MessageDecision.RecipientOutcome> outcomes = new ArrayList<>();
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
        for (ForwardingPlan.Refused refused : plan.refused()) {
            outcomes.add(MessageDecision.RecipientOutcome.refuse(refused.recipient(), refused.status(), refused.loop()));
        }
        List<CopyPlan> copies = plan.routes().stream().map(route -> copy(facts, route)).collect(Collectors.toList());
        Optional<String> bounceReason = plan.refused().isEmpty() ? Optional.empty() : Optional.of(plan.refused().stream()
            .map(refused -> refused.recipient().asString() + ": " + refused.status().reply())
            .collect(Collectors.joining("\n")));
        return new MessageDecision(outcomes, copies, bounceReason);
    }

    private CopyPlan copy(MessageFacts facts, ForwardingPlan.Route route) {
        List<HeaderField> fields = new ArrayList<>(2);
        fields.add(new HeaderField(TRACE_FIELD, route.forwardingDomain().asString() + " for "
            + route.recipients().stream().map(MailAddress::asString).collect(Collectors.joining(", "))));
        facts.authenticationResults()
            .ifPresent(results -> fields.add(new HeaderField(AUTHENTICATION_RESULTS, authServId + "; " + results)));
        ForwardedSignatures signatures = directory.indexedDomain(route.forwardingDomain())
            .map(Domain::forwardedSignatures)
            .orElse(ForwardedSignatures.ARC_AND_DKIM);
        return new CopyPlan(route.forwardingDomain(), route.recipients(), envelopeSender(facts.sender(), route),
            addresses(route.destinations()), fields, signatures.arcSeal() && facts.authenticationResults().isPresent(),
            signatures.dkimSign(), route.returnedMail());
    }

    private MaybeSender envelopeSender(MaybeSender sender, ForwardingPlan.Route route) {
        if (sender.isNullSender() || route.returnedMail()) {
            return sender;
        }
        return MaybeSender.of(senderRewriting.forward(sender.get(), route.forwardingDomain()));
    }

    private static List<MailAddress> addresses(Collection<Destination> destinations) {
        return destinations.stream().map(Destination::address).collect(Collectors.toList());
    }
}

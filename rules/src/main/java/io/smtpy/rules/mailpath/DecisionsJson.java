package io.smtpy.rules.mailpath;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.core.mailpath.HeaderField;
import io.smtpy.core.mailpath.RecipientDirective;

/**
 * The decisions taken at the end of DATA, written into a mail attribute so the forwarding carries them out without
 * evaluating (and counting) the lists and rules a second time. Refusals are not carried: they were answered in SMTP.
 */
public final class DecisionsJson {
    /** The mail attribute that carries them. */
    public static final String ATTRIBUTE = "io.smtpy.rules.decisions";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DecisionsJson() {
    }

    /** What most mails carry: lists and rules evaluated, nothing decided. */
    private static final String NOTHING = "[]";

    public static String write(Map<MailAddress, RecipientDecision> decisions) {
        if (decisions.isEmpty()) {
            return NOTHING;
        }
        ArrayNode all = MAPPER.createArrayNode();
        decisions.values().stream().filter(decision -> decision.refusal().isEmpty()).forEach(decision -> {
            RecipientDirective directive = decision.directive();
            ObjectNode node = all.addObject();
            node.put("recipient", decision.recipient().asString());
            node.put("disposition", directive.disposition().name());
            directive.decidedBy().ifPresent(by -> node.put("decidedBy", by));
            directive.replacedDestinations().ifPresent(to -> addresses(node.putArray("replaced"), to));
            addresses(node.putArray("added"), directive.addedDestinations());
            ArrayNode fields = node.putArray("fields");
            directive.addedFields().forEach(field -> fields.addArray().add(field.name()).add(field.value()));
            ArrayNode prefixes = node.putArray("prefixes");
            directive.subjectPrefixes().forEach(prefixes::add);
            ArrayNode posts = node.putArray("posts");
            decision.posts().forEach(post -> posts.addObject().put("url", post.url()).put("format", post.format()).put("rule", post.rule()));
        });
        return all.toString();
    }

    /** @throws IllegalArgumentException when the text is not what {@link #write} writes */
    public static Map<MailAddress, RecipientDecision> read(String json) {
        if (NOTHING.equals(json)) {
            return Map.of();
        }
        try {
            Map<MailAddress, RecipientDecision> decisions = new LinkedHashMap<>();
            for (JsonNode node : MAPPER.readTree(json)) {
                MailAddress recipient = new MailAddress(node.get("recipient").asText());
                RecipientDirective.Disposition disposition = RecipientDirective.Disposition.valueOf(node.get("disposition").asText());
                Optional<String> decidedBy = Optional.ofNullable(node.get("decidedBy")).map(JsonNode::asText);
                RecipientDirective directive;
                if (disposition == RecipientDirective.Disposition.DELIVER) {
                    List<HeaderField> fields = new ArrayList<>();
                    node.get("fields").forEach(field -> fields.add(new HeaderField(field.get(0).asText(), field.get(1).asText())));
                    List<String> prefixes = new ArrayList<>();
                    node.get("prefixes").forEach(prefix -> prefixes.add(prefix.asText()));
                    Optional<List<MailAddress>> replaced = node.has("replaced") ? Optional.of(addresses(node.get("replaced"))) : Optional.empty();
                    boolean unchanged = decidedBy.isEmpty() && replaced.isEmpty() && node.get("added").isEmpty() && fields.isEmpty()
                        && prefixes.isEmpty();
                    directive = unchanged ? RecipientDirective.UNCHANGED
                        : RecipientDirective.deliver(decidedBy, replaced, addresses(node.get("added")), fields, prefixes);
                } else {
                    directive = RecipientDirective.withhold(disposition, decidedBy.orElse("a rule"));
                }
                List<RecipientDecision.Post> posts = new ArrayList<>();
                node.get("posts").forEach(post -> posts.add(new RecipientDecision.Post(post.get("url").asText(),
                    post.get("format").asText(), post.get("rule").asText())));
                decisions.put(recipient, new RecipientDecision(recipient, Optional.empty(), directive, posts));
            }
            return decisions;
        } catch (JsonProcessingException | AddressException | RuntimeException e) {
            throw new IllegalArgumentException("not a decisions attribute: " + e.getMessage(), e);
        }
    }

    private static void addresses(ArrayNode into, List<MailAddress> addresses) {
        addresses.forEach(address -> into.add(address.asString()));
    }

    private static List<MailAddress> addresses(JsonNode node) {
        List<MailAddress> addresses = new ArrayList<>();
        for (JsonNode address : node) {
            try {
                addresses.add(new MailAddress(address.asText()));
            } catch (AddressException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return addresses;
    }
}

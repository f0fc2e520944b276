package io.smtpy.rules;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.core.model.InvalidFieldException;

/**
 * The JSON form of a rule list, the contract of the REST API and of stored lists:
 * <pre>
 * {"timeZone": "Europe/Paris", "rules": [
 *   {"name": "invoices", "enabled": true,
 *    "conditions": {"all": [{"field": "subject", "op": "contains", "value": "invoice"},
 *                           {"not": {"field": "from", "op": "endsWith", "value": "@example.com"}}]},
 *    "actions": [{"type": "forward", "to": ["accounting@example.org"]}, {"type": "stop"}]}]}
 * </pre>
 * Reading refuses anything else with an {@link InvalidFieldException} naming the JSON path of the first problem
 * ({@code rules[2].conditions.all[0].op}); it never fails otherwise, whatever the input.
 */
public final class RuleJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Deeper than any valid document (groups nest at most a few levels): refused before walking further. */
    private static final int MAX_JSON_DEPTH = 2 * RuleLimits.lenient().depth() + 8;
    private static final Set<String> DOCUMENT_KEYS = Set.of("timeZone", "rules");
    /** {@code hits} is what {@link #write} adds: a list read back from the API may carry it, and it is ignored. */
    private static final Set<String> RULE_KEYS = Set.of("name", "enabled", "conditions", "actions", "hits");
    private static final Set<String> LEAF_KEYS = Set.of("field", "op", "value", "caseSensitive");

    private RuleJson() {
    }

    /**
     * @throws InvalidFieldException on malformed JSON (field {@code rules}) or an invalid list (the JSON path)
     */
    public static RuleSet read(String json, RuleLimits limits) {
        if (json == null || json.isBlank()) {
            throw new InvalidFieldException("rules", "a JSON document is expected");
        }
        if (json.length() > limits.documentBytes()
            || (json.length() * 3L > limits.documentBytes() && json.getBytes(StandardCharsets.UTF_8).length > limits.documentBytes())) {
            throw new InvalidFieldException("rules", "the document exceeds " + limits.documentBytes() + " bytes");
        }
        JsonNode document;
        try {
            document = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidFieldException("rules", "malformed JSON: " + e.getOriginalMessage());
        }
        return read(document, limits);
    }

    /**
     * @throws InvalidFieldException naming the JSON path of the first problem
     */
    public static RuleSet read(JsonNode document, RuleLimits limits) {
        if (document == null || !document.isObject()) {
            throw new InvalidFieldException("rules", "a JSON object {\"rules\": [...]} is expected");
        }
        long size = measure(document, 0, limits.documentBytes());
        if (size > limits.documentBytes()) {
            throw new InvalidFieldException("rules", "the document exceeds " + limits.documentBytes() + " bytes");
        }
        onlyKeys(document, DOCUMENT_KEYS, "");
        ZoneId zone = ZoneOffset.UTC;
        JsonNode timeZone = document.get("timeZone");
        if (timeZone != null && !timeZone.isNull()) {
            try {
                zone = ZoneId.of(text(timeZone, "timeZone"));
            } catch (DateTimeException e) {
                throw new InvalidFieldException("timeZone", "not a time zone: use a region such as Europe/Paris, or UTC");
            }
        }
        JsonNode rules = document.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new InvalidFieldException("rules", "a list of rules is expected");
        }
        if (rules.size() > limits.rules()) {
            throw new InvalidFieldException("rules", "at most " + limits.rules() + " rules per list, not " + rules.size());
        }
        List<Rule> read = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            read.add(rule(rules.get(i), "rules[" + i + "]", limits));
        }
        RuleSet set = new RuleSet(zone, read);
        CompiledRules.compile(set, limits);
        return set;
    }

    /**
     * The JSON form of {@code set}; each rule named in {@code hitsByName} gets {@code "hits": {"count", "lastHit"}}.
     * {@link #read} gives back an equal list.
     */
    public static ObjectNode write(RuleSet set, Map<String, RuleHits> hitsByName) {
        ObjectNode document = NODES.objectNode();
        document.put("timeZone", set.timeZone().equals(ZoneOffset.UTC) ? "UTC" : set.timeZone().getId());
        ArrayNode rules = document.putArray("rules");
        for (Rule rule : set.rules()) {
            ObjectNode node = rules.addObject();
            node.put("name", rule.name());
            node.put("enabled", rule.enabled());
            node.set("conditions", condition(rule.conditions()));
            ArrayNode actions = node.putArray("actions");
            rule.actions().forEach(action -> actions.add(action(action)));
            RuleHits hits = hitsByName.get(rule.name());
            if (hits != null) {
                ObjectNode hitsNode = node.putObject("hits");
                hitsNode.put("count", hits.count());
                hits.lastHit().ifPresent(at -> hitsNode.put("lastHit", at.toString()));
            }
        }
        return document;
    }

    // ---------------------------------------------------------------- reading

    private static Rule rule(JsonNode node, String path, RuleLimits limits) {
        object(node, path);
        onlyKeys(node, RULE_KEYS, path + ".");
        String name = text(required(node, "name", path), path + ".name");
        boolean enabled = true;
        JsonNode enabledNode = node.get("enabled");
        if (enabledNode != null && !enabledNode.isNull()) {
            if (!enabledNode.isBoolean()) {
                throw new InvalidFieldException(path + ".enabled", "true or false");
            }
            enabled = enabledNode.booleanValue();
        }
        JsonNode conditionsNode = required(node, "conditions", path);
        Condition conditions = condition(conditionsNode, path + ".conditions", 1, limits);
        if (!(conditions instanceof Condition.Group)) {
            throw new InvalidFieldException(path + ".conditions", "a group {\"all\": [...]}, {\"any\": [...]} or {\"not\": ...}");
        }
        JsonNode actionsNode = required(node, "actions", path);
        if (!actionsNode.isArray()) {
            throw new InvalidFieldException(path + ".actions", "a list of actions is expected");
        }
        if (actionsNode.size() > limits.actionsPerRule()) {
            throw new InvalidFieldException(path + ".actions", "at most " + limits.actionsPerRule() + " actions per rule, not "
                + actionsNode.size());
        }
        List<RuleAction> actions = new ArrayList<>(actionsNode.size());
        for (int i = 0; i < actionsNode.size(); i++) {
            actions.add(action(actionsNode.get(i), path + ".actions[" + i + "]"));
        }
        return new Rule(name, enabled, (Condition.Group) conditions, actions);
    }

    private static Condition condition(JsonNode node, String path, int depth, RuleLimits limits) {
        object(node, path);
        if (node.has("field")) {
            onlyKeys(node, LEAF_KEYS, path + ".");
            return leaf(node, path);
        }
        if (node.size() != 1) {
            throw new InvalidFieldException(path, "a condition {\"field\", \"op\", \"value\"} or a group with exactly one of"
                + " \"all\", \"any\", \"not\"");
        }
        if (depth > limits.depth()) {
            throw new InvalidFieldException(path, "condition groups nest at most " + limits.depth() + " deep");
        }
        Map.Entry<String, JsonNode> group = node.fields().next();
        String kind = group.getKey();
        String groupPath = path + "." + kind;
        switch (kind) {
            case "all":
            case "any":
                if (!group.getValue().isArray()) {
                    throw new InvalidFieldException(groupPath, "a list of conditions is expected");
                }
                if (group.getValue().size() > limits.conditionsPerRule()) {
                    throw new InvalidFieldException(groupPath, "at most " + limits.conditionsPerRule() + " conditions per rule");
                }
                List<Condition> children = new ArrayList<>(group.getValue().size());
                for (int i = 0; i < group.getValue().size(); i++) {
                    children.add(condition(group.getValue().get(i), groupPath + "[" + i + "]", depth + 1, limits));
                }
                return kind.equals("all") ? Condition.all(children) : Condition.any(children);
            case "not":
                return Condition.not(condition(group.getValue(), groupPath, depth + 1, limits));
            default:
                throw new InvalidFieldException(groupPath, "unknown condition group: one of \"all\", \"any\", \"not\"");
        }
    }

    private static Condition.Leaf leaf(JsonNode node, String path) {
        String field = text(node.get("field"), path + ".field");
        String opName = text(required(node, "op", path), path + ".op");
        Condition.Operator operator = Condition.Operator.ofJson(opName).orElseThrow(() -> new InvalidFieldException(path + ".op",
            "unknown operator '" + opName + "'; one of equals, contains, startsWith, endsWith, glob, matches, exists, gt, lt,"
                + " gte, lte, in"));
        JsonNode valueNode = node.get("value");
        String value;
        if (valueNode == null || valueNode.isNull()) {
            if (operator != Condition.Operator.EXISTS) {
                throw new InvalidFieldException(path + ".value", "a value is expected");
            }
            value = "";
        } else if (valueNode.isTextual()) {
            value = valueNode.textValue();
        } else if (valueNode.isIntegralNumber() && valueNode.canConvertToLong()) {
            value = Long.toString(valueNode.longValue());
        } else {
            throw new InvalidFieldException(path + ".value", "a string (or a whole number) is expected");
        }
        boolean caseSensitive = false;
        JsonNode caseNode = node.get("caseSensitive");
        if (caseNode != null && !caseNode.isNull()) {
            if (!caseNode.isBoolean()) {
                throw new InvalidFieldException(path + ".caseSensitive", "true or false");
            }
            caseSensitive = caseNode.booleanValue();
        }
        return Condition.of(field, operator, value, caseSensitive);
    }

    private static RuleAction action(JsonNode node, String path) {
        object(node, path);
        String typeName = text(required(node, "type", path), path + ".type");
        RuleAction.Type type = RuleAction.Type.ofJson(typeName).orElseThrow(() -> new InvalidFieldException(path + ".type",
            "unknown action '" + typeName + "'; one of forward, alsoForward, post, drop, reject, quarantine, addHeader,"
                + " prefixSubject, stop"));
        switch (type) {
            case FORWARD:
            case ALSO_FORWARD:
                onlyKeys(node, Set.of("type", "to"), path + ".");
                List<MailAddress> to = addresses(required(node, "to", path), path + ".to");
                return type == RuleAction.Type.FORWARD ? RuleAction.forward(to) : RuleAction.alsoForward(to);
            case POST:
                onlyKeys(node, Set.of("type", "url", "format"), path + ".");
                String url = text(required(node, "url", path), path + ".url");
                RuleAction.PostFormat format = RuleAction.PostFormat.RAW;
                JsonNode formatNode = node.get("format");
                if (formatNode != null && !formatNode.isNull()) {
                    String formatName = text(formatNode, path + ".format");
                    format = RuleAction.PostFormat.ofJson(formatName)
                        .orElseThrow(() -> new InvalidFieldException(path + ".format", "\"raw\" or \"json\""));
                }
                return RuleAction.post(url, format);
            case REJECT:
                onlyKeys(node, Set.of("type", "text"), path + ".");
                JsonNode text = node.get("text");
                return text == null || text.isNull() ? RuleAction.reject() : RuleAction.reject(text(text, path + ".text"));
            case ADD_HEADER:
                onlyKeys(node, Set.of("type", "name", "value"), path + ".");
                return RuleAction.addHeader(text(required(node, "name", path), path + ".name"),
                    text(required(node, "value", path), path + ".value"));
            case PREFIX_SUBJECT:
                onlyKeys(node, Set.of("type", "prefix"), path + ".");
                return RuleAction.prefixSubject(text(required(node, "prefix", path), path + ".prefix"));
            case DROP:
                onlyKeys(node, Set.of("type"), path + ".");
                return RuleAction.drop();
            case QUARANTINE:
                onlyKeys(node, Set.of("type"), path + ".");
                return RuleAction.quarantine();
            default:
                onlyKeys(node, Set.of("type"), path + ".");
                return RuleAction.stop();
        }
    }

    private static List<MailAddress> addresses(JsonNode node, String path) {
        if (!node.isArray()) {
            throw new InvalidFieldException(path, "a list of addresses is expected");
        }
        List<MailAddress> addresses = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String address = text(node.get(i), path + "[" + i + "]");
            try {
                addresses.add(new MailAddress(address));
            } catch (AddressException | RuntimeException e) {
                throw new InvalidFieldException(path + "[" + i + "]", "not an e-mail address");
            }
        }
        return addresses;
    }

    private static void object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new InvalidFieldException(path, "an object is expected");
        }
    }

    private static JsonNode required(JsonNode node, String key, String path) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new InvalidFieldException(path + "." + key, "required");
        }
        return value;
    }

    private static String text(JsonNode node, String path) {
        if (node == null || !node.isTextual()) {
            throw new InvalidFieldException(path, "a string is expected");
        }
        return node.textValue();
    }

    private static void onlyKeys(JsonNode node, Set<String> allowed, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InvalidFieldException(prefix + shorten(name), "unknown property");
            }
        }
    }

    private static String shorten(String name) {
        return name.length() > 50 ? name.substring(0, 50) + "..." : name;
    }

    /**
     * About the size of the serialised document, walking at most until {@code max} is passed; refuses nesting deeper
     * than any valid document before it could exhaust the stack.
     */
    private static long measure(JsonNode node, int depth, long max) {
        if (depth > MAX_JSON_DEPTH) {
            throw new InvalidFieldException("rules", "the document nests too deeply");
        }
        if (node.isTextual()) {
            return node.textValue().length() + 2L;
        }
        if (!node.isContainerNode()) {
            return node.asText().length();
        }
        long size = 2;
        Iterator<Map.Entry<String, JsonNode>> fields = node.isObject() ? node.fields() : null;
        Iterator<JsonNode> elements = node.isArray() ? node.elements() : null;
        while (size <= max && (fields != null ? fields.hasNext() : elements.hasNext())) {
            if (fields != null) {
                Map.Entry<String, JsonNode> field = fields.next();
                size += field.getKey().length() + 4L + measure(field.getValue(), depth + 1, max - size);
            } else {
                size += 1 + measure(elements.next(), depth + 1, max - size);
            }
        }
        return size;
    }

    // ---------------------------------------------------------------- writing

    private static ObjectNode condition(Condition condition) {
        ObjectNode node = NODES.objectNode();
        if (condition instanceof Condition.Leaf) {
            Condition.Leaf leaf = (Condition.Leaf) condition;
            node.put("field", leaf.field());
            node.put("op", leaf.operator().json());
            if (!(leaf.operator() == Condition.Operator.EXISTS && leaf.value().isEmpty())) {
                node.put("value", leaf.value());
            }
            if (leaf.caseSensitive()) {
                node.put("caseSensitive", true);
            }
            return node;
        }
        Condition.Group group = (Condition.Group) condition;
        if (group.kind() == Condition.Group.Kind.NOT) {
            node.set("not", condition(group.conditions().get(0)));
        } else {
            ArrayNode children = node.putArray(group.kind().json());
            group.conditions().forEach(child -> children.add(condition(child)));
        }
        return node;
    }

    private static ObjectNode action(RuleAction action) {
        ObjectNode node = NODES.objectNode();
        node.put("type", action.type().json());
        switch (action.type()) {
            case FORWARD:
            case ALSO_FORWARD:
                ArrayNode to = node.putArray("to");
                action.to().forEach(address -> to.add(address.asString()));
                break;
            case POST:
                node.put("url", action.url().get());
                node.put("format", action.format().get().json());
                break;
            case REJECT:
                action.rejectText().ifPresent(text -> node.put("text", text));
                break;
            case ADD_HEADER:
                node.put("name", action.headerName().get());
                node.put("value", action.headerValue().get());
                break;
            case PREFIX_SUBJECT:
                node.put("prefix", action.prefix().get());
                break;
            default:
        }
        return node;
    }
}

package io.smtpy.rules;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import com.google.common.collect.ImmutableList;

/**
 * What a matching rule does, one of {@link Type}. Only the parameters of its type are set; the others are empty.
 * Values are checked when a rule list is compiled ({@link RuleJson#read}, {@link RuleBook#put}).
 */
public final class RuleAction {
    /** The action types, by their JSON name. */
    public enum Type {
        /** Replaces the recipient's destinations (the last {@code forward} wins). */
        FORWARD("forward"),
        /** Adds destinations (accumulated, without duplicates). */
        ALSO_FORWARD("alsoForward"),
        /** Sends the message to a URL (carried out by the post executor). */
        POST("post"),
        DROP("drop"),
        REJECT("reject"),
        QUARANTINE("quarantine"),
        ADD_HEADER("addHeader"),
        PREFIX_SUBJECT("prefixSubject"),
        /** Ends evaluation: no later rule runs, of this list nor of the alias's. */
        STOP("stop");

        private final String json;

        Type(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        public static Optional<Type> ofJson(String name) {
            for (Type type : values()) {
                if (type.json.equals(name)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    /** How a {@code post} action sends the message: as it is, or as a JSON summary. */
    public enum PostFormat {
        RAW("raw"), JSON("json");

        private final String json;

        PostFormat(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        public static Optional<PostFormat> ofJson(String name) {
            for (PostFormat format : values()) {
                if (format.json.equals(name)) {
                    return Optional.of(format);
                }
            }
            return Optional.empty();
        }
    }

    private final Type type;
    private final List<MailAddress> to;
    private final String url;
    private final PostFormat format;
    private final String text;

    private final String name;
    private final String value;

    private RuleAction(Type type, List<MailAddress> to, String url, PostFormat format, String text, String name, String value) {
        this.type = type;
        this.to = ImmutableList.copyOf(to);
        this.url = url;
        this.format = format;
        this.text = text;
        this.name = name;
        this.value = value;
    }

    private static RuleAction simple(Type type) {
        return new RuleAction(type, List.of(), null, null, null, null, null);
    }

    public static RuleAction forward(List<MailAddress> to) {
        return new RuleAction(Type.FORWARD, to, null, null, null, null, null);
    }

    public static RuleAction alsoForward(List<MailAddress> to) {
        return new RuleAction(Type.ALSO_FORWARD, to, null, null, null, null, null);
    }

    public static RuleAction post(String url, PostFormat format) {
        return new RuleAction(Type.POST, List.of(), Objects.requireNonNull(url), Objects.requireNonNull(format), null, null, null);
    }

    public static RuleAction drop() {
        return simple(Type.DROP);
    }

    /** Rejects with the default text. */
    public static RuleAction reject() {
        return simple(Type.REJECT);
    }

    public static RuleAction reject(String text) {
        return new RuleAction(Type.REJECT, List.of(), null, null, Objects.requireNonNull(text), null, null);
    }

    public static RuleAction quarantine() {
        return simple(Type.QUARANTINE);
    }

    public static RuleAction addHeader(String name, String value) {
        return new RuleAction(Type.ADD_HEADER, List.of(), null, null, null, Objects.requireNonNull(name), Objects.requireNonNull(value));
    }

    public static RuleAction prefixSubject(String prefix) {
        return new RuleAction(Type.PREFIX_SUBJECT, List.of(), null, null, Objects.requireNonNull(prefix), null, null);
    }

    public static RuleAction stop() {
        return simple(Type.STOP);
    }

    public Type type() {
        return type;
    }

    /** The addresses of {@code forward} and {@code alsoForward}; empty for the others. */
    public List<MailAddress> to() {
        return to;
    }

    public Optional<String> url() {
        return Optional.ofNullable(url);
    }

    public Optional<PostFormat> format() {
        return Optional.ofNullable(format);
    }

    /** The owner's text of a {@code reject}, if given. */
    public Optional<String> rejectText() {
        return type == Type.REJECT ? Optional.ofNullable(text) : Optional.empty();
    }

    public Optional<String> headerName() {
        return Optional.ofNullable(name);
    }

    public Optional<String> headerValue() {
        return Optional.ofNullable(value);
    }

    public Optional<String> prefix() {
        return type == Type.PREFIX_SUBJECT ? Optional.of(text) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RuleAction)) {
            return false;
        }
        RuleAction other = (RuleAction) o;
        return type == other.type && to.equals(other.to) && Objects.equals(url, other.url) && format == other.format
            && Objects.equals(text, other.text) && Objects.equals(name, other.name) && Objects.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, to, url, format, text, name, value);
    }

    /** As the trace shows it: {@code forward to a@x.org, b@y.org}, {@code addHeader X-Tag: "v"}... */
    @Override
    public String toString() {
        switch (type) {
            case FORWARD:
            case ALSO_FORWARD:
                return type.json + " to " + String.join(", ", to.stream().map(MailAddress::asString).toArray(String[]::new));
            case POST:
                return "post " + format.json + " to " + url;
            case REJECT:
                return text == null ? "reject" : "reject \"" + text + "\"";
            case ADD_HEADER:
                return "addHeader " + name + ": \"" + value + "\"";
            case PREFIX_SUBJECT:
                return "prefixSubject \"" + text + "\"";
            default:
                return type.json;
        }
    }
}

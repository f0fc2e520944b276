package io.smtpy.rules;

import java.util.Objects;

/** A {@code post} action to carry out: where, in which format, and which rule asked for it. */
public final class PostRequest {
    private final String url;
    private final RuleAction.PostFormat format;
    private final RuleRef rule;

    public PostRequest(String url, RuleAction.PostFormat format, RuleRef rule) {
        this.url = Objects.requireNonNull(url);
        this.format = Objects.requireNonNull(format);
        this.rule = Objects.requireNonNull(rule);
    }

    public String url() {
        return url;
    }

    public RuleAction.PostFormat format() {
        return format;
    }

    public RuleRef rule() {
        return rule;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PostRequest)) {
            return false;
        }
        PostRequest other = (PostRequest) o;
        return url.equals(other.url) && format == other.format && rule.equals(other.rule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, format, rule);
    }

    @Override
    public String toString() {
        return "post " + format.json() + " to " + url + " (" + rule.asString() + ")";
    }
}

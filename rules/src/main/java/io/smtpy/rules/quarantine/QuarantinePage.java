package io.smtpy.rules.quarantine;

import java.util.List;

import com.google.common.collect.ImmutableList;

/** One page of a quarantine listing, newest first, and how many mails pass the query's filters in all. */
public final class QuarantinePage {
    private final List<QuarantinedMail> items;
    private final long total;

    public QuarantinePage(List<QuarantinedMail> items, long total) {
        this.items = ImmutableList.copyOf(items);
        this.total = total;
    }

    public List<QuarantinedMail> items() {
        return items;
    }

    public long total() {
        return total;
    }
}

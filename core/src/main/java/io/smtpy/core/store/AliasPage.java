package io.smtpy.core.store;

import java.util.List;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.Alias;

/** One page of a listing, with the number of aliases that pass the filters in all pages. */
public final class AliasPage {
    private final List<Alias> aliases;
    private final long total;

    public AliasPage(List<Alias> aliases, long total) {
        this.aliases = ImmutableList.copyOf(aliases);
        this.total = total;
    }

    public List<Alias> aliases() {
        return aliases;
    }

    public long total() {
        return total;
    }
}

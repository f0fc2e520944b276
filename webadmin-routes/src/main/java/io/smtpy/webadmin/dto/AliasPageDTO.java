package io.smtpy.webadmin.dto;

import java.util.List;

/** One page of aliases with the total that match the filters. */
public class AliasPageDTO {
    public final long total;
    public final int offset;
    public final int limit;
    public final List<AliasDTO> aliases;

    public AliasPageDTO(long total, int offset, int limit, List<AliasDTO> aliases) {
        this.total = total;
        this.offset = offset;
        this.limit = limit;
        this.aliases = aliases;
    }
}

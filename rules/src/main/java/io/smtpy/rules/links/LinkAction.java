package io.smtpy.rules.links;

/** What following a link does. The codes are written into tokens: never renumber them. */
public enum LinkAction {
    /** Block the token's sender for the token's alias. */
    BLOCK_SENDER(1),
    /** Disable the token's alias: it stops forwarding anything. */
    DISABLE_ALIAS(2);

    private final int code;

    LinkAction(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    static LinkAction ofCode(int code) {
        for (LinkAction action : values()) {
            if (action.code == code) {
                return action;
            }
        }
        throw new IllegalArgumentException("no link action has code " + code);
    }
}

package io.smtpy.rules;

/**
 * What the rules decided for the mail as a whole, weakest first. When several matched rules set one, the strongest
 * wins: reject, then quarantine, then drop, then deliver.
 */
public enum Disposition {
    DELIVER, DROP, QUARANTINE, REJECT;

    boolean strongerThan(Disposition other) {
        return compareTo(other) > 0;
    }
}

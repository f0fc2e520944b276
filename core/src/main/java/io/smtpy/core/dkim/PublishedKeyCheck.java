package io.smtpy.core.dkim;

/**
 * Asks DNS whether a key's record is visible: {@link DkimKeyRotation} activates a pending key only when this says
 * yes, so no mail is ever signed with a key verifiers cannot find. The DNS adapter comes with later work.
 */
public interface PublishedKeyCheck {

    /**
     * @return true when a TXT lookup of {@link DkimKey#recordName()} returns a DKIM record whose {@code p=} is this
     *     key's public key; false when the name is missing, carries another key, or the lookup fails
     */
    boolean isPublished(DkimKey key);
}

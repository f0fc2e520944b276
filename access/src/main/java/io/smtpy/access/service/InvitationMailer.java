package io.smtpy.access.service;

import io.smtpy.access.Account;
import io.smtpy.access.Invitation;

/** Sends an invitation's mail (with its single-use token) through smtpy's outbound path. */
public interface InvitationMailer {
    void send(Invitation invitation, Account account, String token);
}

package io.smtpy.access.service;

import io.smtpy.access.Account;
import io.smtpy.access.Invitation;
import io.smtpy.access.Member;

/** Sends the access mails through smtpy's outbound path, each with its single-use token. */
public interface AccessMailer {
    void invitation(Invitation invitation, Account account, String token);

    /** To a member added with a password: proves the address is theirs. */
    void emailVerification(Member member, String token);

    /** To a member who asked to reset a forgotten password. */
    void passwordReset(Member member, String token);
}

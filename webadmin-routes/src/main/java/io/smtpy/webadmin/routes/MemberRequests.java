package io.smtpy.webadmin.routes;

import java.util.List;

import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.service.AccessDeniedException;
import io.smtpy.access.store.AccessStores;
import io.smtpy.webadmin.guard.RequestContext;
import spark.Request;

/** What the routes of the calling member's own things ({@code /smtpy/me/...}, sessions) share. */
final class MemberRequests {
    private MemberRequests() {
    }

    /**
     * The calling member.
     *
     * @param what what only a member has, for the 403 of a key or the operator
     */
    static Member member(Request request, String what) {
        return RequestContext.of(request).principal().asMember()
            .orElseThrow(() -> AccessDeniedException.forbidden("only a member's session has " + what));
    }

    /** A member's own changes concern every account they are in; the first one keeps the record. */
    static void auditInMemberAccounts(AccessStores stores, Request request, Member member) {
        RequestContext context = RequestContext.of(request);
        List<Membership> memberships = stores.members().membershipsOfMember(member.id());
        if (memberships.isEmpty()) {
            context.notAudited();
        } else {
            context.auditIn(memberships.get(0).account());
            if (context.auditTargetOverride().isEmpty()) {
                context.auditTarget("members/" + member.id());
            }
        }
    }
}

package io.smtpy.webadmin.guard;

import java.util.Optional;

import io.smtpy.access.Permission;

/**
 * What a route declares about its callers: nobody needs credentials ({@link #open}, for login and invitation
 * tokens), any principal ({@link #anyPrincipal}), the operator only ({@link #operator}), or a permission in a
 * scope: the domain named in the path ({@link #onDomain}), a domain being created ({@link #onNewDomain}), the account named in the path ({@link #onAccount}), a
 * task an smtpy route started ({@link #onTask}), or any account the principal is in ({@link #inAnyAccount}; the
 * route then shows only what the principal reaches).
 */
public final class Access {
    public enum Kind {
        OPEN, ANY_PRINCIPAL, OPERATOR, PERMISSION
    }

    public enum Scope {
        NONE, DOMAIN, NEW_DOMAIN, ACCOUNT, TASK, ANY_ACCOUNT
    }

    private final Kind kind;
    private final Scope scope;
    private final Optional<Permission> permission;

    private Access(Kind kind, Scope scope, Optional<Permission> permission) {
        this.kind = kind;
        this.scope = scope;
        this.permission = permission;
    }

    public static Access open() {
        return new Access(Kind.OPEN, Scope.NONE, Optional.empty());
    }

    public static Access anyPrincipal() {
        return new Access(Kind.ANY_PRINCIPAL, Scope.NONE, Optional.empty());
    }

    public static Access operator() {
        return new Access(Kind.OPERATOR, Scope.NONE, Optional.empty());
    }

    public static Access onDomain(Permission permission) {
        return new Access(Kind.PERMISSION, Scope.DOMAIN, Optional.of(permission));
    }

    /** Creating the path's domain: the permission in the account that will own it ({@code ?account=} or the caller's only one). */
    public static Access onNewDomain(Permission permission) {
        return new Access(Kind.PERMISSION, Scope.NEW_DOMAIN, Optional.of(permission));
    }

    public static Access onAccount(Permission permission) {
        return new Access(Kind.PERMISSION, Scope.ACCOUNT, Optional.of(permission));
    }

    public static Access onTask(Permission permission) {
        return new Access(Kind.PERMISSION, Scope.TASK, Optional.of(permission));
    }

    public static Access inAnyAccount(Permission permission) {
        return new Access(Kind.PERMISSION, Scope.ANY_ACCOUNT, Optional.of(permission));
    }

    public Kind kind() {
        return kind;
    }

    public Scope scope() {
        return scope;
    }

    public Optional<Permission> permission() {
        return permission;
    }

    /** How the OpenAPI document and the docs name it: {@code domains:write on the path's domain}. */
    public String describe() {
        switch (kind) {
            case OPEN:
                return "no credentials";
            case ANY_PRINCIPAL:
                return "any principal";
            case OPERATOR:
                return "operator";
            default:
                return permission.orElseThrow().value() + " " + scopeText();
        }
    }

    private String scopeText() {
        switch (scope) {
            case DOMAIN:
                return "on the path's domain";
            case NEW_DOMAIN:
                return "in the account that will own the new domain";
            case ACCOUNT:
                return "in the path's account";
            case TASK:
                return "on the task's domain";
            default:
                return "in an account";
        }
    }
}

// The team of the current account: its members and their roles (account-wide and per domain), adding one with a
// password or inviting one by mail, and the invitations still waiting for an answer.
import { get, post, patch, del, enc, session, can, account } from '../api.js';
import { h, screen, table, field, form, button, badge, time, toast, confirmAction, notice } from '../ui.js';

export const ROLES = [
    ['owner', 'Owner: everything, including the account itself'],
    ['admin', 'Admin: everything but the account itself'],
    ['billing', 'Billing: billing and the list of domains'],
    ['member', 'Member: aliases, rules, events, sending, quarantine'],
    ['read-only', 'Read-only: can look, cannot change'],
];
const ROLE_OPTIONS = ROLES.map(([value]) => [value, value]);

function roleHelp() {
    return h('dl', { class: 'roles' }, ROLES.map(([role, text]) => [h('dt', {}, role), h('dd', {}, text.replace(/^[^:]+: /, ''))]));
}

export default async function members(params, { refresh }) {
    const current = account();
    const base = enc`/smtpy/accounts/${session.accountId}`;
    const helpText = {
        what: 'Everyone who can sign in to this account, and the role that decides what they may do. A role can be raised or lowered for one domain (a member who is admin of one domain only).',
        good: 'Give each person the smallest role that lets them work: read-only for someone who only looks, member for day-to-day alias work, admin for someone who manages keys and the team. Keep at least two owners.',
        more: 'team',
    };
    if (!can('members:manage')) {
        return screen({ title: 'Team', lead: `The members of ${current ? current.name : 'this account'}.`, help: helpText },
            notice('Your role cannot manage the team: ask an owner or admin of the account.'), roleHelp());
    }
    const [list, invitations] = await Promise.all([get(`${base}/members`), get(`${base}/invitations`)]);

    async function changeRole(member, role, domainRoles) {
        const body = { role };
        if (domainRoles) {
            body.domainRoles = domainRoles;
        }
        await patch(enc`/smtpy/accounts/${session.accountId}/members/${member.memberId}`, body);
        toast(`${member.email} is now ${role}`);
        refresh();
    }

    const roleSelect = member => {
        const select = h('select', { 'aria-label': `Role of ${member.email}`, dataset: { member: member.email }, class: 'member-role' },
            ROLE_OPTIONS.map(([value, label]) => h('option', { value, selected: value === member.role }, label)));
        select.addEventListener('change', async () => {
            try {
                await changeRole(member, select.value);
            } catch (error) {
                select.value = member.role;
                toast(error.message, 'error');
            }
        });
        return select;
    };

    const domainRolesCell = member => {
        const roles = Object.entries(member.domainRoles || {});
        return h('div', {},
            roles.length ? h('ul', { class: 'plain' }, roles.map(([domain, role]) => h('li', { class: 'wrap' }, `${domain}: ${role} `,
                button('Remove', () => {
                    const next = { ...member.domainRoles };
                    delete next[domain];
                    return changeRole(member, member.role, next);
                }, { kind: 'secondary small', ariaLabel: `Remove the ${domain} role of ${member.email}` })))) : h('span', { class: 'muted' }, 'none'),
            h('details', { class: 'inline' }, h('summary', {}, 'Set for a domain'),
                form({
                    label: `Domain role of ${member.email}`,
                    submit: 'Set',
                    fields: [
                        field({ name: 'domain', label: 'Domain', required: true, placeholder: 'example.com' }),
                        field({ name: 'role', label: 'Role on that domain', type: 'select', options: ROLE_OPTIONS, value: 'admin' }),
                    ],
                    onSubmit: async values => {
                        const domain = values.domain.trim().toLowerCase();
                        try {
                            await changeRole(member, member.role, { ...member.domainRoles, [domain]: values.role });
                        } catch (error) {
                            if (error.field && error.field.startsWith('domainRoles')) {
                                error.field = 'domain';
                            }
                            throw error;
                        }
                    },
                })));
    };

    const me = session.me.principal.memberId;
    const membersTable = table({
        caption: 'Members',
        rows: list.items,
        rowKey: member => member.email,
        empty: 'No member yet.',
        columns: [
            { label: 'Member', value: member => h('div', { class: 'wrap' }, h('strong', {}, member.displayName || member.email),
                member.displayName ? h('div', { class: 'small' }, member.email) : null,
                member.memberId === me ? ' ' : null, member.memberId === me ? badge('you', 'active') : null) },
            { label: 'Role', value: roleSelect },
            { label: 'Per domain', value: domainRolesCell },
            { label: 'Sign-in', value: member => h('span', {}, member.totpEnrolled ? badge('2FA', 'ok') : badge('password only', 'pending'),
                member.emailVerified ? null : [' ', badge('unverified', 'pending')]) },
            { label: '', value: member => button('Remove', async () => {
                if (!await confirmAction(`Remove ${member.email} from the account? Their sessions and access here end at once.`,
                    { confirm: 'Remove member' })) {
                    return;
                }
                await del(enc`/smtpy/accounts/${session.accountId}/members/${member.memberId}`);
                toast(`${member.email} removed`);
                refresh();
            }, { kind: 'danger small', ariaLabel: `Remove ${member.email}` }) },
        ],
    });

    const addForm = form({
        id: 'add-member',
        label: 'Add a member',
        submit: 'Add member',
        fields: [
            field({ name: 'email', label: 'Email', type: 'email', id: 'add-member-email', required: true, placeholder: 'colleague@example.com' }),
            field({ name: 'displayName', label: 'Name', id: 'add-member-name', hint: 'Optional; shown in the team list.' }),
            field({ name: 'role', label: 'Role', type: 'select', id: 'add-member-role', options: ROLE_OPTIONS, value: 'member' }),
            field({ name: 'password', label: 'Password', type: 'password', id: 'add-member-password', autocomplete: 'new-password',
                hint: 'Leave empty to send an invitation by mail instead (they choose their own password). At least 10 characters.' }),
        ],
        onSubmit: async (values, element) => {
            const body = { email: values.email.trim(), role: values.role };
            if (values.password) {
                body.password = values.password;
                if (values.displayName.trim()) {
                    body.displayName = values.displayName.trim();
                }
            }
            await post(`${base}/members`, body);
            toast(values.password ? `${body.email} added as ${body.role}` : `Invitation mailed to ${body.email}`);
            element.reset();
            refresh();
        },
    });

    const waiting = invitations.items.filter(invitation => invitation.state === 'pending');
    const invitationsTable = table({
        caption: 'Pending invitations',
        rows: waiting,
        rowKey: invitation => invitation.email,
        empty: 'No invitation waiting for an answer.',
        columns: [
            { label: 'Email', value: invitation => h('span', { class: 'wrap' }, invitation.email) },
            { label: 'Role', value: invitation => invitation.role },
            { label: 'Expires', value: invitation => time(invitation.expiresAt) },
            { label: '', value: invitation => h('div', { class: 'actions' },
                button('Resend', async () => {
                    await post(enc`/smtpy/accounts/${session.accountId}/invitations/${invitation.id}/resend`);
                    toast(`A new link is mailed to ${invitation.email}; the old one no longer works`);
                    refresh();
                }, { kind: 'secondary small', ariaLabel: `Resend the invitation of ${invitation.email}` }),
                button('Revoke', async () => {
                    if (!await confirmAction(`Revoke the invitation of ${invitation.email}? Its link stops working.`, { confirm: 'Revoke' })) {
                        return;
                    }
                    await del(enc`/smtpy/accounts/${session.accountId}/invitations/${invitation.id}`);
                    toast('Invitation revoked');
                    refresh();
                }, { kind: 'danger small', ariaLabel: `Revoke the invitation of ${invitation.email}` })) },
        ],
    });

    return screen({
        title: 'Team',
        lead: `The members of ${current ? current.name : 'this account'} and what each may do.`,
        help: helpText,
    },
    membersTable,
    h('h2', {}, 'Add a member'),
    h('p', { class: 'small' }, 'With a password, the member can sign in at once (tell them the password another way). Without one, smtpy mails them an invitation link.'),
    addForm,
    h('h2', {}, 'Invitations'),
    invitationsTable,
    h('h2', {}, 'Roles'),
    roleHelp());
}

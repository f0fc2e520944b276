// The account's API keys: what each may do, where and until when; creating one (its secret shown once), rotating its
// secret and revoking it.
import { get, post, del, enc, session, can } from '../api.js';
import { h, screen, table, field, form, button, badge, time, toast, confirmAction, notice, showSecretOnce, nextId } from '../ui.js';

const PRESETS = [
    ['', 'None: pick the permissions below'],
    ['read-only', 'read-only: domains, aliases and events, reading only'],
    ['aliases-only', 'aliases-only: read and change aliases'],
    ['sending-only', 'sending-only: send mail through the API'],
];
const PERMISSIONS = ['domains:read', 'domains:write', 'aliases:read', 'aliases:write', 'events:read', 'sending:send', 'sending:manage',
    'rules:read', 'rules:write', 'quarantine:read', 'quarantine:manage', 'webhooks:read', 'webhooks:write', 'suppressions:read',
    'suppressions:write', 'keys:manage', 'members:manage', 'audit:read', 'billing:read', 'account:manage'];

function list(text) {
    return text.split(/[\s,]+/).map(value => value.trim()).filter(Boolean);
}

/** A group of checkboxes, one per permission, that shows the API's error about "permissions[i]" like a field. */
function permissionChoices() {
    const id = nextId('permissions');
    return h('fieldset', { class: 'field choices', dataset: { field: 'permissions' }, 'aria-describedby': `${id}-error` },
        h('legend', {}, 'Permissions'),
        h('div', { class: 'choice-grid' }, PERMISSIONS.map(permission => {
            const boxId = nextId('perm');
            return h('div', { class: 'field check' },
                h('input', { type: 'checkbox', id: boxId, name: `perm:${permission}`, dataset: { permission } }),
                h('label', { for: boxId }, permission));
        })),
        h('p', { class: 'hint' }, 'Added to the preset\'s. A key can never do more than you can.'),
        h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

export default async function keys(params, { refresh }) {
    const helpText = {
        what: 'An API key lets a script or another service call the smtpy API (or the ./smtpy CLI) on behalf of this account, without a person\'s password. It sends "Authorization: Bearer <secret>".',
        good: 'One key per script, named after it ("billing sync"), with the fewest permissions it needs, limited to its domains and to the addresses it calls from (CIDRs like 203.0.113.0/24), and an expiry date. Revoke keys you no longer use.',
        more: 'api keys',
    };
    if (!can('keys:manage')) {
        return screen({ title: 'API keys', lead: 'Keys that let scripts call the API for this account.', help: helpText },
            notice('Your role cannot manage API keys: ask an owner or admin of the account.'));
    }
    const base = enc`/smtpy/accounts/${session.accountId}/keys`;
    const answer = await get(base);
    const active = answer.items.filter(key => !key.revokedAt);
    const revoked = answer.items.filter(key => key.revokedAt);

    const columns = [
        { label: 'Name', value: key => h('div', { class: 'wrap' }, h('strong', {}, key.name), h('div', { class: 'small' }, h('code', {}, key.prefix || key.id))) },
        { label: 'May', value: key => h('span', { class: 'wrap small' }, key.permissions.join(', ') || 'nothing') },
        { label: 'Domains', value: key => h('span', { class: 'wrap' }, key.domains.length ? key.domains.join(', ') : 'all') },
        { label: 'From', value: key => h('span', { class: 'wrap' }, key.allowedIps.length ? key.allowedIps.join(', ') : 'anywhere') },
        { label: 'Expires', value: key => key.expiresAt ? time(key.expiresAt) : 'never' },
        { label: 'Last used', value: key => key.lastUsedAt ? h('span', {}, time(key.lastUsedAt), key.lastUsedFrom ? ` from ${key.lastUsedFrom}` : '') : 'never' },
    ];
    const activeTable = table({
        caption: 'Active keys',
        rows: active,
        rowKey: key => key.name,
        empty: 'No API key yet.',
        columns: [...columns, { label: '', value: key => h('div', { class: 'actions' },
            button('Rotate', async () => {
                if (!await confirmAction(`Give "${key.name}" a new secret? The current one stops working at once.`,
                    { confirm: 'Rotate', danger: false })) {
                    return;
                }
                const rotated = await post(enc`/smtpy/accounts/${session.accountId}/keys/${key.id}/rotate`);
                await showSecretOnce(`New secret of "${key.name}"`, rotated.secret);
                refresh();
            }, { kind: 'secondary small', ariaLabel: `Rotate ${key.name}` }),
            button('Revoke', async () => {
                if (!await confirmAction(`Revoke "${key.name}"? Every call with it is refused from now on.`, { confirm: 'Revoke key' })) {
                    return;
                }
                await del(enc`/smtpy/accounts/${session.accountId}/keys/${key.id}`);
                toast(`"${key.name}" revoked`);
                refresh();
            }, { kind: 'danger small', ariaLabel: `Revoke ${key.name}` })) }],
    });

    const createForm = form({
        id: 'create-key',
        label: 'Create an API key',
        submit: 'Create key',
        fields: [
            field({ name: 'name', label: 'Name', id: 'key-name', required: true, placeholder: 'billing sync', hint: 'What uses it, so you know what breaks when you revoke it.' }),
            field({ name: 'preset', label: 'Preset', type: 'select', id: 'key-preset', options: PRESETS, value: '' }),
            permissionChoices(),
            field({ name: 'domains', label: 'Only these domains', id: 'key-domains', placeholder: 'example.com, example.org',
                hint: 'Optional, separated by commas. A key limited to domains can act on those domains only, never on the account (team, keys, audit).' }),
            field({ name: 'expiresAt', label: 'Expires', type: 'datetime-local', id: 'key-expires', hint: 'Optional; in your time zone. Empty: never.' }),
            field({ name: 'allowedIps', label: 'Allowed addresses', id: 'key-ips', placeholder: '203.0.113.0/24, 2001:db8::/48',
                hint: 'Optional CIDRs or addresses, separated by commas. Empty: from anywhere.' }),
        ],
        onSubmit: async (values, element) => {
            const body = { name: values.name.trim() };
            if (values.preset) {
                body.preset = values.preset;
            }
            const permissions = PERMISSIONS.filter(permission => values[`perm:${permission}`]);
            if (permissions.length) {
                body.permissions = permissions;
            }
            if (!body.preset && !permissions.length) {
                const error = new Error('Choose a preset or at least one permission');
                error.field = 'permissions';
                throw error;
            }
            if (list(values.domains).length) {
                body.domains = list(values.domains);
            }
            if (values.expiresAt) {
                body.expiresAt = new Date(values.expiresAt).toISOString();
            }
            if (list(values.allowedIps).length) {
                body.allowedIps = list(values.allowedIps);
            }
            const created = await post(base, body);
            element.reset();
            await showSecretOnce(`Secret of "${created.name}"`, created.secret);
            refresh();
        },
    });

    return screen({
        title: 'API keys',
        lead: 'Keys that let scripts and other services call the API for this account.',
        help: helpText,
    },
    activeTable,
    h('h2', {}, 'Create a key'),
    createForm,
    revoked.length ? h('details', { class: 'revoked' }, h('summary', {}, `Revoked keys (${revoked.length})`),
        table({ caption: 'Revoked keys', rows: revoked, rowKey: key => key.name,
            columns: [...columns, { label: 'Revoked', value: key => h('span', {}, badge('revoked', 'error'), ' ', time(key.revokedAt)) }] })) : null);
}

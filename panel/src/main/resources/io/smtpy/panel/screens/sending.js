// Sending as the domain: SMTP credentials for the owners' mail clients (the password shown once), the outbound relay
// (its password never shown back, a connection test step by step), replies through the alias with the reverse
// aliases made so far, and open and click tracking of submitted mail.
import { get, post, put, patch, del, enc, can, ApiError } from '../api.js';
import { h, screen, table, field, form, button, badge, time, toast, confirmAction, notice, showSecretOnce, domainTabs,
    facts } from '../ui.js';

function list(text) {
    return text.split(/[\s,]+/).map(value => value.trim()).filter(Boolean);
}

/** The answer of a GET, or null for a 404 (nothing set yet). */
async function optional(path) {
    try {
        return await get(path);
    } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
            return null;
        }
        throw error;
    }
}

export default async function sending({ domain }, { refresh }) {
    const base = enc`/smtpy/domains/${domain}`;
    const manage = can('sending:manage', domain);
    const [credentials, relay, replies, reverse, tracking] = await Promise.all([
        manage ? get(`${base}/smtp-credentials`) : null,
        optional(`${base}/relay`),
        get(`${base}/reply-through-alias`),
        get(`${base}/reverse-aliases?limit=100`),
        get(`${base}/tracking`),
    ]);
    return screen({
        title: 'Sending',
        lead: `How you and your mail clients send as ${domain}, and what smtpy does with the replies.`,
        help: {
            what: 'SMTP credentials let a mail client (Gmail\'s "send mail as", Thunderbird, an application) send as the domain through smtpy\'s submission port (587, STARTTLS). An outbound relay sends that mail through your own server instead of to each recipient. Replies through the alias hide your mailbox\'s address from the people who write to an alias.',
            good: 'One credential per client, limited to the addresses it sends as, so revoking one breaks nothing else. A relay only when your provider requires it. Replies through the alias on for aliases you give to strangers.',
            more: 'smtp credentials',
        },
    },
    domainTabs(domain, 'sending'),
    credentialsSection(base, domain, credentials, manage, refresh),
    relaySection(base, domain, relay, can('domains:write', domain), refresh),
    repliesSection(base, domain, replies, reverse, can('aliases:write', domain), refresh),
    trackingSection(base, tracking, manage, refresh));
}

function credentialsSection(base, domain, answer, manage, refresh) {
    if (!manage) {
        return h('section', { id: 'smtp-credentials-section' }, h('h2', {}, 'SMTP credentials'),
            notice('Your role cannot see or manage SMTP credentials: ask an owner or admin of the domain.'));
    }
    const path = id => `${base}/smtp-credentials/${encodeURIComponent(id)}`;
    const rows = table({
        caption: 'Credentials',
        rows: answer.items,
        rowKey: credential => credential.username,
        empty: 'No credential yet: nobody can send as the domain through smtpy.',
        columns: [
            { label: 'User name', class: 'col-wide', value: credential => h('div', { class: 'wrap' }, h('code', {}, credential.username),
                credential.description ? h('div', { class: 'small' }, credential.description) : null) },
            { label: 'Sends as', class: 'col-mid', value: credential => h('span', { class: 'wrap small' }, credential.sendAs.join(', ')) },
            { label: 'Alias', value: credential => credential.alias || 'the domain' },
            { label: 'State', value: credential => credential.hold ? badge('on hold', 'pending') : badge('sending', 'ok') },
            { label: 'Created', value: credential => time(credential.createdAt) },
            { label: 'Actions', value: credential => h('div', { class: 'actions' },
                button(credential.hold ? 'Release hold' : 'Hold', async () => {
                    await patch(path(credential.id), { hold: !credential.hold });
                    toast(credential.hold ? `${credential.username} sends again` : `${credential.username}'s mail now waits for review`);
                    refresh();
                }, { kind: 'secondary small', ariaLabel: `${credential.hold ? 'Release hold of' : 'Hold'} ${credential.username}` }),
                button('New password', async () => {
                    if (!await confirmAction(`Give ${credential.username} a new password? The current one stops working at once.`,
                        { confirm: 'New password', danger: false })) {
                        return;
                    }
                    const reset = await post(`${path(credential.id)}/password`);
                    await showSecretOnce(`New password of ${reset.username}`, reset.password);
                }, { kind: 'secondary small', ariaLabel: `New password for ${credential.username}` }),
                button('Revoke', async () => {
                    if (!await confirmAction(`Revoke ${credential.username}? Clients using it can no longer send.`, { confirm: 'Revoke' })) {
                        return;
                    }
                    await del(path(credential.id));
                    toast(`${credential.username} revoked`);
                    refresh();
                }, { kind: 'danger small', ariaLabel: `Revoke ${credential.username}` })) },
        ],
    });
    const createForm = form({
        id: 'create-credential',
        label: 'Create an SMTP credential',
        submit: 'Create credential',
        fields: [
            field({ name: 'alias', label: 'For the alias', id: 'credential-alias', placeholder: 'sales',
                hint: 'Optional: an existing alias\'s local part; it then sends as that alias by default. Empty: the whole domain.' }),
            field({ name: 'username', label: 'User name', id: 'credential-username', placeholder: `sales@${domain}`,
                hint: 'Optional. Empty: the alias\'s address, else a generated smtp-…@ name.' }),
            field({ name: 'sendAs', label: 'Sends as', id: 'credential-send-as', placeholder: `sales@${domain}, *@${domain}`,
                hint: 'Optional addresses of the domain, separated by commas; *@domain for any. Empty: the alias\'s address, or any address of the domain.' }),
            field({ name: 'description', label: 'Description', id: 'credential-description', placeholder: 'Gmail send-as',
                hint: 'What uses it, at most 200 characters.' }),
            field({ name: 'hold', label: 'Hold its mail for review', type: 'checkbox', id: 'credential-hold',
                hint: 'Its mail waits in the queue until you release it.' }),
        ],
        onSubmit: async values => {
            const body = { hold: values.hold };
            for (const name of ['alias', 'username', 'description']) {
                if (values[name].trim()) {
                    body[name] = values[name].trim();
                }
            }
            if (list(values.sendAs).length) {
                body.sendAs = list(values.sendAs);
            }
            const created = await post(`${base}/smtp-credentials`, body);
            await showSecretOnce(`Password of ${created.username}`, created.password);
            refresh();
        },
    });
    return h('section', { id: 'smtp-credentials-section' },
        h('h2', {}, 'SMTP credentials'),
        facts([['Server', 'this smtpy\'s host name'], ['Port', '587 with STARTTLS, or 465 with TLS'], ['Authentication', 'PLAIN or LOGIN, the user name and password below']]),
        h('div', { id: 'smtp-credentials' }, rows),
        h('details', { class: 'inline', id: 'create-credential-box' }, h('summary', {}, 'Create a credential'), createForm));
}

function relaySection(base, domain, relay, mayWrite, refresh) {
    const path = `${base}/relay`;
    const steps = h('div', { id: 'relay-test-result', 'aria-live': 'polite' });
    const relayForm = form({
        id: 'relay-form',
        label: 'Outbound relay',
        submit: relay ? 'Save relay' : 'Use this relay',
        fields: [
            field({ name: 'host', label: 'Host', id: 'relay-host', required: true, value: relay ? relay.host : '', placeholder: `smtp.${domain}` }),
            field({ name: 'port', label: 'Port', type: 'number', id: 'relay-port', required: true, min: '1', max: '65535', step: '1',
                value: relay ? relay.port : 587, hint: '587 for STARTTLS, 465 for TLS from the start.' }),
            field({ name: 'tls', label: 'TLS', type: 'select', id: 'relay-tls', value: relay ? relay.tls : 'starttls',
                options: [['starttls', 'STARTTLS (never falls back to clear text)'], ['implicit', 'TLS from the first byte (465)'], ['none', 'None: clear text, password included']] }),
            field({ name: 'username', label: 'User name', id: 'relay-username', value: relay && relay.username ? relay.username : '',
                hint: 'Empty: no AUTH.' }),
            field({ name: 'password', label: 'Password', type: 'password', id: 'relay-password', autocomplete: 'new-password',
                hint: relay && relay.hasPassword ? 'A password is stored (never shown). Empty: keep it; a new user name needs its password.'
                    : 'Kept sealed; never shown again.' }),
            field({ name: 'scope', label: 'Which mail', type: 'select', id: 'relay-scope', value: relay ? relay.scope : 'outbound',
                options: [['outbound', 'Mail sent with SMTP credentials'], ['all', 'That and the copies forwarded for aliases']] }),
            field({ name: 'enabled', label: 'Use the relay', type: 'checkbox', id: 'relay-enabled', value: relay ? relay.enabled : true,
                hint: 'Off: the settings are kept and mail goes to each recipient\'s server.' }),
        ],
        onSubmit: async values => {
            const port = Number(values.port);
            const body = { host: values.host.trim(), port: Number.isInteger(port) && values.port.trim() ? port : values.port,
                tls: values.tls, scope: values.scope, enabled: values.enabled };
            if (values.username.trim()) {
                body.username = values.username.trim();
            }
            if (values.password) {
                body.password = values.password;
            }
            await put(path, body);
            toast('Relay saved');
            refresh();
        },
        secondary: relay && mayWrite ? [
            button('Test the connection', async () => {
                steps.replaceChildren(h('p', {}, 'Connecting…'));
                const result = await post(`${path}/test`);
                steps.replaceChildren(
                    h('p', { class: `notice ${result.ok ? 'ok' : 'error'}` }, result.ok ? 'The relay accepts smtpy.' : `Failed: ${result.reply || 'see the steps'}`),
                    h('ol', { class: 'relay-steps' }, result.steps.map(step => h('li', { dataset: { step: step.step }, class: 'wrap' },
                        badge(step.ok ? 'ok' : 'failed', step.ok ? 'ok' : 'error'), ` ${step.step}: `, h('code', {}, step.reply || '')))));
            }, { id: 'relay-test' }),
            button('Remove relay', async () => {
                if (!await confirmAction(`Stop using ${relay.host}? ${domain}'s mail goes to the recipients' servers again.`, { confirm: 'Remove relay' })) {
                    return;
                }
                await del(path);
                toast('Relay removed');
                refresh();
            }, { kind: 'danger', id: 'relay-remove' }),
        ] : null,
    });
    if (!mayWrite) {
        for (const element of relayForm.elements) {
            element.disabled = true;
        }
    }
    return h('section', { id: 'relay-section' },
        h('h2', {}, 'Outbound relay'),
        h('p', {}, relay ? h('span', { class: 'wrap' }, 'Mail leaves through ', h('code', {}, `${relay.host}:${relay.port}`),
            relay.enabled ? '' : ' (turned off)', ', changed ', time(relay.updatedAt), '.')
            : 'None: mail goes straight to each recipient\'s server. Set one to send through your own server or a sending service.'),
        relayForm, steps);
}

function repliesSection(base, domain, settings, reverse, mayWrite, refresh) {
    const settingForm = form({
        id: 'reply-setting',
        label: 'Replies through the alias',
        submit: 'Save',
        fields: [field({ name: 'replyThroughAlias', label: 'Replies go through the alias', type: 'checkbox', id: 'reply-through-alias',
            value: settings.replyThroughAlias,
            hint: 'Forwarded copies carry a Reply-To address on the domain; your reply to it reaches the sender from the alias, never showing your mailbox. Default: off.' })],
        onSubmit: async values => {
            await put(`${base}/reply-through-alias`, { replyThroughAlias: values.replyThroughAlias });
            toast(values.replyThroughAlias ? 'Replies go through the alias' : 'Replies come from your mailbox');
            refresh();
        },
    });
    if (!mayWrite) {
        for (const element of settingForm.elements) {
            element.disabled = true;
        }
    }
    const path = id => `${base}/reverse-aliases/${encodeURIComponent(id)}`;
    return h('section', { id: 'replies-section' },
        h('h2', {}, 'Replies through the alias'),
        settingForm,
        settings.aliases.length ? h('p', { class: 'wrap' }, 'Aliases with their own setting: ',
            settings.aliases.map(alias => `${alias.alias} (${alias.replyThroughAlias ? 'on' : 'off'})`).join(', '), '.') : null,
        h('h3', {}, 'Reverse aliases'),
        h('div', { id: 'reverse-aliases' }, table({
            caption: 'Reply addresses made for senders',
            rows: reverse.items,
            rowKey: item => item.id,
            empty: 'None yet: one is made the first time a sender writes to an alias that replies through itself.',
            columns: [
                { label: 'Sender', value: item => h('span', { class: 'wrap' }, item.originalName ? `${item.originalName} ` : '', `<${item.original}>`) },
                { label: 'Alias', value: item => item.alias },
                { label: 'Reply address', class: 'col-wide', value: item => h('code', { class: 'wrap small' }, item.address) },
                { label: 'State', value: item => item.enabled ? badge('enabled', 'ok') : badge('disabled', 'error') },
                { label: 'Last used', value: item => item.lastUsedAt ? time(item.lastUsedAt) : 'never' },
                { label: 'Actions', value: item => mayWrite ? h('div', { class: 'actions' },
                    button(item.enabled ? 'Disable' : 'Enable', async () => {
                        await patch(path(item.id), { enabled: !item.enabled });
                        refresh();
                    }, { kind: 'secondary small', ariaLabel: `${item.enabled ? 'Disable' : 'Enable'} the reply address of ${item.original}` }),
                    button('Delete', async () => {
                        if (!await confirmAction(`Delete the reply address of ${item.original}? Replies to it are refused; the sender's next mail gets a new one.`)) {
                            return;
                        }
                        await del(path(item.id));
                        refresh();
                    }, { kind: 'danger small', ariaLabel: `Delete the reply address of ${item.original}` })) : '' },
            ],
        })),
        reverse.items.length >= reverse.limit ? notice(`The first ${reverse.limit} are shown; the CLI lists the others.`) : null);
}

function trackingSection(base, tracking, manage, refresh) {
    const trackingForm = form({
        id: 'tracking-form',
        label: 'Open and click tracking',
        submit: 'Save tracking',
        fields: [
            field({ name: 'opens', label: 'Track opens', type: 'checkbox', id: 'tracking-opens', value: tracking.opens,
                hint: 'A 1×1 image in the HTML of mail you submit. Approximate: clients that block images never tell.' }),
            field({ name: 'clicks', label: 'Track clicks', type: 'checkbox', id: 'tracking-clicks', value: tracking.clicks,
                hint: 'Links in the HTML of mail you submit go through smtpy, which redirects to the original.' }),
        ],
        onSubmit: async values => {
            await put(`${base}/tracking`, { opens: values.opens, clicks: values.clicks });
            toast('Tracking saved');
            refresh();
        },
    });
    if (!manage) {
        for (const element of trackingForm.elements) {
            element.disabled = true;
        }
    }
    return h('section', { id: 'tracking-section' },
        h('h2', {}, 'Open and click tracking'),
        h('p', {}, 'Only mail you submit with an SMTP credential; forwarded mail is never changed. Off by default. ',
            tracking.active ? badge('tracking now', 'ok') : badge('not tracking', 'pending')),
        tracking.available ? null : notice(tracking.note || 'The operator has not set tracking.baseUrl: nothing is tracked, whatever you choose.', 'warn'),
        trackingForm);
}

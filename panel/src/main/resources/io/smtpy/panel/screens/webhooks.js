// The domain's webhook endpoints: adding one (its signing secret shown once), rotating the secret, turning it off and
// on, a signed test message, deleting it, and its delivery log.
import { get, post, patch, del, enc, can } from '../api.js';
import { h, screen, table, field, form, button, badge, time, toast, confirmAction, notice, showSecretOnce, nextId,
    domainTabs, facts } from '../ui.js';

// Every mail event type an endpoint can filter on (docs/api.md, "Webhooks").
const EVENT_TYPES = ['received', 'rejected', 'forwarded', 'delivered', 'deferred', 'bounced', 'dropped', 'loop',
    'report-stored', 'report-rejected', 'dkim-key', 'quarantined', 'released', 'discarded', 'posted', 'post-failed',
    'fallback', 'unscanned', 'complained', 'suppressed', 'unsuppressed', 'resent', 'dns-check', 'submitted',
    'limit-approaching', 'limit-reached', 'opened', 'clicked', 'replied', 'delayed'];

/** Checkboxes, one per event type, that show the API's error about "events[i]" like a field. */
function eventChoices() {
    const id = nextId('events');
    // Closed by default (every event is what most endpoints want); opened where the API names a wrong type.
    return h('details', { class: 'inline', id: 'webhook-events-box' }, h('summary', {}, 'Only some events (default: all)'),
        h('fieldset', { class: 'field choices', dataset: { field: 'events' }, 'aria-describedby': `${id}-error` },
        h('legend', {}, 'Events'),
        h('div', { class: 'choice-grid events' }, EVENT_TYPES.map(type => {
            const boxId = `webhook-event-${type}`;
            return h('div', { class: 'field check' },
                h('input', { type: 'checkbox', id: boxId, name: `event:${type}`, dataset: { event: type } }),
                h('label', { for: boxId }, type));
        })),
        h('p', { class: 'hint' }, 'None ticked: every event, including types added later.'),
        h('p', { class: 'field-error', id: `${id}-error`, hidden: true })));
}

/** A number as typed: a number when it is one, else the text (the API then names the field). */
function number(text) {
    const value = Number(text);
    return text.trim() !== '' && Number.isInteger(value) ? value : text;
}

function hookState(hook) {
    if (!hook.enabled) {
        return h('span', { class: 'wrap' }, badge('disabled', 'error'), hook.disabledReason ? ` ${hook.disabledReason}` : '');
    }
    return h('span', {}, badge('enabled', 'ok'),
        hook.consecutiveFailures ? ` ${hook.consecutiveFailures} failed in a row` : '');
}

export default async function webhooks({ domain }, { query, refresh, go }) {
    const base = enc`/smtpy/domains/${domain}/webhooks`;
    const mayWrite = can('webhooks:write', domain);
    const hooks = await get(base);
    const shown = query.get('log');
    const here = enc`/domains/${domain}/webhooks`;

    const actions = hook => h('div', { class: 'actions' },
        button('Delivery log', () => go(`${here}?log=${encodeURIComponent(hook.id)}`),
            { kind: 'secondary small', ariaLabel: `Delivery log of ${hook.url}` }),
        mayWrite ? [
            button('Send a test', async () => {
                const delivery = await post(`${base}/${encodeURIComponent(hook.id)}/test`);
                const attempt = delivery.attempts && delivery.attempts[0];
                toast(attempt ? `Test ${delivery.state}: ${attempt.status ? `HTTP ${attempt.status}, ` : ''}${attempt.outcome}`
                    : `Test ${delivery.state}`, delivery.state === 'delivered' ? 'info' : 'error');
                if (shown === hook.id) {
                    refresh();
                }
            }, { kind: 'secondary small', ariaLabel: `Send a test to ${hook.url}` }),
            button('Rotate secret', async () => {
                if (!await confirmAction(`Give ${hook.url} a new signing secret? For 24 hours both the old and the new one sign.`,
                    { confirm: 'Rotate', danger: false })) {
                    return;
                }
                const rotated = await post(`${base}/${encodeURIComponent(hook.id)}/rotate-secret`);
                await showSecretOnce('New signing secret', rotated.secret);
                refresh();
            }, { kind: 'secondary small', ariaLabel: `Rotate secret of ${hook.url}` }),
            button(hook.enabled ? 'Disable' : 'Enable', async () => {
                await patch(`${base}/${encodeURIComponent(hook.id)}`, { enabled: !hook.enabled });
                toast(`${hook.url} ${hook.enabled ? 'disabled' : 'enabled'}`);
                refresh();
            }, { kind: 'secondary small', ariaLabel: `${hook.enabled ? 'Disable' : 'Enable'} ${hook.url}` }),
            button('Delete', async () => {
                if (!await confirmAction(`Delete the endpoint ${hook.url} and its delivery log?`, { confirm: 'Delete endpoint' })) {
                    return;
                }
                await del(`${base}/${encodeURIComponent(hook.id)}`);
                toast(`${hook.url} deleted`);
                go(here);
            }, { kind: 'danger small', ariaLabel: `Delete ${hook.url}` }),
        ] : null);

    const list = h('div', { id: 'webhooks' }, table({
        caption: 'Endpoints',
        rows: hooks,
        rowKey: hook => hook.id,
        empty: 'No endpoint yet: events are not sent anywhere.',
        columns: [
            { label: 'URL', class: 'col-wide', value: hook => h('code', { class: 'wrap' }, hook.url) },
            { label: 'Events', class: 'col-mid', value: hook => h('span', { class: 'wrap small' }, hook.events && hook.events.length ? hook.events.join(', ') : 'all') },
            { label: 'State', value: hookState },
            { label: 'Batches', class: 'col-mid', value: hook => hook.batch ? `up to ${hook.batch.maxEvents}, every ${hook.batch.maxDelaySeconds} s` : 'no' },
            { label: 'Added', value: hook => h('span', {}, time(hook.createdAt),
                hook.previousSecretValidUntil ? h('span', { class: 'small' }, ' (old secret signs until ', time(hook.previousSecretValidUntil), ')') : '') },
            { label: 'Actions', value: actions },
        ],
    }));

    const logged = shown ? hooks.find(hook => hook.id === shown) : null;
    const log = logged ? await deliveryLog(base, logged, here) : null;

    return screen({
        title: 'Webhooks',
        lead: `Mail events of ${domain} POSTed to your endpoints as they happen, signed.`,
        help: {
            what: 'Each endpoint gets a signed JSON message (Standard Webhooks) for every event it asked for, at least once, retried for a day. After 5 deliveries given up in a row it is disabled and the owners get a mail.',
            good: 'An https URL of a service you run, answering 2xx quickly; verify the webhook-signature header with the secret shown when you add it, and drop duplicates by webhook-id.',
            more: 'webhooks',
        },
    },
    domainTabs(domain, 'webhooks'),
    mayWrite ? null : notice('Your role can read the endpoints but not change them.'),
    list,
    log,
    mayWrite ? createSection(base, refresh) : null);
}

async function deliveryLog(base, hook, here) {
    const deliveries = await get(`${base}/${encodeURIComponent(hook.id)}/deliveries?limit=50`);
    return h('section', { id: 'webhook-deliveries', dataset: { webhook: hook.id } },
        h('h2', {}, 'Delivery log'),
        h('p', { class: 'wrap' }, 'The last 50 messages to ', h('code', {}, hook.url), ', newest first; kept 30 days. ',
            h('a', { href: `#${here}` }, 'Close the log')),
        table({
            caption: 'Deliveries',
            rows: deliveries,
            rowKey: delivery => delivery.id,
            empty: 'Nothing sent to this endpoint yet.',
            columns: [
                { label: 'Event', value: delivery => h('span', {}, delivery.eventType, h('div', { class: 'small' }, time(delivery.eventAt))) },
                { label: 'State', value: delivery => badge(delivery.state, delivery.state === 'delivered' ? 'ok'
                    : delivery.state === 'failed' ? 'error' : 'pending') },
                { label: 'Attempts', value: delivery => delivery.attempts.length
                    ? h('ol', { class: 'attempts' }, delivery.attempts.map(attempt => h('li', { class: 'wrap' }, time(attempt.at),
                        attempt.status ? ` HTTP ${attempt.status}` : '', ` ${attempt.outcome} (${attempt.durationMillis} ms)`)))
                    : 'none yet' },
                { label: 'Next attempt', value: delivery => delivery.nextAttemptAt ? time(delivery.nextAttemptAt) : '' },
            ],
        }));
}

function createSection(base, refresh) {
    const createForm = form({
        id: 'create-webhook',
        label: 'Add an endpoint',
        submit: 'Add endpoint',
        fields: [
            field({ name: 'url', label: 'URL', type: 'url', id: 'webhook-url', required: true, placeholder: 'https://hooks.example.com/smtpy',
                hint: 'http or https, a public host; addresses on private networks are refused.' }),
            eventChoices(),
            h('fieldset', { class: 'field choices batch' },
                h('legend', {}, 'Batches (optional)'),
                field({ name: 'batch.maxEvents', label: 'At most events per POST', type: 'number', id: 'webhook-batch-events',
                    min: '1', max: '1000', step: '1', hint: '1 to 1000. Empty: each event is sent at once.' }),
                field({ name: 'batch.maxDelaySeconds', label: 'Wait at most (seconds)', type: 'number', id: 'webhook-batch-delay',
                    min: '1', max: '3600', step: '1', hint: '1 to 3600: how long the oldest event waits for others.' })),
        ],
        onSubmit: async values => {
            const body = { url: values.url.trim(), events: EVENT_TYPES.filter(type => values[`event:${type}`]) };
            if (values['batch.maxEvents'].trim() || values['batch.maxDelaySeconds'].trim()) {
                body.batch = { maxEvents: number(values['batch.maxEvents']), maxDelaySeconds: number(values['batch.maxDelaySeconds']) };
            }
            let created;
            try {
                created = await post(base, body);
            } catch (error) {
                if (error.field && error.field.startsWith('events')) {
                    document.getElementById('webhook-events-box').open = true;
                }
                throw error;
            }
            if (created.secret) {
                await showSecretOnce(`Signing secret of ${created.url}`, created.secret);
            }
            toast(`${created.url} added`);
            refresh();
        },
    });
    return h('section', { id: 'add-webhook' }, h('h2', {}, 'Add an endpoint'), createForm,
        facts([['Signature', 'webhook-signature: v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">']]));
}

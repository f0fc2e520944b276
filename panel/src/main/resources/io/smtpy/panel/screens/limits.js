// The domain's traffic limits: the counters of the windows holding now, the domain's inbound and outbound limit sets
// (edited here; an empty direction removes its set), and the sets of its aliases and SMTP credentials.
import { get, put, del, enc, can } from '../api.js';
import { h, screen, table, field, form, button, time, toast, confirmAction, notice, domainTabs } from '../ui.js';

// Each limit: its API name, its label, and the directions it applies to.
const METRICS = [
    ['messagesPerHour', 'Messages per hour', 'at most 10,000,000'],
    ['messagesPerDay', 'Messages per day', 'at most 100,000,000'],
    ['recipientsPerMessage', 'Recipients per message', 'at most 100,000'],
    ['bytesPerDay', 'Bytes per day', 'the size of each message, once per recipient'],
    ['perRecipientDomainPerHour', 'Messages per hour to one recipient domain', 'outbound only'],
];
const LABELS = Object.fromEntries(METRICS.map(([name, label]) => [name, label]));
const DIRECTIONS = [
    ['inbound', 'Inbound', 'Mail received for the domain\'s addresses on port 25.'],
    ['outbound', 'Outbound', 'Mail sent as the domain through the submission ports.'],
];

/** "100 messages per hour, reject, notify" for a set, or "none". */
function summary(set) {
    if (!set) {
        return 'none';
    }
    const limits = METRICS.filter(([name]) => set[name] !== undefined).map(([name]) => `${LABELS[name].toLowerCase()}: ${set[name]}`);
    return `${limits.join(', ')}; ${set.action === 'reject' ? 'refused' : 'deferred'} over it${set.notify ? '; owners told' : ''}`;
}

function subject(usage) {
    if (usage.scope === 'alias') {
        return `alias ${usage.alias}`;
    }
    if (usage.scope === 'credential') {
        return `credential ${usage.credential}`;
    }
    return 'the domain';
}

function directionFields(direction, label, hint, set) {
    return h('fieldset', { class: 'settings-group limit-set', dataset: { direction } },
        h('legend', {}, label),
        h('p', { class: 'hint' }, hint, ' Leave every limit empty to have none.'),
        METRICS.filter(([name]) => direction === 'outbound' || name !== 'perRecipientDomainPerHour').map(([name, metricLabel, metricHint]) =>
            field({ name: `${direction}.${name}`, label: metricLabel, type: 'number', id: `limit-${direction}-${name}`, min: '1', step: '1',
                value: set && set[name] !== undefined ? set[name] : '', hint: metricHint, inputmode: 'numeric' })),
        field({ name: `${direction}.action`, label: 'Over a limit', type: 'select', id: `limit-${direction}-action`,
            value: set ? set.action : 'defer',
            options: [['defer', 'Defer: 451, the sender retries later'], ['reject', 'Reject: 550, the sender gets a bounce']] }),
        field({ name: `${direction}.notify`, label: 'Tell the owners', type: 'checkbox', id: `limit-${direction}-notify`,
            value: set ? set.notify : false, hint: 'One alert per limit and window when it is reached.' }));
}

/** The set one direction's fields describe, or null when no limit is filled in; non-numbers are sent as typed. */
function setOf(direction, values) {
    const set = {};
    for (const [name] of METRICS) {
        const text = values[`${direction}.${name}`];
        if (text === undefined || text.trim() === '') {
            continue;
        }
        const number = Number(text);
        set[name] = Number.isSafeInteger(number) ? number : text;
    }
    if (!Object.keys(set).length) {
        return null;
    }
    set.action = values[`${direction}.action`];
    set.notify = values[`${direction}.notify`];
    return set;
}

export default async function limits({ domain }, { refresh }) {
    const base = enc`/smtpy/domains/${domain}/limits`;
    const mayWrite = can('domains:write', domain);
    const [sets, usage] = await Promise.all([get(base), get(`${base}/usage`)]);

    const usageTable = h('div', { id: 'limit-usage' }, table({
        caption: 'This window\'s counts',
        rows: usage.items,
        rowKey: item => `${item.scope}:${item.alias || item.credential || ''}:${item.direction}:${item.metric}:${item.recipientDomain || ''}`,
        empty: 'No windowed limit applies: nothing is counted.',
        columns: [
            { label: 'For', value: item => h('span', { class: 'wrap' }, subject(item)) },
            { label: 'Limit', value: item => h('span', { class: 'wrap' }, `${item.direction}, ${LABELS[item.metric] || item.metric}`,
                item.recipientDomain ? ` (${item.recipientDomain})` : '') },
            { label: 'Used', value: item => h('div', { class: 'usage' },
                h('meter', { min: '0', max: String(item.limit), value: String(item.used), high: String(Math.ceil(item.limit * 0.8)),
                    optimum: '0', 'aria-label': `${item.used} of ${item.limit} used` }),
                h('span', {}, `${item.used} of ${item.limit}`)) },
            { label: 'Window ends', value: item => time(item.windowEnd) },
            { label: 'Then', value: item => item.action === 'reject' ? 'refused' : 'deferred' },
        ],
    }));

    const setForm = form({
        id: 'domain-limits',
        label: 'The domain\'s limits',
        submit: 'Save limits',
        fields: DIRECTIONS.map(([direction, label, hint]) => directionFields(direction, label, hint, sets[direction])),
        onSubmit: async values => {
            const body = { inbound: setOf('inbound', values), outbound: setOf('outbound', values) };
            await put(base, body);
            toast('Limits saved');
            refresh();
        },
    });
    if (!mayWrite) {
        for (const element of setForm.elements) {
            element.disabled = true;
        }
    }

    const aliasSets = h('div', { id: 'alias-limits' }, table({
        caption: 'Aliases with limits of their own',
        rows: sets.aliases,
        rowKey: item => item.alias,
        empty: 'No alias has limits of its own (the CLI sets them: ./smtpy limits set DOMAIN --alias L).',
        columns: [
            { label: 'Alias', value: item => h('span', { class: 'wrap' }, `${item.alias}@${domain}`) },
            { label: 'Inbound', value: item => h('span', { class: 'wrap small' }, summary(item.inbound)) },
            { label: 'Outbound', value: item => h('span', { class: 'wrap small' }, summary(item.outbound)) },
            { label: 'Actions', value: item => mayWrite ? button('Remove', async () => {
                if (!await confirmAction(`Remove both limit sets of ${item.alias}@${domain}? The domain's still apply.`, { confirm: 'Remove limits' })) {
                    return;
                }
                await del(enc`/smtpy/domains/${domain}/aliases/${item.alias}/limits`);
                toast(`${item.alias}'s limits removed`);
                refresh();
            }, { kind: 'danger small', ariaLabel: `Remove the limits of ${item.alias}` }) : '' },
        ],
    }));
    const credentialSets = sets.credentials.length ? h('div', { id: 'credential-limits' }, table({
        caption: 'SMTP credentials with limits',
        rows: sets.credentials,
        rowKey: item => item.credential,
        columns: [
            { label: 'Credential', value: item => h('code', { class: 'wrap' }, item.credential) },
            { label: 'Inbound', value: item => h('span', { class: 'wrap small' }, summary(item.inbound)) },
            { label: 'Outbound', value: item => h('span', { class: 'wrap small' }, summary(item.outbound)) },
        ],
    })) : null;

    return screen({
        title: 'Limits',
        lead: `How much mail ${domain} may receive and send, and how much it has in the windows holding now.`,
        help: {
            what: 'A limit caps the mail of the domain per UTC hour or day, or the recipients of one message. Mail over it is deferred (451: the sender retries after the window) or refused (550). At 80 % a limit-approaching event is recorded, at 100 % limit-reached.',
            good: 'A little above your busiest real hour, so a runaway script or a stolen password is stopped without holding back normal mail: for a small team, 200 messages per hour and 50 recipients per message. Defer rather than reject, so nothing is lost.',
            more: 'traffic limits',
        },
    },
    domainTabs(domain, 'limits'),
    h('h2', {}, 'Current counts'),
    usageTable,
    h('section', { id: 'domain-limits-section' }, h('h2', {}, 'The domain\'s limits'),
        mayWrite ? null : notice('Your role can read the limits but not change them.'),
        setForm),
    h('section', { id: 'other-limits' }, h('h2', {}, 'Aliases and credentials'), aliasSets, credentialSets));
}

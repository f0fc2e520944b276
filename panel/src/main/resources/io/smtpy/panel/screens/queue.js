// The owner's queue: the copies of the domain's mail waiting for delivery (why, how many attempts, when the next), and
// retry, hold, release or cancel, one by one or for the copies selected. Cancelling bounces the copy to its sender, so
// it asks first.
import { get, post, enc, can } from '../api.js';
import { h, screen, table, field, form, button, badge, time, notice, toast, confirmAction, domainTabs, linkButton, withQuery, facts } from '../ui.js';

// What each action does, and to which copies it applies (the API answers 409 otherwise).
const ACTIONS = {
    retry: { label: 'Retry', done: 'due now', applies: copy => copy.status === 'waiting' },
    hold: { label: 'Hold', done: 'held', applies: copy => copy.status === 'waiting' },
    release: { label: 'Release', done: 'released', applies: copy => copy.status === 'held' },
    cancel: { label: 'Cancel', done: 'cancelled and bounced to the sender', applies: copy => copy.status !== 'delivering' },
};
const STATUS_KIND = { waiting: 'pending', held: 'deferred', delivering: 'active' };

function plural(count, word) {
    return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export default async function queue({ domain }, { query, go, refresh }) {
    const base = `/domains/${encodeURIComponent(domain)}/queue`;
    const api = enc`/smtpy/domains/${domain}/queue`;
    const helpText = {
        what: 'Copies of this domain\'s mail that the server has accepted but not delivered yet: waiting for their first attempt, deferred by the destination (with the reason the queue knows and when it tries again), or held by you. Retry makes a copy due now; hold keeps it back, even across restarts, until you release it; cancel removes it and sends its sender a bounce.',
        good: 'An empty queue, or a few copies with one or two attempts. Many copies deferred to one destination mean it refuses you for now: look at their reason and at the deferred events of their journeys before retrying them all.',
        more: 'deferred',
    };
    if (!can('events:read')) {
        return screen({ title: 'Queue', help: helpText }, domainTabs(domain, 'queue'),
            notice('Your role cannot see this domain\'s queue: ask an owner or admin of the account.'));
    }
    const filters = {};
    for (const name of ['status', 'recipient', 'sender', 'minAttempts']) {
        if (query.get(name)) {
            filters[name] = query.get(name);
        }
    }
    let page;
    try {
        page = await get(withQuery(api, filters));
    } catch (error) {
        if (error.status !== 501) {
            throw error;
        }
        return screen({ title: 'Queue', help: helpText }, domainTabs(domain, 'queue'),
            notice('This server delivers through James\'s own queues, which cannot be shown here.'));
    }
    const writable = can('domains:write');

    async function act(action, copies) {
        const { label, done } = ACTIONS[action];
        if (action === 'cancel' && !await confirmAction(
            `Cancel ${plural(copies.length, 'copy')}? Each is removed from the queue and bounced to its sender.`,
            { confirm: 'Cancel and bounce' })) {
            return;
        }
        if (copies.length === 1) {
            await post(`${api}/${encodeURIComponent(copies[0].id)}/${action}`);
            toast(`${label}: 1 copy ${done}`);
        } else {
            const answer = await post(`${api}/${action}`, { ids: copies.map(copy => copy.id) });
            const refused = answer.refused || [];
            toast(`${label}: ${plural(answer.applied.length, 'copy')} ${done}`
                + (refused.length ? `; ${refused.length} refused (${refused[0].reason})` : ''), refused.length ? 'error' : undefined);
        }
        refresh();
    }

    const selection = h('p', { class: 'small', id: 'queue-selection', 'aria-live': 'polite' }, 'No copy selected.');
    let selected = [];
    const bulkButtons = Object.entries(ACTIONS).map(([action, { label }]) => {
        const element = button(`${label} selected`, () => act(action, selected.filter(ACTIONS[action].applies)),
            { kind: action === 'cancel' ? 'danger' : 'secondary', id: `queue-bulk-${action}` });
        element.disabled = true;
        return [action, element];
    });
    function select(rows) {
        selected = rows;
        selection.textContent = rows.length ? `${plural(rows.length, 'copy')} selected.` : 'No copy selected.';
        for (const [action, element] of bulkButtons) {
            element.disabled = !rows.some(ACTIONS[action].applies);
        }
    }

    const rowActions = copy => h('div', { class: 'row-actions' }, Object.entries(ACTIONS)
        .filter(([, { applies }]) => applies(copy))
        .map(([action, { label }]) => button(label, () => act(action, [copy]), {
            kind: action === 'cancel' ? 'danger small' : 'secondary small',
            ariaLabel: `${label} the copy to ${copy.recipients.join(', ')}`,
        })));

    const filterForm = form({
        id: 'queue-filters',
        label: 'Filter the queue',
        submit: 'Filter',
        fields: [h('div', { class: 'filter-grid' },
            field({ name: 'status', label: 'Status', type: 'select', id: 'queue-status', value: filters.status || '',
                options: [['', 'Any'], ['waiting', 'Waiting'], ['held', 'Held'], ['delivering', 'Being delivered']] }),
            field({ name: 'recipient', label: 'Recipient', id: 'queue-recipient', value: filters.recipient, placeholder: 'gmail.com' }),
            field({ name: 'sender', label: 'Sender', id: 'queue-sender', value: filters.sender, placeholder: 'shop.example' }),
            field({ name: 'minAttempts', label: 'At least this many attempts', type: 'number', id: 'queue-min-attempts',
                value: filters.minAttempts, min: 0, inputmode: 'numeric' }))],
        secondary: Object.keys(filters).length ? linkButton('Every copy', `#${base}`) : null,
        onSubmit: async values => go(withQuery(base, {
            status: values.status, recipient: values.recipient.trim(), sender: values.sender.trim(), minAttempts: values.minAttempts,
        })),
    });

    const copies = page.items || [];
    return screen({
        title: 'Queue',
        lead: `Mail of ${domain} waiting for delivery, in the order it would leave.`,
        help: helpText,
        actions: button('Refresh', async () => refresh(), { id: 'queue-refresh' }),
    },
    domainTabs(domain, 'queue'),
    facts([['Delivery class', badge(page.priorityClass || 'normal', page.priorityClass === 'high' ? 'ok' : 'pending')],
        ['Copies shown', String(copies.length)]]),
    h('details', { class: 'filter-box', open: Object.keys(filters).length > 0 }, h('summary', {}, 'Filters'), filterForm),
    writable && copies.length ? h('div', { class: 'queue-bulk', id: 'queue-bulk', role: 'group', 'aria-label': 'With the selected copies' }, selection,
        h('div', { class: 'actions' }, bulkButtons.map(([, element]) => element))) : null,
    table({
        caption: 'Copies waiting for delivery',
        rows: copies,
        rowKey: copy => copy.id,
        empty: Object.keys(filters).length ? 'No copy matches these filters.' : 'Nothing is waiting: every copy of this domain\'s mail has left.',
        select: writable ? { onChange: select } : undefined,
        columns: [
            { label: 'To', value: copy => h('span', { class: 'wrap' }, copy.recipients.join(', ')) },
            { label: 'From', value: copy => h('span', { class: 'wrap' }, copy.sender || '<> (a bounce)') },
            { label: 'Status', value: copy => [badge(copy.status, STATUS_KIND[copy.status]), ' ', h('span', { class: 'small muted' }, `${copy.lane} lane`)] },
            { label: 'Tries', class: 'num', value: copy => String(copy.attempts) },
            { label: 'Reason', value: copy => h('span', { class: 'wrap' }, copy.reason || '') },
            { label: 'Next try', value: copy => copy.nextAttempt ? time(copy.nextAttempt) : '—' },
            { label: 'Queued', value: copy => time(copy.queuedAt) },
            writable ? { label: 'Actions', value: rowActions } : null,
        ].filter(Boolean),
    }));
}

// The domain's mail history: its messages (one per journey), searched by the filters in the hash's query so a
// filtered view is a link, a live tail of events as they happen, and the events' export.
import { get, enc, stream } from '../api.js';
import { h, screen, table, badge, time, field, form, button, notice, errorBox, domainTabs, linkButton, withQuery } from '../ui.js';
import { journeyHref, eventParts } from './message.js';

const FILTERS = ['sender', 'recipient', 'subject', 'reason', 'status', 'from', 'to'];
const STATUSES = ['received', 'forwarded', 'delivered', 'deferred', 'bounced', 'rejected', 'dropped', 'quarantined',
    'released', 'discarded', 'loop', 'fallback', 'resent', 'submitted', 'replied', 'delayed', 'suppressed', 'complained'];
const TAIL_MAX = 100;

/** An ISO instant as a datetime-local input shows it (the browser's time zone, to the minute). */
function localInput(iso) {
    const date = iso ? new Date(iso) : null;
    if (!date || Number.isNaN(date.getTime())) {
        return '';
    }
    const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
    return local.toISOString().slice(0, 16);
}

/** A datetime-local value as the ISO instant the API wants ('' stays ''). */
function instant(local) {
    const date = local ? new Date(local) : null;
    return date && !Number.isNaN(date.getTime()) ? date.toISOString() : '';
}


export default async function events({ domain }, { query, onLeave, go }) {
    const base = `/domains/${encodeURIComponent(domain)}/events`;
    const filters = Object.fromEntries(FILTERS.map(name => [name, query.get(name) || '']));
    const cursor = query.get('cursor') || '';
    const filtered = FILTERS.some(name => filters[name]);

    let page = null;
    let failure = null;
    try {
        page = await get(withQuery(enc`/smtpy/domains/${domain}/messages`, { ...filters, cursor }));
    } catch (error) {
        if (error.status !== 400) {
            throw error;
        }
        failure = error;
    }

    const search = form({
        id: 'event-filters',
        label: 'Search messages',
        submit: 'Search',
        fields: [
            h('div', { class: 'filter-grid' },
                field({ name: 'sender', label: 'Sender', type: 'email', value: filters.sender, id: 'filter-sender',
                    hint: 'The envelope sender, exactly (any case).' }),
                field({ name: 'recipient', label: 'Recipient', type: 'email', value: filters.recipient, id: 'filter-recipient',
                    hint: 'The address the mail came to, or a destination it went to.' }),
                field({ name: 'subject', label: 'Subject contains', value: filters.subject, id: 'filter-subject' }),
                field({ name: 'reason', label: 'Reason contains', value: filters.reason, id: 'filter-reason',
                    hint: 'Text of a refusal or a remote server\'s reply, e.g. "user unknown".' }),
                field({ name: 'status', label: 'Status', type: 'select', value: filters.status, id: 'filter-status',
                    options: [['', 'Any'], ...STATUSES.map(type => [type, type])], hint: 'What happened last to the message.' }),
                field({ name: 'from', label: 'From', type: 'datetime-local', value: localInput(filters.from), id: 'filter-from' }),
                field({ name: 'to', label: 'Until', type: 'datetime-local', value: localInput(filters.to), id: 'filter-to' })),
        ],
        secondary: filtered ? linkButton('Clear filters', `#${base}`) : null,
        onSubmit: async values => {
            go(withQuery(base, { ...values, from: instant(values.from), to: instant(values.to) }));
        },
    });

    const exportHref = withQuery(enc`/smtpy/domains/${domain}/events/export`,
        { format: 'csv', from: filters.from, to: filters.to });

    const messages = failure ? errorBox(failure) : table({
        caption: filtered ? 'Messages matching the filters, newest first' : 'Messages, newest first',
        empty: filtered ? 'No message matches these filters.' : 'No mail yet: send one to an alias of this domain.',
        rows: page.items,
        rowKey: item => item.id,
        columns: [
            { label: 'When', value: item => time(item.firstAt) },
            { label: 'Status', value: item => badge(item.status, item.status) },
            { label: 'From', value: item => h('span', { class: 'wrap' }, item.sender || '') },
            { label: 'To', value: item => h('span', { class: 'wrap' }, (item.recipients || []).join(', ')) },
            { label: 'Subject', value: item => h('a', { href: journeyHref(domain, item.id), class: 'journey wrap' },
                item.subject || '(no subject)') },
        ],
    });

    const pager = page && (page.next || cursor) ? h('nav', { class: 'pager', 'aria-label': 'Pages' },
        cursor ? linkButton('Newest', `#${withQuery(base, filters)}`) : null,
        page.next ? linkButton('Older messages', `#${withQuery(base, { ...filters, cursor: page.next })}`) : null) : null;

    return screen({
        title: 'Mail history',
        lead: 'Every mail of this domain: who sent it, where it went, and what the receiving servers answered.',
        help: {
            what: 'Each line is one message; open it to see its whole journey. Search by sender, recipient, subject, a refusal\'s reason, the latest status or a time range: the address bar keeps the search, so you can bookmark or share it. The live tail shows each event as smtpy records it.',
            good: 'Addresses exactly as written (any case), e.g. ann@shop.example; a reason as a few words of the reply, e.g. "mailbox full".',
            more: 'events',
        },
        actions: h('a', { class: 'button secondary', href: exportHref, download: `${domain}-events.csv`, id: 'events-export' },
            'Export events (CSV)'),
    },
    domainTabs(domain, 'events'),
    h('details', { class: 'filters', open: filtered || undefined }, h('summary', {}, 'Search'), search),
    liveTail(domain, onLeave),
    h('h2', {}, 'Messages'),
    h('div', { id: 'messages' }, messages),
    pager);
}

/** The toggle and the list of events arriving, newest first; the stream stops when the screen is left. */
function liveTail(domain, onLeave) {
    const list = h('ol', { class: 'tail', id: 'live-tail', 'aria-live': 'polite' });
    const state = h('p', { class: 'muted', id: 'live-tail-state' }, 'Off: turn it on to watch mail arrive.');
    let stop = null;
    let left = false;
    const toggle = button('Live tail', () => (stop ? off() : on()), { id: 'live-tail-toggle' });
    toggle.setAttribute('aria-pressed', 'false');

    function on() {
        const path = enc`/smtpy/domains/${domain}/events/stream` + '?timeout=3600';
        state.textContent = 'On: new events appear at the top as smtpy records them.';
        toggle.setAttribute('aria-pressed', 'true');
        stop = stream(path, (type, event) => {
            if (type === 'missed') {
                list.prepend(h('li', { class: 'muted' }, `${event.missed} events were missed (too many at once).`));
            } else if (typeof event === 'object') {
                list.prepend(tailLine(domain, event));
            }
            while (list.children.length > TAIL_MAX) {
                list.lastElementChild.remove();
            }
        }, error => {
            stop = null;
            if (error) {
                state.replaceChildren(notice(`The live tail stopped: ${error.message}`, 'error'));
                toggle.setAttribute('aria-pressed', 'false');
            } else if (!left) {
                on(); // the server ends a stream after its timeout: follow on
            }
        });
    }
    function off() {
        stop();
        stop = null;
        state.textContent = 'Off.';
        toggle.setAttribute('aria-pressed', 'false');
    }
    onLeave(() => {
        left = true;
        if (stop) {
            stop();
        }
    });
    return h('section', { class: 'live' }, h('h2', {}, 'Live tail'), h('div', { class: 'actions' }, toggle, state), list);
}

function tailLine(domain, event) {
    const journey = event.journeyId || event.mailId;
    return h('li', { class: `event ${event.type}`, dataset: { type: event.type, journey: journey || '' } },
        time(event.at), ' ', eventParts(event),
        event.sender ? h('span', { class: 'wrap muted' }, ` from ${event.sender}`) : null,
        journey ? [' ', h('a', { href: journeyHref(domain, journey), class: 'journey' }, 'Journey')] : null);
}

// The account's audit log: who did what, when and from where, newest first, filtered and paged; the check of its
// hash chain; exports; and the refused credentials of the account's keys and members.
import { get, enc, session, can } from '../api.js';
import { h, screen, field, form, button, badge, time, notice, table, linkButton } from '../ui.js';

const PAGE = 50;

function pretty(text) {
    if (!text) {
        return null;
    }
    try {
        return JSON.stringify(JSON.parse(text), null, 2);
    } catch (ignored) {
        return text;
    }
}

function entryView(entry) {
    const before = pretty(entry.before);
    const after = pretty(entry.after);
    return h('li', { class: 'audit-entry', dataset: { action: entry.action, sequence: String(entry.sequence) } },
        h('details', {},
            h('summary', {},
                h('span', { class: 'audit-line' },
                    badge(entry.action, String(entry.outcome).startsWith('success') ? 'ok' : 'error'), ' ',
                    h('span', { class: 'wrap' }, entry.target), ' ',
                    h('span', { class: 'muted small wrap' }, 'by ', entry.actor, entry.onBehalfOf ? ` for ${entry.onBehalfOf}` : '', ', ', time(entry.at)))),
            h('dl', { class: 'facts' },
                [['Outcome', entry.outcome], ['Source', entry.source], ['User agent', entry.userAgent], ['Request', entry.requestId],
                    ['Sequence', String(entry.sequence)], ['Hash', entry.hash]]
                    .filter(([, value]) => value).map(([label, value]) => [h('dt', {}, label), h('dd', { class: 'wrap' }, value)])),
            before || after ? h('div', { class: 'diff' },
                h('div', {}, h('h3', {}, 'Before'), before ? h('pre', { class: 'json' }, before) : h('p', { class: 'muted' }, 'nothing')),
                h('div', {}, h('h3', {}, 'After'), after ? h('pre', { class: 'json' }, after) : h('p', { class: 'muted' }, 'nothing'))) : null));
}

export default async function audit(params, { query }) {
    const helpText = {
        what: 'Every change made in this account (by members, API keys or the operator) leaves one entry, with what it looked like before and after. Each entry carries the hash of the one before it, so a changed or removed entry breaks the chain and "Verify" shows where.',
        good: 'Filter by actor (member:mem_..., key:key_... or operator), by action (member.add, key.create...) or by target (part of a path like aliases/sales).',
        more: 'audit',
    };
    if (!can('audit:read')) {
        return screen({ title: 'Audit log', help: helpText }, notice('Your role cannot read the audit log: ask an owner or admin of the account.'));
    }
    const base = enc`/smtpy/accounts/${session.accountId}`;
    const filters = {};
    for (const name of ['actor', 'action', 'target', 'from', 'to']) {
        if (query.get(name)) {
            filters[name] = query.get(name);
        }
    }
    const local = iso => {
        if (!iso) {
            return '';
        }
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? '' : new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    };

    const entries = h('ol', { class: 'audit', id: 'audit-entries' });
    const more = h('div', { class: 'actions' });
    const status = h('div', { 'aria-live': 'polite' });

    function search(cursor) {
        const parameters = new URLSearchParams(filters);
        parameters.set('limit', String(PAGE));
        if (cursor) {
            parameters.set('cursor', cursor);
        }
        return get(`${base}/audit?${parameters}`);
    }

    function show(page, append) {
        if (!append) {
            entries.replaceChildren();
        }
        entries.append(...page.items.map(entryView));
        if (!entries.children.length) {
            status.replaceChildren(h('p', { class: 'empty' }, Object.keys(filters).length ? 'No entry matches these filters.' : 'Nothing recorded yet.'));
        } else {
            status.replaceChildren();
        }
        more.replaceChildren(page.next ? button('Older entries', async () => show(await search(page.next), true), { id: 'audit-older' }) : []);
    }

    const exportLinks = h('div', { class: 'actions' });
    function drawExports() {
        const parameters = new URLSearchParams(filters);
        exportLinks.replaceChildren(
            ...['csv', 'ndjson'].map(format => {
                parameters.set('format', format);
                const link = linkButton(`Export ${format.toUpperCase()}`, `${base}/audit/export?${parameters}`, 'secondary small');
                link.setAttribute('download', `audit.${format}`);
                return link;
            }));
    }

    const filterForm = form({
        id: 'audit-filters',
        label: 'Filter the audit log',
        submit: 'Filter',
        fields: [
            field({ name: 'actor', label: 'Actor', id: 'audit-actor', value: filters.actor, placeholder: 'member:mem_...' }),
            field({ name: 'action', label: 'Action', id: 'audit-action', value: filters.action, placeholder: 'key.create' }),
            field({ name: 'target', label: 'Target', id: 'audit-target', value: filters.target, placeholder: 'keys/' }),
            field({ name: 'from', label: 'From', type: 'datetime-local', id: 'audit-from', value: local(filters.from) }),
            field({ name: 'to', label: 'To', type: 'datetime-local', id: 'audit-to', value: local(filters.to) }),
        ],
        onSubmit: async values => {
            for (const name of Object.keys(filters)) {
                delete filters[name];
            }
            for (const name of ['actor', 'action', 'target']) {
                if (values[name].trim()) {
                    filters[name] = values[name].trim();
                }
            }
            for (const name of ['from', 'to']) {
                if (values[name]) {
                    filters[name] = new Date(values[name]).toISOString();
                }
            }
            show(await search(), false);
            drawExports();
        },
    });
    filterForm.classList.add('filters');

    const verdict = h('div', { id: 'audit-verdict', 'aria-live': 'polite' });
    const verify = button('Verify the chain', async () => {
        verdict.replaceChildren(h('p', { class: 'loading' }, 'Checking every entry…'));
        const result = await get(`${base}/audit/verify`);
        verdict.replaceChildren(result.valid
            ? notice(`Intact: all ${result.entries} entries are chained, none changed or removed.`, 'ok')
            : notice(`Broken${result.brokenAt !== undefined ? ` at entry ${result.brokenAt}` : ''}: ${result.problem || 'the chain does not hold'}. Someone changed the stored log; keep an export and tell the operator.`, 'error'));
        verdict.firstChild.dataset.valid = String(result.valid);
    }, { id: 'audit-verify' });

    const failed = await get(`${base}/failed-attempts?limit=50`);
    const failedHolder = h('div', { id: 'failed-attempts' },
        table({
            caption: 'Refused credentials, newest first',
            rows: failed.items,
            empty: 'No refused credential recently.',
            columns: [
                { label: 'When', value: attempt => time(attempt.at) },
                { label: 'Credential', value: attempt => h('span', { class: 'wrap' }, attempt.credential) },
                { label: 'Reason', value: attempt => attempt.reason },
                { label: 'From', value: attempt => h('span', { class: 'wrap' }, attempt.source) },
            ],
        }));

    show(await search(), false);
    drawExports();
    return screen({
        title: 'Audit log',
        lead: 'Every change in this account, who made it and from where, newest first.',
        help: helpText,
        actions: verify,
    },
    verdict,
    h('details', { class: 'filter-box', open: Object.keys(filters).length > 0 }, h('summary', {}, 'Filters and export'), filterForm, exportLinks),
    entries,
    status,
    more,
    h('h2', {}, 'Failed attempts'),
    h('p', { class: 'small' }, 'The latest 50: wrong passwords of members, and refused API keys (wrong secret, revoked, expired, or from an address not allowed). Never the secret itself.'),
    failedHolder);
}

// The domain's block and allow lists (and its aliases'): the entries with what they matched, adding one (an address,
// a domain, a wildcard or a client network), removing one, and the CSV import and export.
import { get, post, del, enc, can } from '../api.js';
import { h, screen, table, field, form, button, badge, time, toast, confirmAction, notice, domainTabs, withQuery } from '../ui.js';

const KINDS = [
    ['address', 'ann@shop.example', 'that one sender address'],
    ['domain', 'spam.example (or @spam.example)', 'every sender of that domain, not of its subdomains'],
    ['wildcard', 'news*@shop.example, *@*.example, info@*', '* stands for any text; * alone matches every sender'],
    ['network', '192.0.2.0/24, 2001:db8::/32, 198.51.100.7', 'the connecting server\'s IP address or network'],
];

/** A datetime-local value as the ISO instant the API wants ('' stays ''). */
function instant(local) {
    const date = local ? new Date(local) : null;
    return date && !Number.isNaN(date.getTime()) ? date.toISOString() : '';
}

export default async function lists({ domain }, { query, refresh, go }) {
    const alias = (query.get('alias') || '').trim();
    const type = query.get('type') || '';
    const here = `/domains/${encodeURIComponent(domain)}/lists`;
    const base = enc`/smtpy/domains/${domain}/lists`;
    const entries = await get(withQuery(base, { alias, type }));
    const writable = can('rules:write', domain);

    const entriesTable = table({
        caption: alias ? `Entries of ${alias}@${domain}` : `Entries of ${domain} and its aliases`,
        rows: entries,
        rowKey: entry => entry.value,
        empty: 'No entry: mail is decided by the rules and the account\'s and operator\'s lists only.',
        columns: [
            { label: 'Entry', value: entry => h('div', { class: 'wrap' }, badge(entry.type, entry.type === 'allow' ? 'ok' : 'rejected'), ' ',
                h('span', { class: 'mono' }, entry.value),
                h('div', { class: 'small' }, `${entry.kind}${entry.type === 'block' ? `, ${entry.action || 'reject'}` : ''}`)) },
            { label: 'Applies to', value: entry => h('div', { class: 'wrap' }, entry.scope === 'alias' ? `${entry.alias}@${domain}` : domain,
                entry.note ? h('div', { class: 'small' }, entry.note) : null) },
            { label: 'Activity', value: entry => h('div', { class: 'small' },
                `${entry.hits || 0} hit${entry.hits === 1 ? '' : 's'}`, entry.lastHitAt ? [', last ', time(entry.lastHitAt)] : null,
                h('div', {}, entry.expiresAt ? ['expires ', time(entry.expiresAt)] : 'never expires', entry.expired ? [' ', badge('expired', 'pending')] : null)) },
            { label: '', value: entry => writable ? button('Remove', async () => {
                if (!await confirmAction(`Remove ${entry.value} from the ${entry.type} list of ${entry.scope === 'alias' ? `${entry.alias}@${domain}` : domain}?`,
                    { confirm: 'Remove entry' })) {
                    return;
                }
                await del(enc`/smtpy/domains/${domain}/lists/${entry.id}`);
                toast(`${entry.value} removed`);
                refresh();
            }, { kind: 'danger small', ariaLabel: `Remove ${entry.value} (${entry.type})` }) : null },
        ],
    });

    const filterForm = form({
        id: 'lists-filter',
        label: 'Show entries',
        submit: 'Show',
        fields: [h('div', { class: 'filter-grid' },
            field({ name: 'alias', label: 'Alias', id: 'lists-filter-alias', value: alias, placeholder: 'sales',
                hint: 'Empty: the domain\'s entries and every alias\'s.' }),
            field({ name: 'type', label: 'List', type: 'select', id: 'lists-filter-type', value: type,
                options: [['', 'Both'], ['block', 'Block'], ['allow', 'Allow']] }))],
        onSubmit: values => go(withQuery(here, { alias: values.alias.trim(), type: values.type })),
    });

    const addForm = writable ? form({
        id: 'list-add',
        label: 'Add an entry',
        submit: 'Add entry',
        fields: [h('div', { class: 'filter-grid' },
            field({ name: 'type', label: 'List', type: 'select', id: 'list-add-type', value: 'block',
                options: [['block', 'Block: refuse, drop or hold'], ['allow', 'Allow: always let through']] }),
            field({ name: 'value', label: 'Sender, domain, wildcard or network', id: 'list-add-value', required: true,
                placeholder: 'spam.example', hint: 'See "What a value matches" below.' }),
            field({ name: 'action', label: 'What a block does', type: 'select', id: 'list-add-action', value: 'reject',
                options: [['reject', 'Reject'], ['drop', 'Drop'], ['quarantine', 'Quarantine']],
                hint: 'Reject: the sender gets an error. Drop: accepted silently, kept for the restore window. Quarantine: held for review. Ignored for an allow entry.' }),
            field({ name: 'alias', label: 'Only for the alias', id: 'list-add-alias', value: alias, placeholder: 'sales',
                hint: 'Empty: the whole domain.' }),
            field({ name: 'note', label: 'Note', id: 'list-add-note', hint: 'Why, for whoever reads this later.' }),
            field({ name: 'expiresAt', label: 'Expires', type: 'datetime-local', id: 'list-add-expires', hint: 'Empty: never.' }))],
        onSubmit: async (values, element) => {
            const body = { type: values.type, value: values.value.trim() };
            if (values.type === 'block') {
                body.action = values.action;
            }
            for (const name of ['alias', 'note']) {
                if (values[name].trim()) {
                    body[name] = values[name].trim();
                }
            }
            if (values.expiresAt) {
                body.expiresAt = instant(values.expiresAt);
            }
            const entry = await post(base, body);
            toast(`${entry.value} added to the ${entry.type} list`);
            element.reset();
            refresh();
        },
    }) : notice('Your role can read these lists but not change them.');

    const importReport = h('div', { id: 'list-import-report', 'aria-live': 'polite' });
    const importForm = writable ? form({
        id: 'list-import',
        label: 'Import entries',
        submit: 'Import',
        fields: [field({ name: 'csv', label: 'CSV', type: 'textarea', id: 'list-import-csv', rows: 5,
            value: 'type,value,action,alias,note,expiresAt\n',
            hint: 'A header line, then one entry a line: type and value are required, e.g. block,*@spam.example,drop,,bulk spam,' })],
        onSubmit: async values => {
            const report = await post(`${base}/import`, { csv: values.csv });
            toast(`${report.added} of ${report.records} added${report.errors.length ? `, ${report.errors.length} refused` : ''}`,
                report.errors.length ? 'error' : 'info');
            importReport.replaceChildren(report.errors.length ? h('ul', { class: 'plain' }, report.errors.slice(0, 50).map(error =>
                h('li', { class: 'wrap' }, `Line ${error.line}: ${error.field ? `${error.field}: ` : ''}${error.message}`))) : '');
            if (report.added) {
                refresh();
            }
        },
    }) : null;

    return screen({
        title: 'Block and allow',
        lead: 'Senders whose mail is always refused (or held) and senders whose mail is always let through.',
        help: {
            what: `An entry here applies to mail to ${domain} (or to one alias). The narrowest list with a matching entry decides: the alias's, then the domain's, then the account's, then the operator's; in one list, allow beats block. An allowed sender still goes through the rules.`,
            good: 'The narrowest value that does the job: an address (ann@shop.example) before a domain (shop.example), a domain before a wildcard. A note saying why, and an expiry for a temporary block.',
            more: 'lists',
        },
        actions: h('a', { class: 'button secondary', href: `${base}/export`, download: `${domain}-lists.csv`, id: 'lists-export' }, 'Export (CSV)'),
    },
    domainTabs(domain, 'lists'),
    h('details', { class: 'filters', open: alias || type ? true : undefined }, h('summary', {}, 'Filter'), filterForm),
    h('h2', {}, 'Entries'),
    h('div', { id: 'list-entries' }, entriesTable),
    h('h2', {}, 'Add an entry'),
    addForm,
    h('h2', {}, 'What a value matches'),
    h('dl', { class: 'roles kinds' }, KINDS.map(([kind, example, text]) => [h('dt', {}, kind),
        h('dd', {}, `${text}: `, h('span', { class: 'mono wrap' }, example))])),
    importForm ? h('details', { class: 'inline' }, h('summary', {}, 'Import from CSV'), importForm, importReport) : null);
}

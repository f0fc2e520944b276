// The destinations suppressed for the domain's aliases (a permanent failure, a complaint, or an owner's hand): filtered
// by alias or destination, lifted after a confirmation, and added by hand.
import { get, post, del, enc, can } from '../api.js';
import { h, screen, table, field, form, button, time, toast, confirmAction, notice, domainTabs, withQuery } from '../ui.js';

function cause(suppression) {
    const [kind, detail] = suppression.cause.split(':');
    const label = { bounce: 'bounced', complaint: 'complaint', manual: 'by hand' }[kind] || kind;
    return detail ? `${label}: ${detail}` : label;
}

export default async function suppressions({ domain }, { query, refresh, go }) {
    const base = enc`/smtpy/domains/${domain}/suppressions`;
    const here = enc`/domains/${domain}/suppressions`;
    const mayWrite = can('suppressions:write', domain);
    const filters = { alias: query.get('alias') || '', destination: query.get('destination') || '' };
    const page = await get(withQuery(base, { ...filters, cursor: query.get('cursor') || '', limit: 100 }));

    const filterForm = form({
        id: 'suppression-filter',
        label: 'Filter suppressions',
        submit: 'Filter',
        fields: [
            field({ name: 'alias', label: 'Alias', id: 'filter-alias', value: filters.alias, placeholder: 'sales',
                hint: 'The local part, without @ and the domain.' }),
            field({ name: 'destination', label: 'Destination', type: 'email', id: 'filter-destination', value: filters.destination,
                placeholder: 'jane@example.net' }),
        ],
        onSubmit: async values => go(withQuery(here, { alias: values.alias.trim(), destination: values.destination.trim() })),
    });
    filterForm.classList.add('filters');

    const list = h('div', { id: 'suppressions' }, table({
        caption: 'Suppressed destinations, newest first',
        rows: page.items,
        rowKey: suppression => suppression.id,
        empty: filters.alias || filters.destination ? 'No suppression matches.' : 'No destination is suppressed: every copy is sent.',
        columns: [
            { label: 'Destination', class: 'col-mid', value: suppression => h('span', { class: 'wrap' }, suppression.destination) },
            { label: 'Alias', class: 'col-mid', value: suppression => h('span', { class: 'wrap' }, `${suppression.alias}@${domain}`) },
            { label: 'Reason', value: suppression => h('span', { class: 'wrap' }, suppression.reason,
                suppression.journeyId ? h('div', { class: 'small' },
                    h('a', { href: `#${enc`/domains/${domain}/messages/${suppression.journeyId}`}` }, 'The mail that caused it')) : null) },
            { label: 'Cause', value: cause },
            { label: 'Since', value: suppression => time(suppression.since) },
            { label: 'Until', value: suppression => time(suppression.until) },
            { label: 'Actions', value: suppression => mayWrite ? button('Lift', async () => {
                if (!await confirmAction(`Lift the suppression of ${suppression.destination} for ${suppression.alias}@${domain}? Copies go to it again.`,
                    { confirm: 'Lift', danger: false })) {
                    return;
                }
                await del(`${base}/${encodeURIComponent(suppression.id)}`);
                toast(`${suppression.destination} lifted`);
                refresh();
            }, { kind: 'secondary small', ariaLabel: `Lift ${suppression.destination} for ${suppression.alias}` }) : '' },
        ],
    }));

    return screen({
        title: 'Suppressions',
        lead: `Destinations of ${domain}'s aliases that smtpy stops sending to for a while.`,
        help: {
            what: 'A destination that failed for good (no such user, mailbox full) or complained is suppressed for its alias: copies go to the alias\'s next fallback, or wait in the quarantine, until the suppression ends, a later copy is delivered, or you lift it.',
            good: 'Lift a suppression once the mailbox works again. Suppress by hand a destination you know is gone, for as many days as it takes to fix the alias.',
            more: 'suppressions',
        },
    },
    domainTabs(domain, 'suppressions'),
    mayWrite ? null : notice('Your role can read the suppressions but not change them.'),
    h('details', { class: 'filter-box', open: Boolean(filters.alias || filters.destination) }, h('summary', {}, 'Filter'), filterForm),
    list,
    page.next ? h('p', {}, h('a', { class: 'button secondary', id: 'suppressions-next',
        href: `#${withQuery(here, { ...filters, cursor: page.next })}` }, 'Older suppressions')) : null,
    mayWrite ? suppressSection(base, domain, refresh) : null);
}

function suppressSection(base, domain, refresh) {
    return h('section', { id: 'add-suppression' }, h('h2', {}, 'Suppress by hand'), form({
        id: 'suppress-form',
        label: 'Suppress a destination by hand',
        submit: 'Suppress',
        fields: [
            field({ name: 'alias', label: 'Alias', id: 'suppress-alias', required: true, placeholder: 'sales',
                hint: `The local part of an existing alias of ${domain}.` }),
            field({ name: 'destination', label: 'Destination', type: 'email', id: 'suppress-destination', required: true,
                placeholder: 'old.mailbox@example.net' }),
            field({ name: 'days', label: 'Days', type: 'number', id: 'suppress-days', min: '1', max: '3650', step: '1',
                hint: '1 to 3650. Empty: the server\'s default (30 unless the operator changed it).' }),
            field({ name: 'reason', label: 'Reason', id: 'suppress-reason', placeholder: 'mailbox closed',
                hint: 'At most 500 characters. Empty: "suppressed by an owner".' }),
        ],
        onSubmit: async (values, element) => {
            const body = { alias: values.alias.trim(), destination: values.destination.trim() };
            if (values.days.trim()) {
                const days = Number(values.days);
                body.days = Number.isInteger(days) ? days : values.days;
            }
            if (values.reason.trim()) {
                body.reason = values.reason.trim();
            }
            const created = await post(base, body);
            element.reset();
            toast(`${created.destination} suppressed for ${created.alias}@${domain}`);
            refresh();
        },
    }));
}

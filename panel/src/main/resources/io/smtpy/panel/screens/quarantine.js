// The domain's quarantine: mail held by a rule or a block entry, and mail dropped but still restorable. Filtered by the
// hash's query (a filtered view is a link), each mail previewed safely (decoded fields and text, never markup), released
// (optionally allowing its sender from then on) or deleted, one by one or all those the filters select.
import { get, post, del, enc, can } from '../api.js';
import { h, screen, table, field, form, button, badge, time, toast, confirmAction, notice, facts, domainTabs, linkButton, withQuery } from '../ui.js';

const FILTERS = ['state', 'kind', 'alias', 'sender', 'subject'];
const PAGE = 50;

function size(bytes) {
    return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} B`;
}

/** The reason, and the rule or list entry that decided when the reason does not name it already. */
function reasonOf(mail) {
    const reason = mail.reason || '';
    const decidedBy = mail.decidedBy || '';
    return decidedBy && !reason.includes(decidedBy) ? [reason, `(${decidedBy})`].filter(Boolean).join(' ') : reason;
}

export default async function quarantine({ domain }, { query, refresh, go }) {
    const here = `/domains/${encodeURIComponent(domain)}/quarantine`;
    const base = enc`/smtpy/domains/${domain}/quarantine`;
    const filters = Object.fromEntries(FILTERS.map(name => [name, query.get(name) || '']));
    const offset = Number(query.get('offset') || 0);
    const page = await get(withQuery(base, { ...filters, limit: PAGE, offset }));
    const manage = can('quarantine:manage', domain);
    const allowToo = manage && can('rules:write', domain);
    const preview = h('div', { id: 'quarantine-preview', 'aria-live': 'polite' });

    async function release(mail, allowSender) {
        const who = mail.sender || 'the null sender';
        const question = allowSender
            ? `Deliver this mail to ${mail.recipients.join(', ')} and always let mail from ${who} through from now on?`
            : `Deliver this mail to ${mail.recipients.join(', ')} as if it had passed?`;
        if (!await confirmAction(question, { confirm: allowSender ? 'Release and allow' : 'Release', danger: false })) {
            return;
        }
        await post(enc`/smtpy/domains/${domain}/quarantine/${mail.id}/release`, allowSender ? { allowSender: true } : {});
        toast(allowSender ? `Released; ${who} is now allowed` : 'Released: on its way');
        refresh();
    }

    async function remove(mail) {
        if (!await confirmAction(`Delete the mail "${mail.subject || '(no subject)'}" from ${mail.sender || 'the null sender'}? It cannot be released afterwards.`,
            { confirm: 'Delete mail' })) {
            return;
        }
        await del(enc`/smtpy/domains/${domain}/quarantine/${mail.id}`);
        toast('Deleted');
        refresh();
    }

    async function show(mail) {
        const full = await get(enc`/smtpy/domains/${domain}/quarantine/${mail.id}`);
        const view = full.preview || { fields: [], text: '', attachments: [] };
        preview.replaceChildren(h('section', { class: 'preview', 'aria-labelledby': 'preview-title' },
            h('h2', { id: 'preview-title', tabindex: '-1' }, 'Preview: ', h('span', { class: 'wrap' }, full.subject || '(no subject)')),
            facts([
                ['Envelope sender', h('span', { class: 'wrap' }, full.sender || '<> (a bounce)')],
                ['Recipients', h('span', { class: 'wrap' }, full.recipients.join(', '))],
                ['Why', h('span', { class: 'wrap' }, reasonOf(full))],
                full.verdicts ? ['Checks', h('span', { class: 'wrap' }, Object.entries(full.verdicts).filter(([name]) => name !== 'results')
                    .map(([name, value]) => `${name} ${value}`).join(', '))] : null,
                full.verdicts && full.verdicts.results ? ['Authentication-Results', h('span', { class: 'wrap small' }, full.verdicts.results)] : null,
                ['Size', size(full.size)],
                ['Kept until', time(full.expiresAt)],
            ]),
            h('h3', {}, 'Header fields'),
            facts(view.fields.map(item => [item.name, h('span', { class: 'wrap' }, item.value)])),
            h('h3', {}, 'Text'),
            h('pre', { class: 'json preview-text' }, view.text || '(no text)'),
            view.truncated ? h('p', { class: 'small' }, 'Only the beginning is shown.') : null,
            view.attachments && view.attachments.length ? [h('h3', {}, 'Attachments'), h('ul', { class: 'plain' },
                view.attachments.map(item => h('li', { class: 'wrap' }, `${item.fileName || '(unnamed)'}, ${item.mimeType}, ${size(item.size)}`)))] : null,
            h('div', { class: 'actions' },
                h('a', { class: 'button secondary', href: enc`/smtpy/domains/${domain}/quarantine/${full.id}/raw`, download: `${full.id}.eml` },
                    'Download the raw message'),
                button('Close preview', () => preview.replaceChildren(), { kind: 'secondary' }))));
        preview.querySelector('h2').focus();
    }

    const mailTable = table({
        caption: `${page.total} ${filters.state === 'all' ? '' : `${filters.state || 'held'} `}mail${page.total === 1 ? '' : 's'}`,
        rows: page.items,
        rowKey: mail => mail.id,
        empty: filters.state && filters.state !== 'held' ? 'No mail matches.' : 'Nothing held: no rule or block entry has quarantined mail here.',
        columns: [
            { label: 'Received', value: mail => time(mail.receivedAt) },
            { label: 'Mail', value: mail => h('div', { class: 'wrap' }, h('strong', {}, mail.subject || '(no subject)'),
                h('div', { class: 'small' }, `from ${mail.sender || '<> (a bounce)'} to ${mail.recipients.join(', ')}`)) },
            { label: 'Why', value: mail => h('div', { class: 'wrap' }, badge(mail.kind, mail.kind), ' ',
                badge(mail.state, mail.state === 'held' ? 'pending' : mail.state), h('div', { class: 'small' }, reasonOf(mail))) },
            { label: '', value: mail => h('div', { class: 'actions row-actions' },
                button('Preview', () => show(mail), { kind: 'secondary small', ariaLabel: `Preview ${mail.subject || mail.id}` }),
                manage && mail.state === 'held' ? button('Release', () => release(mail, false),
                    { kind: 'primary small', ariaLabel: `Release ${mail.subject || mail.id}`, id: `release-${mail.id}` }) : null,
                allowToo && mail.state === 'held' && mail.sender ? button('Release and allow', () => release(mail, true),
                    { kind: 'secondary small', ariaLabel: `Release and allow ${mail.sender}: ${mail.subject || mail.id}`, id: `release-allow-${mail.id}` }) : null,
                manage && mail.state !== 'deleted' ? button('Delete', () => remove(mail),
                    { kind: 'danger small', ariaLabel: `Delete ${mail.subject || mail.id}`, id: `delete-${mail.id}` }) : null) },
        ],
    });

    async function bulk(verb) {
        const what = FILTERS.filter(name => filters[name]).map(name => `${name} ${filters[name]}`).join(', ');
        if (!await confirmAction(`${verb === 'release' ? 'Release' : 'Delete'} all ${page.total} mail${page.total === 1 ? '' : 's'} ${what ? `matching ${what}` : 'held'}?`,
            { confirm: verb === 'release' ? 'Release all' : 'Delete all', danger: verb !== 'release' })) {
            return;
        }
        const body = Object.fromEntries(FILTERS.filter(name => filters[name]).map(name => [name, filters[name]]));
        let done = 0;
        const failed = [];
        for (let answer = { more: true }; answer.more;) {
            answer = await post(`${base}/${verb}`, body);
            done += answer.done;
            failed.push(...answer.failed);
            if (!answer.done) {
                break;
            }
        }
        toast(`${done} ${verb === 'release' ? 'released' : 'deleted'}${failed.length ? `; ${failed.length} failed: ${failed[0].reason}` : ''}`,
            failed.length ? 'error' : 'info');
        refresh();
    }

    const search = form({
        id: 'quarantine-filters',
        label: 'Filter quarantined mail',
        submit: 'Show',
        fields: [h('div', { class: 'filter-grid' },
            field({ name: 'state', label: 'State', type: 'select', id: 'quarantine-state', value: filters.state,
                options: [['', 'Held'], ['released', 'Released'], ['deleted', 'Deleted'], ['all', 'All']] }),
            field({ name: 'kind', label: 'Kind', type: 'select', id: 'quarantine-kind', value: filters.kind,
                options: [['', 'Both'], ['quarantined', 'Quarantined (held for review)'], ['dropped', 'Dropped (restorable for a while)']] }),
            field({ name: 'alias', label: 'Alias', id: 'quarantine-alias', value: filters.alias, placeholder: 'sales' }),
            field({ name: 'sender', label: 'Sender contains', id: 'quarantine-sender', value: filters.sender }),
            field({ name: 'subject', label: 'Subject contains', id: 'quarantine-subject', value: filters.subject }))],
        onSubmit: values => go(withQuery(here, Object.fromEntries(FILTERS.map(name => [name, values[name].trim()])))),
    });

    const pager = page.total > PAGE ? h('nav', { class: 'pager', 'aria-label': 'Pages' },
        offset > 0 ? linkButton('Newer', `#${withQuery(here, { ...filters, offset: Math.max(0, offset - PAGE) || '' })}`) : null,
        offset + PAGE < page.total ? linkButton('Older', `#${withQuery(here, { ...filters, offset: offset + PAGE })}`) : null) : null;
    const bulkable = manage && page.total > 0 && (!filters.state || filters.state === 'held');

    return screen({
        title: 'Quarantine',
        lead: 'Mail a rule or a block entry held back, and mail dropped but still restorable: look at it, then release or delete it.',
        help: {
            what: 'Held mail waits here until someone releases it (it is then delivered to its destinations as if it had passed) or it expires. "Release and allow" also adds the sender to the allow list of the alias (or the domain), so their next mail is not held. Dropped mail is kept for the restore window only. The preview shows the decoded text only: no link or image in it is opened.',
            good: 'Check the sender and the subject before releasing; release and allow only senders you trust. Once a day, owners and admins get a digest of newly held mail (a domain setting).',
            more: 'quarantine',
        },
    },
    domainTabs(domain, 'quarantine'),
    h('details', { class: 'filters', open: FILTERS.some(name => filters[name]) || undefined }, h('summary', {}, 'Filter'), search),
    manage ? null : notice('Your role can look at this mail but not release or delete it.'),
    h('h2', {}, 'Mail'),
    bulkable ? h('div', { class: 'actions bulk' },
        button('Release all shown by the filter', () => bulk('release'), { kind: 'secondary', id: 'quarantine-release-all' }),
        button('Delete all shown by the filter', () => bulk('delete'), { kind: 'danger', id: 'quarantine-delete-all' })) : null,
    h('div', { id: 'quarantine-list' }, mailTable),
    pager,
    preview);
}

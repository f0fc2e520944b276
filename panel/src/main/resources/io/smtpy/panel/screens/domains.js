// The account's domains, and adding one (which leads to its setup checklist).
import { get, put, enc, session, can } from '../api.js';
import { h, screen, table, field, form, badge, linkButton } from '../ui.js';

export default async function domains(params, { go }) {
    const list = await get('/smtpy/domains');
    const mayWrite = can('domains:write');
    const addForm = mayWrite ? form({
        id: 'add-domain',
        label: 'Add a domain',
        submit: 'Add domain',
        fields: [field({ name: 'domain', label: 'Domain name', id: 'add-domain-name', required: true, placeholder: 'example.com',
            hint: 'The domain whose mail smtpy should forward, as you own it: example.com, not www.example.com.',
            autocomplete: 'off', inputmode: 'url' })],
        onSubmit: async values => {
            const name = values.domain.trim().toLowerCase().replace(/\.$/, '');
            const created = await put(`${enc`/smtpy/domains/${name}`}?account=${encodeURIComponent(session.accountId || '')}`,
                {}).catch(error => {
                if (error.field === 'domain' || error.field === 'body') {
                    error.field = 'domain';
                }
                throw error;
            });
            go(`/domains/${encodeURIComponent(created.name)}?new=1`);
        },
    }) : null;
    return screen({
        title: 'Domains',
        lead: 'Each domain you add here gets its own aliases, DNS checklist, signing keys and mail history.',
        help: {
            what: 'smtpy receives the mail of these domains (their MX points here) and forwards it as their aliases say.',
            good: 'Add the domain exactly as it appears after the @ in addresses.',
            more: 'domains',
        },
    },
    addForm,
    table({
        caption: 'Your domains',
        empty: 'No domain yet: add your first one above.',
        rows: list,
        rowKey: domain => domain.name,
        columns: [
            { label: 'Domain', value: domain => h('a', { href: `#/domains/${encodeURIComponent(domain.name)}` }, domain.unicodeName || domain.name) },
            { label: 'Aliases', value: domain => String(domain.aliases), class: 'num' },
            { label: 'DNS', value: domain => domain.dnsVerification
                ? badge(domain.dnsVerification.verified ? 'verified' : 'incomplete', domain.dnsVerification.verified ? 'ok' : 'wrong')
                : badge('not checked', 'pending') },
            { label: 'State', value: domain => badge(domain.enabled ? 'enabled' : 'disabled', domain.enabled ? 'ok' : 'error') },
            { label: '', value: domain => linkButton('Aliases', `#/domains/${encodeURIComponent(domain.name)}/aliases`) },
        ],
    }));
}

// The operator's view of the installation: every account, creating one, and opening one (the panel then acts in it,
// as the header's account switcher does).
import { get, post, session, loadMe, setAccount } from '../api.js';
import { h, screen, table, field, form, button, badge, time, toast, notice } from '../ui.js';

export default async function accounts(params, { go, refresh }) {
    const helpText = {
        what: 'Accounts separate customers or teams: each has its own domains, members, API keys and audit log. Only the operator (who holds the operator key) sees them all.',
        good: 'Name an account after the customer or team it serves ("Acme Ltd"). After creating one, open it and add its first owner on the Team page.',
        more: 'team',
    };
    if (!session.me.operator) {
        return screen({ title: 'Accounts', help: helpText }, notice('Only the operator of this installation can list every account.'));
    }
    const list = await get('/smtpy/accounts');

    async function open(account) {
        await loadMe();
        setAccount(account.id);
        toast(`Now acting in ${account.name}`);
        go('/members');
    }

    return screen({
        title: 'Accounts',
        lead: 'Every account of this installation. Opening one makes the panel act in it.',
        help: helpText,
    },
    table({
        caption: 'All accounts',
        rows: list.items,
        rowKey: account => account.name,
        empty: 'No account yet.',
        columns: [
            { label: 'Name', value: account => h('span', {}, h('strong', { class: 'wrap' }, account.name),
                account.id === session.accountId ? [' ', badge('current', 'active')] : null) },
            { label: 'Id', value: account => h('code', { class: 'wrap' }, account.id) },
            { label: 'Created', value: account => time(account.createdAt) },
            { label: 'Audit kept', value: account => `${account.auditRetentionDays} days` },
            { label: '', value: account => button('Open', () => open(account), { kind: 'secondary small', ariaLabel: `Open ${account.name}` }) },
        ],
    }),
    h('h2', {}, 'Create an account'),
    form({
        id: 'create-account',
        label: 'Create an account',
        submit: 'Create account',
        fields: [field({ name: 'name', label: 'Name', id: 'account-name', required: true, placeholder: 'Acme Ltd' })],
        onSubmit: async values => {
            const created = await post('/smtpy/accounts', { name: values.name.trim() });
            toast(`Account ${created.name} created`);
            await loadMe();
            refresh();
        },
    }));
}

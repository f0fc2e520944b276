// The signed-in member: who they are, two-factor sign-in (enrol, confirm, remove), their sessions, and which
// notification mails they get.
import { api, get, post, put, del, enc, session, signOut, loadMe } from '../api.js';
import { h, screen, field, form, button, badge, time, toast, confirmAction, notice, facts, copyButton, table, showSecretOnce } from '../ui.js';

const NOTIFICATIONS = {
    'destination-failing': 'A destination refuses forwarded mail for good',
    'bounce-rate': 'A domain\'s bounce rate is high',
    suppressed: 'A destination is suppressed (complaint or by hand)',
    quarantine: 'Mail was quarantined',
    'dns-check': 'A DNS record that was right went missing or wrong',
    dkim: 'A DKIM record is wrong, or a new key waits for DNS',
    limit: 'A traffic limit refused mail',
    digest: 'The daily summary of each domain',
    'reply-refused': 'A reply through a reverse alias was refused',
};

function twoFactor(me, refresh) {
    const holder = h('div', { id: 'totp' });
    if (me.totpEnrolled) {
        holder.append(notice('Two-factor sign-in is on: signing in asks for the code of your authenticator app.', 'ok'),
            form({
                id: 'totp-remove',
                label: 'Turn two-factor sign-in off',
                submit: 'Turn off',
                fields: [field({ name: 'code', label: 'Current code', id: 'totp-remove-code', required: true, inputmode: 'numeric',
                    autocomplete: 'one-time-code', hint: 'The 6 digits your app shows now (or a recovery code).' })],
                onSubmit: async values => {
                    await api('DELETE', '/smtpy/me/totp', { code: values.code.trim() });
                    toast('Two-factor sign-in is off');
                    await loadMe();
                    refresh();
                },
            }));
        return holder;
    }
    const start = form({
        id: 'totp-start',
        label: 'Turn two-factor sign-in on',
        submit: 'Set up two-factor sign-in',
        fields: [field({ name: 'password', label: 'Your password', type: 'password', id: 'totp-password', required: true,
            autocomplete: 'current-password', hint: 'To be sure it is you.' })],
        onSubmit: async values => {
            const enrolment = await post('/smtpy/me/totp', { password: values.password });
            start.replaceWith(confirmStep(enrolment, refresh));
        },
    });
    holder.append(h('p', {}, 'With two-factor sign-in, a stolen password is not enough: signing in also needs the 6-digit code of an authenticator app on your phone (any TOTP app).'),
        start);
    return holder;
}

function confirmStep(enrolment, refresh) {
    return h('div', { class: 'enrol' },
        h('ol', {},
            h('li', {}, 'In your authenticator app, add an account by entering this key by hand (or open the link below on the phone):',
                h('p', {}, h('code', { class: 'wrap', id: 'totp-secret' }, enrolment.secret), ' ', copyButton(enrolment.secret, 'Copy key')),
                h('p', {}, h('code', { class: 'wrap small', id: 'totp-uri' }, enrolment.otpauthUri), ' ', copyButton(enrolment.otpauthUri, 'Copy link'))),
            h('li', {}, 'Enter the code the app now shows, to prove it works:')),
        form({
            id: 'totp-confirm',
            label: 'Confirm two-factor sign-in',
            submit: 'Confirm',
            fields: [field({ name: 'code', label: 'Code from the app', id: 'totp-code', required: true, inputmode: 'numeric',
                autocomplete: 'one-time-code' })],
            onSubmit: async values => {
                const confirmed = await post('/smtpy/me/totp/confirm', { code: values.code.trim() });
                if (confirmed.recoveryCodes && confirmed.recoveryCodes.length) {
                    await showSecretOnce('Recovery codes', confirmed.recoveryCodes.join('\n'));
                }
                toast('Two-factor sign-in is on');
                await loadMe();
                refresh();
            },
        }));
}

async function sessions(go, refresh) {
    const answer = await get('/smtpy/sessions');
    return table({
        caption: 'Where you are signed in',
        rows: answer.items,
        rowKey: item => item.id,
        columns: [
            { label: 'Device', value: item => h('span', { class: 'wrap' }, item.userAgent || 'unknown', item.current ? [' ', badge('this one', 'active')] : null) },
            { label: 'From', value: item => h('span', { class: 'wrap' }, item.source) },
            { label: 'Since', value: item => time(item.createdAt) },
            { label: 'Until', value: item => time(item.expiresAt) },
            { label: '', value: item => item.current
                ? button('Sign out', async () => {
                    await signOut();
                    go('/signin');
                }, { kind: 'secondary small', id: 'end-current-session' })
                : button('End', async () => {
                    if (!await confirmAction('End this session? That device must sign in again.', { confirm: 'End session' })) {
                        return;
                    }
                    await del(enc`/smtpy/sessions/${item.id}`);
                    toast('Session ended');
                    refresh();
                }, { kind: 'danger small', ariaLabel: `End the session from ${item.source}` }) },
        ],
    });
}

async function notifications() {
    const answer = await get('/smtpy/me/notifications');
    const types = Object.keys(answer.notifications);
    return form({
        id: 'notifications',
        label: 'Notification mails',
        submit: 'Save choices',
        fields: types.map(type => field({ name: type, label: NOTIFICATIONS[type] || type, type: 'select', id: `notify-${type}`,
            value: answer.notifications[type],
            options: [['default', type === 'digest' ? 'Default (off)' : 'Default (on for owners and admins)'], ['on', 'On'], ['off', 'Off']] })),
        onSubmit: async values => {
            const changed = {};
            for (const type of types) {
                changed[type] = values[type];
            }
            await put('/smtpy/me/notifications', changed);
            toast('Notification choices saved');
        },
    });
}

export default async function profile(params, { go, refresh }) {
    const me = session.me.principal;
    const helpText = {
        what: 'Your own sign-in: your address, a second factor for signing in, the devices where you are signed in, and the mails smtpy sends you about your domains.',
        good: 'Turn on two-factor sign-in, and end sessions on devices you no longer use or do not recognise.',
        more: 'security',
    };
    if (!me.memberId) {
        return screen({ title: 'Profile', help: helpText },
            notice(me.type === 'operator'
                ? 'You act as the operator of this installation: there is no member profile, sessions or notification choices.'
                : 'You act with an API key: there is no member profile.'),
            facts([['Acting as', me.actor]]));
    }
    const [sessionsTable, notificationsForm] = await Promise.all([sessions(go, refresh), notifications()]);
    return screen({ title: 'Profile', lead: 'Your sign-in, sessions and notification mails.', help: helpText },
        facts([['Name', me.displayName || '—'], ['Email', h('span', { class: 'wrap' }, me.email)],
            ['Accounts', (session.me.accounts || []).map(item => `${item.name} (${item.role || 'member'})`).join(', ')]]),
        h('h2', {}, 'Two-factor sign-in'),
        twoFactor(me, refresh),
        h('h2', {}, 'Sessions'),
        sessionsTable,
        h('h2', {}, 'Notification mails'),
        h('p', { class: 'small' }, 'Mails about the domains of your accounts. Default: every kind but the daily digest goes to owners and admins.'),
        notificationsForm);
}

// Sign in with a member's address and password (and a TOTP code when the member enrolled one).
import { signIn, session, post, loadMe } from '../api.js';
import { h, field, form } from '../ui.js';

export default async function signin(params, { go }) {
    if (session.me) {
        go('/domains');
        return h('p', {}, 'Signed in.');
    }
    const totp = field({ name: 'totp', label: 'Authenticator code', id: 'signin-totp', inputmode: 'numeric',
        autocomplete: 'one-time-code', hint: 'Only if you turned on two-factor sign-in: the 6 digits your app shows now.' });
    return h('section', { class: 'screen signin' },
        h('div', { class: 'signin-card' },
            h('img', { src: 'icon.svg', alt: '', width: 56, height: 56 }),
            h('h1', {}, 'Sign in to smtpy'),
            h('p', { class: 'lead' }, 'Forward mail for your domains: aliases, DNS setup, history, keys and team.'),
            form({
                id: 'signin',
                label: 'Sign in',
                submit: 'Sign in',
                fields: [
                    field({ name: 'email', label: 'Email', type: 'email', id: 'signin-email', required: true, autocomplete: 'username' }),
                    field({ name: 'password', label: 'Password', type: 'password', id: 'signin-password', required: true,
                        autocomplete: 'current-password' }),
                    totp,
                ],
                onSubmit: async values => {
                    try {
                        await signIn(values.email.trim(), values.password, values.totp.trim());
                    } catch (error) {
                        if (error.status === 401 || error.status === 400) {
                            error.field = null;
                            error.message = /totp/i.test(error.message)
                                ? 'Enter the code your authenticator app shows (two-factor sign-in is on for this member).'
                                : 'Wrong email, password or code.';
                        }
                        throw error;
                    }
                    const after = sessionStorage.getItem('smtpy.after');
                    sessionStorage.removeItem('smtpy.after');
                    go(after && after !== '/signin' ? after : '/domains');
                },
            }),
            h('details', { class: 'operator-signin' }, h('summary', {}, 'Operator of this installation?'),
                form({
                    id: 'operator-signin',
                    label: 'Sign in as the operator',
                    submit: 'Sign in as operator',
                    fields: [field({ name: 'operatorKey', label: 'Operator key', type: 'password', id: 'operator-key', required: true,
                        autocomplete: 'off', hint: 'From SMTPY_OPERATOR_KEY or the file var/smtpy/operator-key on the server. The browser keeps a 12-hour session, never the key.' })],
                    onSubmit: async values => {
                        try {
                            const answer = await post('/smtpy/session?cookie=true', { operatorKey: values.operatorKey.trim() }, { allowUnauthenticated: true });
                            session.csrf = answer.csrfToken;
                        } catch (error) {
                            if (error.status === 401) {
                                error.message = 'Wrong operator key.';
                            }
                            throw error;
                        }
                        await loadMe();
                        go('/accounts');
                    },
                })),
            h('p', { class: 'small' }, h('a', { href: '#/guide' }, 'How smtpy works'))));
}

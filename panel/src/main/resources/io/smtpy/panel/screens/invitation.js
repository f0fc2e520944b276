// Answering an invitation with the token mailed to the invitee (the link in the mail opens this screen with
// ?token=...): accept it, choosing a password when the address is not a member yet, or decline it.
import { post } from '../api.js';
import { h, screen, field, form, button, notice, toast } from '../ui.js';

export default async function invitation(params, { query }) {
    const fromLink = query.get('token') || '';
    const result = h('div', { id: 'invitation-result', 'aria-live': 'polite' });
    const tokenField = field({ name: 'token', label: 'Invitation token', id: 'invitation-token', required: true, value: fromLink,
        hint: 'Filled in from the link in your mail; or paste the token the mail shows.' });

    function done(message) {
        result.replaceChildren(notice(message, 'ok'),
            h('p', {}, h('a', { class: 'button primary', href: '#/signin', id: 'invitation-signin' }, 'Go to sign-in')));
        acceptForm.hidden = true;
        declineBox.hidden = true;
    }

    const acceptForm = form({
        id: 'accept-invitation',
        label: 'Accept the invitation',
        submit: 'Accept and join',
        fields: [
            tokenField,
            field({ name: 'displayName', label: 'Your name', id: 'invitation-name', autocomplete: 'name', hint: 'Optional: how the team list shows you.' }),
            field({ name: 'password', label: 'Choose a password', type: 'password', id: 'invitation-password', autocomplete: 'new-password',
                hint: 'At least 10 characters. Leave empty if you already sign in to smtpy with this address: you keep your password.' }),
        ],
        onSubmit: async values => {
            const body = { token: values.token.trim() };
            if (values.password) {
                body.password = values.password;
            }
            if (values.displayName.trim()) {
                body.displayName = values.displayName.trim();
            }
            const member = await post('/smtpy/invitations/accept', body, { allowUnauthenticated: true }).catch(error => {
                if (error.status === 404 || error.status === 410) {
                    error.field = 'token';
                    error.message = 'This invitation is unknown, used, revoked or expired: ask for a new one.';
                }
                throw error;
            });
            done(`You joined as ${member.role}. Sign in with ${member.email}.`);
        },
    });

    const declineBox = h('div', {},
        h('h2', {}, 'Not for you?'),
        h('p', {}, 'Declining tells the account that invited you; the link stops working.'),
        button('Decline the invitation', async () => {
            const token = acceptForm.elements.token.value.trim();
            if (!token) {
                toast('The token is missing: open the link from your mail again.', 'error');
                return;
            }
            await post('/smtpy/invitations/decline', { token }, { allowUnauthenticated: true });
            done('Invitation declined. Nothing else is needed.');
        }, { kind: 'danger', id: 'decline-invitation' }));

    return screen({
        title: 'Join a team on smtpy',
        lead: 'You were invited to an smtpy account. Accept to become a member with the role you were offered.',
        help: {
            what: 'The invitation mail holds a single-use token, valid for a few days. Accepting it creates your sign-in (or adds the account to the one you have).',
            good: 'A password you use nowhere else, 10 characters or more; a passphrase of a few words is easy to type and hard to guess.',
            more: 'team',
        },
    },
    fromLink ? null : notice('Open the link from your invitation mail, or paste its token below.'),
    acceptForm,
    declineBox,
    result);
}

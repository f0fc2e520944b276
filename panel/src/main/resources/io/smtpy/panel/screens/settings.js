// The domain's settings, each with what it does and its default; a save sends only what changed. Deleting the
// domain asks for its name first.
import { get, patch, del, enc, can } from '../api.js';
import { h, screen, field, form, button, toast, notice, domainTabs } from '../ui.js';

// Each setting: its API name (a dotted path inside spam and virus, which is also how the API names it in a 400), the
// input, and the hint with its default.
const GROUPS = [
    ['Mail flow', [
        { name: 'enabled', label: 'Domain enabled', type: 'checkbox',
            hint: 'Off: every address of the domain is refused at once, aliases kept. Default: on.' },
        { name: 'keepSubaddressTag', label: 'Keep the +tag', type: 'checkbox',
            hint: 'On: mail to alias+news@ reaches dest+news@ at each destination. Off: the tag is dropped. Default: off.' },
        { name: 'archiveAddress', label: 'Archive address', type: 'email', placeholder: 'archive@example.net',
            hint: 'A copy of every accepted mail (forwarded, dropped or quarantined) goes here. Empty: none (the default).' },
        { name: 'blockLinks', label: 'One-click block links', type: 'checkbox',
            hint: 'Forwarded copies carry links to block their sender. Default: on.' },
        { name: 'quarantineDigest', label: 'Daily quarantine digest', type: 'checkbox',
            hint: 'Owners and admins get at most one mail a day listing newly quarantined mail. Default: on.' },
    ]],
    ['Authentication and signatures', [
        { name: 'enforceDmarcReject', label: 'Enforce DMARC reject', type: 'checkbox',
            hint: 'Refuse mail whose author domain fails DMARC and asks for p=reject. Default: off (such mail is forwarded, marked).' },
        { name: 'forwardedSignatures', label: 'Signatures on forwarded copies', type: 'select',
            options: [['arc+dkim', 'ARC and DKIM (recommended)'], ['arc', 'ARC only'], ['none', 'None']],
            hint: 'What forwarded copies carry once your DKIM keys are published. Default: ARC and DKIM.' },
    ]],
    ['Spam and viruses', [
        { name: 'spam.enabled', label: 'Score mail for spam', type: 'checkbox', hint: 'Mail is scored by SpamAssassin. Default: on.' },
        { name: 'spam.tagThreshold', label: 'Tag from score', type: 'number', step: '0.1', min: '-1000', max: '1000',
            hint: 'From this score copies carry X-Spam-Flag: YES. Not above the action score. Default: 5.' },
        { name: 'spam.threshold', label: 'Act from score', type: 'number', step: '0.1', min: '-1000', max: '1000',
            hint: 'From this score the action below applies. Default: 10.' },
        { name: 'spam.action', label: 'Spam action', type: 'select',
            options: [['tag', 'Tag only'], ['quarantine', 'Quarantine'], ['reject', 'Reject'], ['drop', 'Drop']],
            hint: 'What happens to mail at or above the action score. Default: quarantine.' },
        { name: 'virus.enabled', label: 'Scan for viruses', type: 'checkbox', hint: 'Mail is scanned by ClamAV. Default: on.' },
        { name: 'virus.action', label: 'Virus action', type: 'select',
            options: [['reject', 'Reject'], ['quarantine', 'Quarantine'], ['drop', 'Drop']],
            hint: 'Infected mail is never delivered: refused, held, or discarded. Default: reject.' },
    ]],
    ['History and privacy', [
        { name: 'eventRetentionDays', label: 'Keep mail history (days)', type: 'number', min: '1', max: '3650', step: '1',
            hint: 'Events older than this are deleted each hour. 1 to 3650. Default: 30.' },
        { name: 'legalHold', label: 'Legal hold', type: 'checkbox',
            hint: 'Keeps every event (and failed copies) whatever the retention says, until turned off. Default: off.' },
        { name: 'eventPrivacy', label: 'Addresses in the history', type: 'select',
            options: [['full', 'Kept in full'], ['hashed', 'Hashed (searchable by exact address)'], ['none', 'Not kept']],
            hint: 'How events keep addresses and subjects, from now on. Default: kept in full.' },
    ]],
];

function current(domain, name) {
    return name.split('.').reduce((value, part) => (value === null || value === undefined ? value : value[part]), domain);
}

/** The value to send for what the form holds: booleans, numbers (a non-number is sent as typed, so the API names it). */
function typed(spec, value) {
    if (spec.type === 'checkbox') {
        return value;
    }
    if (spec.type === 'number') {
        const number = Number(value);
        return value.trim() !== '' && Number.isFinite(number) ? number : value;
    }
    if (spec.name === 'archiveAddress') {
        return value.trim() === '' ? null : value.trim();
    }
    return value;
}

export default async function settings({ domain }, { go, refresh }) {
    const info = await get(enc`/smtpy/domains/${domain}`);
    const mayWrite = can('domains:write', domain);
    const specs = GROUPS.flatMap(([, fields]) => fields);

    const settingsForm = form({
        id: 'domain-settings',
        label: 'Domain settings',
        submit: 'Save changes',
        fields: GROUPS.map(([legend, fields]) => h('fieldset', { class: 'settings-group' }, h('legend', {}, legend),
            fields.map(spec => field({ ...spec, id: `setting-${spec.name.replace('.', '-')}`,
                value: current(info, spec.name) === null ? '' : current(info, spec.name) })))),
        onSubmit: async values => {
            const body = {};
            for (const spec of specs) {
                const value = typed(spec, values[spec.name]);
                const before = current(info, spec.name);
                if (value === before || (value === null && (before === null || before === undefined))) {
                    continue;
                }
                const [group, inner] = spec.name.split('.');
                if (inner) {
                    body[group] = { ...body[group], [inner]: value };
                } else {
                    body[group] = value;
                }
            }
            if (!Object.keys(body).length) {
                toast('Nothing changed');
                return;
            }
            await patch(enc`/smtpy/domains/${domain}`, body);
            toast(`Saved: ${Object.keys(body).join(', ')}`);
            refresh();
        },
    });
    if (!mayWrite) {
        for (const element of settingsForm.elements) {
            element.disabled = true;
        }
    }

    return screen({
        title: 'Settings',
        lead: `How smtpy treats mail for ${info.unicodeName || domain}.`,
        help: {
            what: 'Each setting applies to the whole domain at once. Saving sends only the settings you changed; a wrong value is shown at its field and nothing is changed.',
            good: 'The defaults suit most domains. Raise the spam scores if wanted mail is tagged; shorten the history if you must keep less.',
            more: 'settings',
        },
    },
    domainTabs(domain, 'settings'),
    mayWrite ? null : notice('Your role can read these settings but not change them.'),
    settingsForm,
    mayWrite ? dangerZone(domain, go) : null);
}

function dangerZone(domain, go) {
    const confirmInput = h('input', { id: 'delete-confirm', type: 'text', autocomplete: 'off', 'aria-describedby': 'delete-hint',
        spellcheck: 'false' });
    const remove = button('Delete domain', async () => {
        if (confirmInput.value.trim().toLowerCase() !== domain) {
            return;
        }
        await del(enc`/smtpy/domains/${domain}`);
        toast(`${domain} deleted`);
        go('/domains');
    }, { kind: 'danger', id: 'delete-domain' });
    remove.disabled = true;
    confirmInput.addEventListener('input', () => {
        remove.disabled = confirmInput.value.trim().toLowerCase() !== domain;
    });
    return h('section', { class: 'danger-zone', id: 'delete-section' },
        h('h2', {}, 'Delete this domain'),
        h('p', { id: 'delete-hint' }, `Deletes ${domain}, its catch-all and every alias at once. Mail to it is refused from then on. This cannot be undone. Type the domain name to confirm.`),
        h('div', { class: 'field' }, h('label', { for: 'delete-confirm' }, 'Domain name'), confirmInput),
        h('div', { class: 'form-actions' }, remove));
}

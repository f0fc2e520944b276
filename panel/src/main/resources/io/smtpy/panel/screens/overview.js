// A domain's setup: the DNS records to publish, re-checked live until each is right, then the first alias and a test
// mail watched arriving in the live event tail.
import { get, post, put, enc, can, stream } from '../api.js';
import { h, screen, badge, copyButton, button, field, form, toast, domainTabs, notice } from '../ui.js';

const RECHECK_MILLIS = 5000;
const KIND_LABELS = {
    mx: 'MX: where mail for the domain goes',
    spf: 'SPF: who may send as the domain',
    dkim: 'DKIM: the key that signs forwarded mail',
    dmarc: 'DMARC: the policy, and where reports go',
    ownership: 'Ownership: proves the domain is yours',
};

export default async function overview({ domain }, { onLeave, query }) {
    const info = await get(enc`/smtpy/domains/${domain}`);
    const records = h('div', { class: 'records', id: 'dns-records', 'aria-live': 'polite' });
    const summary = h('p', { class: 'dns-summary', id: 'dns-summary' });
    let timer = null;
    let stopped = false;

    async function check(keep) {
        try {
            const report = keep && can('domains:write', domain)
                ? await post(enc`/smtpy/domains/${domain}/dns/verify`)
                : await get(enc`/smtpy/domains/${domain}/dns`);
            draw(report);
            return report;
        } catch (error) {
            records.replaceChildren(notice(error.status === 503
                ? 'The DNS check is not configured on this server (the operator sets dns.mx and dns.spfInclude).'
                : error.message, 'error'));
            return null;
        }
    }

    function draw(report) {
        const good = report.records.filter(record => record.status === 'ok').length;
        summary.textContent = report.ok
            ? 'Every record is published: mail for this domain is ready to flow.'
            : `${good} of ${report.records.length} records are right. Publish the others at your DNS provider; this list re-checks by itself.`;
        summary.className = `dns-summary ${report.ok ? 'ok' : 'pending'}`;
        records.replaceChildren(...report.records.map(record => h('article', {
            class: `record ${record.status}`, dataset: { kind: record.kind, status: record.status },
        },
        h('div', { class: 'record-head' },
            h('h3', {}, KIND_LABELS[record.kind] || record.kind),
            badge(record.status === 'ok' ? 'ok' : record.status, record.status)),
        h('div', { class: 'record-body' },
            h('p', { class: 'record-line' }, h('span', { class: 'label' }, 'Type '), h('code', {}, record.type),
                h('span', { class: 'label' }, ' Name '), h('code', { class: 'wrap' }, record.name), ' ', copyButton(record.name, 'Copy name')),
            h('p', { class: 'record-line' }, h('span', { class: 'label' }, 'Value '), h('code', { class: 'wrap value' }, record.expected),
                ' ', copyButton(record.expected, 'Copy value')),
            record.found && record.found.length && record.status !== 'ok'
                ? h('p', { class: 'found' }, 'DNS answers now: ', h('code', { class: 'wrap' }, record.found.join(' | '))) : null,
            record.hint && record.status !== 'ok' ? h('p', { class: 'hint' }, record.hint) : null))));
        if (report.ok && timer) {
            clearInterval(timer);
            timer = null;
        }
    }

    function live() {
        if (!timer && !stopped) {
            timer = setInterval(() => check(false), RECHECK_MILLIS);
        }
    }
    onLeave(() => {
        stopped = true;
        if (timer) {
            clearInterval(timer);
        }
    });

    const report = await check(false);
    if (report && !report.ok) {
        live();
    }

    const watchTarget = h('strong', {}, `an alias @${domain}`);
    const firstAlias = can('aliases:write') ? form({
        id: 'first-alias',
        label: 'Create an alias',
        submit: 'Create alias',
        fields: [
            field({ name: 'localPart', label: `Alias (the part before @${domain})`, required: true, placeholder: 'hello',
                id: 'first-alias-local' }),
            field({ name: 'destinations', label: 'Forward to', type: 'email', required: true, placeholder: 'you@gmail.com',
                id: 'first-alias-destination', hint: 'Your existing mailbox. Several: separate them with commas.' }),
        ],
        onSubmit: async values => {
            const localPart = values.localPart.trim();
            const destinations = values.destinations.split(',').map(value => value.trim()).filter(Boolean);
            await put(enc`/smtpy/domains/${domain}/aliases/${localPart}`, { destinations });
            toast(`${localPart}@${domain} forwards to ${destinations.join(', ')}`);
            watchTarget.textContent = `${localPart}@${domain}`;
        },
    }) : null;

    const tail = h('ol', { class: 'tail', id: 'onboarding-tail', 'aria-live': 'polite' });
    let stopTail = null;
    const watch = button('Watch for my test mail', () => {
        if (stopTail) {
            return;
        }
        tail.replaceChildren(h('li', { class: 'muted' }, 'Waiting for mail… send one now.'));
        stopTail = stream(enc`/smtpy/domains/${domain}/events/stream` + '?timeout=600', (type, event) => {
            if (type === 'missed' || typeof event !== 'object') {
                return;
            }
            const waiting = tail.querySelector('.muted');
            if (waiting) {
                waiting.remove();
            }
            tail.prepend(h('li', { class: `event ${event.type}`, dataset: { type: event.type } },
                badge(event.type, event.type), ' ', event.sender || '', ' → ', (event.recipients || []).join(', '),
                event.detail ? h('span', { class: 'muted' }, ` ${event.detail}`) : null));
        }, error => {
            stopTail = null;
            delete tail.dataset.live;
            if (error) {
                tail.prepend(h('li', {}, notice(error.message, 'error')));
            }
        }, () => {
            tail.dataset.live = 'true';
        });
        onLeave(() => stopTail && stopTail());
    }, { kind: 'primary', id: 'watch-test-mail' });

    return screen({
        title: info.unicodeName || domain,
        lead: query.get('new') ? 'Domain added. Three steps to go: publish DNS, create an alias, send a test mail.'
            : 'Setup of this domain: what DNS must say, your first alias, and a test mail.',
        help: {
            what: 'smtpy asks DNS live for each record the domain needs. Publish them at the company where you bought the domain (its DNS or "zone" page); changes usually show within minutes, sometimes hours.',
            good: 'Copy name and value exactly. For the name, some providers want only the part before your domain (for example "_dmarc").',
            more: 'dns',
        },
    },
    domainTabs(domain, 'overview'),
    h('ol', { class: 'steps' },
        h('li', {}, h('h2', {}, '1. Publish these DNS records'), summary,
            h('div', { class: 'actions' }, button('Check now', () => check(true), { id: 'dns-recheck' })), records),
        h('li', {}, h('h2', {}, '2. Create your first alias'), firstAlias || notice('Your role cannot create aliases.'),
            h('p', {}, h('a', { href: `#/domains/${encodeURIComponent(domain)}/aliases` }, 'All aliases'))),
        h('li', {}, h('h2', {}, '3. Send a test mail'),
            h('p', {}, 'From any mailbox, send a mail to ', watchTarget, '. It shows here as it arrives and is forwarded.'),
            watch, tail)));
}

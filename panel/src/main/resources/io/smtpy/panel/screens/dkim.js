// The domain's DKIM keys: their state in the staged rotation, the DNS record each needs, and a rotation on demand
// (a task, followed to its end).
import { get, post, enc, can } from '../api.js';
import { h, screen, table, badge, time, copyButton, button, confirmAction, notice, errorBox, domainTabs } from '../ui.js';

const STATE_HINTS = {
    pending: 'Publish its record: it starts signing once smtpy sees it in DNS.',
    active: 'Signs forwarded mail. Keep its record published.',
    retiring: 'Replaced; keep its record a few more days so mail signed just before still verifies.',
    retired: 'No longer used: its record may be removed.',
};

export default async function dkim({ domain }) {
    const holder = h('div', { id: 'dkim-keys' });
    const outcome = h('div', { id: 'rotation-outcome', 'aria-live': 'polite' });

    async function draw() {
        const keys = await get(enc`/smtpy/domains/${domain}/dkim/keys`);
        holder.replaceChildren(h('div', {},
            table({
                caption: 'Keys, oldest first',
                empty: 'This domain has no DKIM key (a disabled domain gets its keys when it is enabled).',
                rows: keys,
                rowKey: key => key.selector,
                columns: [
                    { label: 'Selector', value: key => h('code', { class: 'wrap' }, key.selector) },
                    { label: 'Algorithm', value: key => key.algorithm },
                    { label: 'State', value: key => [badge(key.state, key.state), key.signing ? h('span', { class: 'muted' }, ' signing') : null] },
                    { label: 'Created', value: key => time(key.createdAt) },
                    { label: 'Activated', value: key => time(key.activatedAt) || '—' },
                    { label: 'Retiring / retired', value: key => time(key.retiredAt || key.retiringAt) || '—' },
                ],
            }),
            keys.some(key => key.txtRecord) ? h('h2', {}, 'Records to publish') : null,
            keys.filter(key => key.txtRecord).map(record)));
        return keys;
    }

    await draw();

    const rotate = can('domains:write', domain) ? button('Rotate keys now', async () => {
        const sure = await confirmAction('Make a new key for each algorithm? The current key keeps signing until the new key\'s record is published, so nothing breaks; you will have one more record to publish.',
            { confirm: 'Rotate', danger: false });
        if (!sure) {
            return;
        }
        outcome.replaceChildren(notice('Rotation running…'));
        let task;
        try {
            const { taskId } = await post(`${enc`/smtpy/domains/${domain}/dkim/keys`}?action=rotate`);
            task = await awaitTask(taskId);
        } catch (error) {
            outcome.replaceChildren(errorBox(error));
            return;
        }
        const transitions = (task.additionalInformation && task.additionalInformation.transitions) || [];
        outcome.replaceChildren(h('div', {}, notice(task.status === 'completed'
            ? (transitions.length ? 'Rotation done: ' : 'Rotation done: nothing needed to change (a new key is already pending).')
            : `Rotation ${task.status}.`, task.status === 'completed' ? 'ok' : 'error'),
        transitions.length ? h('ul', { class: 'transitions' }, transitions.map(line => h('li', { class: 'wrap' }, line))) : null));
        await draw();
    }, { kind: 'primary', id: 'dkim-rotate' }) : null;

    return screen({
        title: 'DKIM keys',
        lead: 'The keys that sign mail forwarded for this domain, so receivers can tell it really comes from you.',
        help: {
            what: 'Keys rotate in stages, so mail is never left unsigned: a new key is pending until you publish its TXT record; smtpy checks DNS and then makes it active (it signs); the old key becomes retiring and stays published for a few days so mail it signed still verifies; then it is retired and its record can go. smtpy rotates by itself on a schedule; "Rotate keys now" starts one at once, for example after a suspected leak.',
            good: 'Publish each pending key\'s record exactly as shown (type TXT, name and value), and keep active and retiring keys\' records in DNS.',
            more: 'dkim',
        },
        actions: rotate,
    },
    domainTabs(domain, 'dkim'),
    outcome,
    holder);
}

function record(key) {
    return h('article', { class: `record ${key.state === 'active' ? 'ok' : ''}`, dataset: { selector: key.selector, state: key.state } },
        h('div', { class: 'record-head' }, h('h3', { class: 'wrap' }, key.selector), badge(key.state, key.state)),
        h('p', { class: 'hint' }, STATE_HINTS[key.state] || ''),
        h('p', { class: 'record-line' }, h('span', { class: 'label' }, 'Type '), h('code', {}, 'TXT'),
            h('span', { class: 'label' }, ' Name '), h('code', { class: 'wrap' }, key.recordName), ' ', copyButton(key.recordName, 'Copy name')),
        h('p', { class: 'record-line' }, h('span', { class: 'label' }, 'Value '), h('code', { class: 'wrap value dkim-value' }, key.txtRecord),
            ' ', copyButton(key.txtRecord, 'Copy value')));
}

/** Waits for the task's end (the server holds the request up to 30 s at a time). */
async function awaitTask(taskId) {
    for (;;) {
        try {
            return await get(enc`/smtpy/tasks/${taskId}/await` + '?timeout=30');
        } catch (error) {
            if (error.status !== 408) {
                throw error;
            }
        }
    }
}

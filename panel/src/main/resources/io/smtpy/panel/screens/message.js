// One message's journey: every event of the mail as smtpy received it and of each copy forwarded from it, oldest
// first, the facts of the mail, and sending a copy that failed for good again, to another address.
import { get, post, enc, can } from '../api.js';
import { h, screen, badge, time, facts, field, form, toast, notice, domainTabs } from '../ui.js';

/** The journey's link: the id the messages list and every event carry (journeyId; mailId for older events). */
export function journeyHref(domain, id) {
    return `#/domains/${encodeURIComponent(domain)}/messages/${encodeURIComponent(id)}`;
}

/** "550 5.1.1", "550" or null: what the SMTP server answered, when the event has it. */
export function smtpReply(event) {
    return [event.smtpCode, event.enhancedStatus].filter(Boolean).join(' ') || null;
}

/** The facts of one event as a short line of nodes: badge, recipients, reply code, detail. */
export function eventParts(event) {
    const reply = smtpReply(event);
    return [
        badge(event.type, event.type),
        (event.recipients || []).length ? h('span', { class: 'wrap recipients' }, ' ', event.recipients.join(', ')) : null,
        reply ? h('code', { class: 'reply' }, reply) : null,
        event.detail ? h('span', { class: 'wrap detail' }, event.detail) : null,
    ];
}

export default async function message({ domain, id }, { refresh }) {
    const journey = await get(enc`/smtpy/domains/${domain}/messages/${id}`);
    const events = journey.events || [];
    const first = events.find(event => event.type === 'received' || event.type === 'submitted') || events[0] || {};
    const last = events[events.length - 1] || {};

    const timeline = h('ol', { class: 'timeline', id: 'journey', 'aria-label': 'What happened to this message, oldest first' },
        events.map(event => h('li', { class: `step ${event.type}`, dataset: { type: event.type } },
            h('div', { class: 'step-head' }, time(event.at), ' ', badge(event.type, event.type),
                event.alias ? h('span', { class: 'muted wrap' }, ` alias ${event.alias}`) : null),
            (event.recipients || []).length
                ? h('p', { class: 'step-line wrap' }, h('span', { class: 'label' }, 'To '), event.recipients.join(', ')) : null,
            smtpReply(event)
                ? h('p', { class: 'step-line' }, h('span', { class: 'label' }, 'SMTP reply '), h('code', {}, smtpReply(event))) : null,
            event.detail ? h('p', { class: 'step-line wrap detail' }, event.detail) : null)));

    return screen({
        title: journey.subject ? `Message: ${journey.subject}` : 'Message',
        lead: 'Everything smtpy did with this mail and with each copy it forwarded, oldest first.',
        help: {
            what: 'A journey starts when smtpy receives (or refuses) a mail; each forwarded copy adds its own steps: delivered, deferred (to be tried again), bounced (refused for good). A bounce that came back through smtpy joins the journey too.',
            good: 'A healthy journey ends with "delivered" for each destination. "deferred" alone is normal for a while: smtpy retries by itself.',
            more: 'events',
        },
    },
    domainTabs(domain, 'events'),
    h('p', {}, h('a', { href: `#/domains/${encodeURIComponent(domain)}/events`, id: 'back-to-events' }, '← All messages')),
    h('h2', {}, 'The mail'),
    facts([
        ['Status', badge(last.type || 'unknown', last.type)],
        ['Sender', h('span', { class: 'wrap', id: 'message-sender' }, first.sender || '')],
        ['Recipients', h('span', { class: 'wrap' }, (first.recipients || []).join(', '))],
        ['Subject', h('span', { class: 'wrap' }, journey.subject || '(none kept)')],
        ['Message-ID', h('code', { class: 'wrap' }, journey.messageId || '(none)')],
        ['Journey', h('code', { class: 'wrap' }, journey.id)],
        ['First seen', time(first.at)],
    ]),
    resendSection(domain, id, journey, refresh),
    h('h2', {}, 'Journey'),
    events.length ? timeline : notice('No events are kept for this message.'));
}

/** Resending is offered only for a copy the server kept because it failed for good, to those allowed to send. */
function resendSection(domain, id, journey, refresh) {
    const kept = journey.failedCopy && journey.failedCopy.kept;
    if (!kept) {
        return (journey.events || []).some(event => event.type === 'bounced')
            ? notice('A copy bounced, but none is kept for resending (it was too large, or its time is over).') : null;
    }
    const until = journey.failedCopy.until;
    if (!can('sending:send', domain)) {
        return h('section', { id: 'resend' }, h('h2', {}, 'Send the failed copy again'),
            notice('A copy that failed for good is kept, but your role cannot send mail for this domain.'));
    }
    return h('section', { id: 'resend' },
        h('h2', {}, 'Send the failed copy again'),
        h('p', {}, 'A copy of this message failed for good and is kept', until ? [' until ', time(until)] : null,
            '. You can send it, exactly as it was forwarded, to another address (for example the recipient\'s new mailbox).'),
        form({
            id: 'resend-form',
            label: 'Send the failed copy again',
            submit: 'Send again',
            fields: [field({ name: 'to', label: 'Send to', type: 'email', required: true, id: 'resend-to',
                placeholder: 'someone@example.net', hint: 'One address. The copy keeps its original sender; its outcome joins this journey.' })],
            onSubmit: async values => {
                const answer = await post(enc`/smtpy/domains/${domain}/messages/${id}/resend`, { to: values.to.trim() });
                toast(`Sent again as copy ${answer.copyId}`);
                refresh();
            },
        }));
}

// The operator's view of the server: connection protection of the MX (settings in force, counters, the clients refused
// for probing, each released on demand), the spam and virus scanners' state, the outbound source-address pools and the
// operator's own block and allow lists. All but the release are read-only here: they are set in smtpy.properties.
import { get, del, enc, session } from '../api.js';
import { h, screen, table, button, badge, time, notice, errorBox, toast, facts, linkButton } from '../ui.js';

const COUNTERS = [
    ['dnsblRefusedSessions', 'Sessions refused as blocklisted'],
    ['dnsblErrors', 'Blocklist lookups that failed'],
    ['probesSlowed', 'Replies slowed for probing'],
    ['clientsRefused', 'Clients refused for probing'],
    ['refusedClientReplies', '421 replies to refused clients'],
];

/** One part of the screen: its heading, and what it shows or the error that kept it from loading. */
function part(id, title, answer, draw) {
    return h('section', { class: 'operator-part', id, 'aria-labelledby': `${id}-title` },
        h('h2', { id: `${id}-title` }, title),
        answer.status === 'fulfilled' ? draw(answer.value) : errorBox(answer.reason));
}

const list = values => values && values.length ? h('span', { class: 'wrap' }, values.join(', ')) : 'none';

function protection(state, refresh) {
    const settings = state.settings || {};
    const probes = settings.probes || {};
    const counters = state.counters || {};
    const hits = Object.entries(counters.dnsblHits || {});
    return [
        h('h3', {}, 'Settings in force'),
        facts([
            ['Blocklist zones', list(settings.dnsblZones)],
            ['Trusted networks', list(settings.trustedNetworks)],
            ['Slowed after', `${probes.slowAfter} unknown recipients in ${probes.windowMinutes} min`],
            ['Refused after', `${probes.refuseAfter} unknown recipients, for ${probes.refuseMinutes} min`],
            ['Delay per probe', `${probes.delayStepMillis} ms, at most ${probes.maxDelayMillis} ms`],
        ]),
        h('h3', {}, 'Since start'),
        h('dl', { class: 'figures', id: 'protection-counters' }, COUNTERS.map(([name, label]) =>
            h('div', { class: 'figure', dataset: { counter: name } }, h('dt', {}, label), h('dd', {}, String(counters[name] ?? 0))))),
        hits.length ? table({
            caption: 'Listed addresses found per zone',
            rows: hits,
            columns: [{ label: 'Zone', value: ([zone]) => h('span', { class: 'wrap' }, zone) },
                { label: 'Hits', class: 'num', value: ([, count]) => String(count) }],
        }) : null,
        h('h3', {}, 'Refused clients'),
        table({
            caption: 'Refused for probing, soonest released first',
            rows: state.refused || [],
            rowKey: client => client.address,
            empty: 'No client is refused now.',
            columns: [
                { label: 'Client', value: client => h('code', { class: 'wrap' }, client.address) },
                { label: 'Until', value: client => time(client.until) },
                { label: 'Release', value: client => button('Release', async () => {
                    await del(enc`/smtpy/protection/refused/${client.address}`);
                    toast(`${client.address} released`);
                    refresh();
                }, { kind: 'secondary small', ariaLabel: `Release ${client.address}` }) },
            ],
        }),
    ];
}

function scanner(name, state) {
    if (!state) {
        return h('div', { class: 'scanner', dataset: { scanner: name } }, h('h3', {}, name), h('p', { class: 'muted' }, 'Not configured.'));
    }
    return h('div', { class: 'scanner', dataset: { scanner: name } },
        h('h3', {}, name, ' ', badge(state.failing ? 'failing' : 'ok', state.failing ? 'error' : 'ok')),
        facts([
            ['Address', h('code', { class: 'wrap' }, state.address)],
            ['When it cannot answer', state.onFailure === 'pass' ? 'mail passes, marked unscanned' : 'mail is deferred (451)'],
            ['Answered', String(state.answered)],
            ['Unavailable', String(state.unavailable)],
            state.lastError ? ['Last error', [h('span', { class: 'wrap' }, state.lastError), ' ', time(state.lastErrorAt)]] : null,
        ]));
}

function scanners(state, holder) {
    const draw = current => [
        h('div', { class: 'scanners' }, scanner('spamd', current.spamd), scanner('clamd', current.clamd)),
        facts([
            ['Mails scanned', String(current.scanned)],
            ['Scored by spamd', String(current.spamScored)],
            ['Scanned by clamd', String(current.virusScanned)],
            ['Viruses found', String(current.infected)],
            ['Threshold of submitted mail', String(current.outboundSpamThreshold)],
        ]),
        h('div', { class: 'actions' }, button('Ping the scanners', async () => {
            holder.replaceChildren(...draw(await get('/smtpy/scanners?ping=true')));
            toast('Scanners pinged');
        }, { id: 'scanners-ping' })),
    ];
    return draw(state);
}

function pools(state) {
    const rows = state.pools || [];
    if (!rows.length) {
        return h('p', { class: 'empty' }, 'No pool is set: copies leave from the machine\'s default route.');
    }
    return [
        h('p', {}, 'Default pool: ', h('strong', {}, state.default || 'none (the machine\'s default route)')),
        table({
            caption: 'Pools as read at start',
            rows,
            rowKey: pool => pool.name,
            columns: [
                { label: 'Pool', value: pool => pool.name },
                { label: 'Addresses', value: pool => h('ul', { class: 'plain' }, (pool.addresses || []).map(address =>
                    h('li', {}, h('code', {}, address.address), h('span', { class: 'muted small wrap' }, address.queue)))) },
                { label: 'Domains', value: pool => list(pool.domains) },
                { label: 'Classes', value: pool => list(pool.classes) },
            ],
        }),
    ];
}

function operatorLists(entries) {
    return table({
        caption: 'Entries that apply to every domain',
        rows: entries,
        rowKey: entry => entry.id,
        empty: 'No entry: each account and domain keeps its own lists.',
        columns: [
            { label: 'Type', value: entry => badge(entry.type, entry.type === 'allow' ? 'ok' : 'error') },
            { label: 'Value', value: entry => h('code', { class: 'wrap' }, entry.value) },
            { label: 'Action', value: entry => entry.action || '—' },
            { label: 'Hits', class: 'num', value: entry => String(entry.hits) },
            { label: 'Note', value: entry => h('span', { class: 'wrap' }, entry.note || '') },
            { label: 'Expires', value: entry => entry.expiresAt ? time(entry.expiresAt) : 'never' },
        ],
    });
}

export default async function operator(params, { refresh }) {
    const helpText = {
        what: 'The server as its operator sees it: how the MX protects itself from clients (DNS blocklists, and clients probing unknown recipients slowed then refused for a while), whether the spam and virus scanners answer, which source addresses outbound mail leaves from, and the block and allow lists that apply to every domain. Settings come from smtpy.properties and change by editing it and restarting; counters are this node\'s since it started.',
        good: 'Scanners ok with few unavailable answers; a refused client is usually a dictionary attack — release one only when you know it is a legitimate server that probed by mistake.',
    };
    if (!session.me || !session.me.operator) {
        return screen({ title: 'Operator', help: helpText }, notice('Only the operator sees this page: sign in with the operator key.'));
    }
    const [protectionAnswer, scannersAnswer, poolsAnswer, listsAnswer] = await Promise.allSettled([
        get('/smtpy/protection'), get('/smtpy/scanners'), get('/smtpy/source-pools'), get('/smtpy/lists')]);
    const scannersHolder = h('div', { id: 'scanners-state' });
    if (scannersAnswer.status === 'fulfilled') {
        scannersHolder.append(...scanners(scannersAnswer.value, scannersHolder));
    }
    return screen({
        title: 'Operator',
        lead: 'The protection, scanners and outbound addresses of this server.',
        help: helpText,
        actions: [button('Refresh', async () => refresh(), { id: 'operator-refresh' }), linkButton('Accounts', '#/accounts')],
    },
    part('protection', 'Connection protection', protectionAnswer, state => protection(state, refresh)),
    part('scanners', 'Spam and virus scanners', scannersAnswer, () => scannersHolder),
    part('source-pools', 'Source-address pools', poolsAnswer, pools),
    part('operator-lists', 'Operator block and allow lists', listsAnswer, operatorLists));
}

// The panel's shell: who is signed in, the header with the account switcher, the navigation, and a hash router that
// loads each screen's module on first use.
import { session, loadMe, signOut, setAccount, account } from './api.js';
import { h, errorBox, toast } from './ui.js';

// Each route: a pattern (":name" captures one path segment), the screen's name (data-screen on <main>, the tests'
// handle) and its module, whose default export render(params, context) returns the screen's element.
const ROUTES = [
    ['/signin', 'signin', './screens/signin.js'],
    ['/domains', 'domains', './screens/domains.js'],
    ['/domains/:domain', 'overview', './screens/overview.js'],
    ['/domains/:domain/aliases', 'aliases', './screens/aliases.js'],
    ['/domains/:domain/routing', 'routing', './screens/routing.js'],
    ['/domains/:domain/events', 'events', './screens/events.js'],
    ['/domains/:domain/messages/:id', 'message', './screens/message.js'],
    ['/domains/:domain/dkim', 'dkim', './screens/dkim.js'],
    ['/domains/:domain/dmarc', 'dmarc', './screens/dmarc.js'],
    ['/domains/:domain/settings', 'settings', './screens/settings.js'],
    ['/domains/:domain/rules', 'rules', './screens/rules.js'],
    ['/domains/:domain/lists', 'lists', './screens/lists.js'],
    ['/domains/:domain/quarantine', 'quarantine', './screens/quarantine.js'],
    ['/domains/:domain/webhooks', 'webhooks', './screens/webhooks.js'],
    ['/domains/:domain/suppressions', 'suppressions', './screens/suppressions.js'],
    ['/domains/:domain/sending', 'sending', './screens/sending.js'],
    ['/domains/:domain/limits', 'limits', './screens/limits.js'],
    ['/domains/:domain/queue', 'queue', './screens/queue.js'],
    ['/domains/:domain/analytics', 'analytics', './screens/analytics.js'],
    ['/operator', 'operator', './screens/operator.js'],
    ['/members', 'members', './screens/members.js'],
    ['/keys', 'keys', './screens/keys.js'],
    ['/audit', 'audit', './screens/audit.js'],
    ['/accounts', 'accounts', './screens/accounts.js'],
    ['/profile', 'profile', './screens/profile.js'],
    ['/guide', 'guide', './screens/guide.js'],
    ['/invitation', 'invitation', './screens/invitation.js'],
];
// Reachable without signing in.
const OPEN = new Set(['signin', 'guide', 'invitation']);

const main = document.getElementById('main');
let leaving = [];

function match(path) {
    const parts = path.split('/').filter(Boolean);
    for (const [pattern, name, module] of ROUTES) {
        const wanted = pattern.split('/').filter(Boolean);
        if (wanted.length !== parts.length) {
            continue;
        }
        const params = {};
        const fits = wanted.every((segment, index) => {
            if (segment.startsWith(':')) {
                params[segment.slice(1)] = decodeURIComponent(parts[index]);
                return true;
            }
            return segment === parts[index];
        });
        if (fits) {
            return { name, module, params };
        }
    }
    return null;
}

/** The current location: path and query of the hash (#/domains?x=1). */
export function location() {
    const hash = window.location.hash.replace(/^#/, '') || '/';
    const [path, query] = hash.split('?');
    return { path, query: new URLSearchParams(query || '') };
}

export function go(path) {
    if (window.location.hash === `#${path}`) {
        render();
    } else {
        window.location.hash = path;
    }
}

async function render() {
    leaving.forEach(stop => stop());
    leaving = [];
    const { path, query } = location();
    if (path === '/' || path === '') {
        go(session.me ? '/domains' : '/signin');
        return;
    }
    const route = match(path);
    main.dataset.ready = 'false';
    if (!route) {
        show('notfound', h('section', { class: 'screen' }, h('h1', {}, 'Not found'),
            h('p', {}, 'There is no such page. '), h('a', { href: '#/domains' }, 'Back to your domains')));
        return;
    }
    if (!session.me && !OPEN.has(route.name)) {
        sessionStorage.setItem('smtpy.after', path);
        go('/signin');
        return;
    }
    shell();
    try {
        const module = await import(route.module);
        const context = { query, onLeave: stop => leaving.push(stop), refresh: render, go };
        const element = await module.default(route.params, context);
        show(route.name, element);
    } catch (error) {
        if (error.status === 404) {
            show(route.name, h('section', { class: 'screen' }, h('h1', {}, 'Not found'), errorBox(error)));
        } else {
            show(route.name, h('section', { class: 'screen' }, h('h1', {}, 'Something went wrong'), errorBox(error)));
        }
    }
}

function show(name, element) {
    main.replaceChildren(element);
    main.dataset.screen = name;
    main.dataset.ready = 'true';
    // When the first screen was usable, for the bench (bench/run.sh --panel-only): milliseconds since navigation start.
    if (!performance.getEntriesByName('smtpy-ready').length) {
        performance.mark('smtpy-ready');
    }
    const title = main.querySelector('h1');
    document.title = title ? `${title.textContent} · smtpy` : 'smtpy';
    for (const link of document.querySelectorAll('#nav a')) {
        link.toggleAttribute('aria-current', link.dataset.section === section(name));
        if (link.hasAttribute('aria-current')) {
            link.setAttribute('aria-current', 'page');
        }
    }
}

function section(name) {
    return ['overview', 'aliases', 'routing', 'events', 'message', 'dkim', 'dmarc', 'settings', 'rules', 'lists', 'quarantine',
        'webhooks', 'suppressions', 'sending', 'limits', 'queue', 'analytics'].includes(name) ? 'domains' : name;
}

/** The header and navigation, drawn for the signed-in principal (hidden when nobody is). */
function shell() {
    const top = document.getElementById('top');
    const nav = document.getElementById('nav');
    if (!session.me) {
        top.hidden = true;
        nav.hidden = true;
        return;
    }
    const me = session.me;
    const accounts = me.accounts || [];
    const switcher = accounts.length > 1
        ? h('label', { class: 'switcher' }, h('span', { class: 'visually-hidden' }, 'Account'),
            h('select', { id: 'account-switcher', onchange: event => { setAccount(event.target.value); render(); } },
                accounts.map(candidate => h('option', { value: candidate.id, selected: candidate.id === session.accountId },
                    candidate.name))))
        : h('span', { class: 'account-name' }, account() ? account().name : '');
    const who = me.principal.email || me.principal.name || me.principal.actor;
    top.replaceChildren(
        h('a', { class: 'brand', href: '#/domains' }, h('img', { src: 'icon.svg', alt: '', width: 28, height: 28 }), 'smtpy'),
        switcher,
        h('div', { class: 'who' },
            h('a', { href: '#/profile', class: 'me', title: who }, who),
            h('button', { type: 'button', class: 'secondary small', id: 'signout', onclick: async () => {
                await signOut();
                toast('Signed out');
                go('/signin');
            } }, 'Sign out')));
    const links = [
        ['domains', 'Domains', '#/domains'],
        ['members', 'Team', '#/members'],
        ['keys', 'API keys', '#/keys'],
        ['audit', 'Audit log', '#/audit'],
        me.operator ? ['accounts', 'Accounts', '#/accounts'] : null,
        me.operator ? ['operator', 'Operator', '#/operator'] : null,
        ['guide', 'Guide', '#/guide'],
    ].filter(Boolean);
    nav.replaceChildren(h('ul', {}, links.map(([name, label, href]) =>
        h('li', {}, h('a', { href, dataset: { section: name } }, label)))));
    top.hidden = false;
    nav.hidden = false;
}

window.addEventListener('hashchange', render);
window.addEventListener('smtpy:signed-out', () => {
    shell();
    if (!OPEN.has(main.dataset.screen)) {
        go('/signin');
    }
});

/** The shell opened from the service worker's cache with no server to ask: say so, and carry on once it is back. */
function offline() {
    main.replaceChildren(h('section', { class: 'screen' },
        h('h1', {}, 'You are offline'),
        h('p', {}, 'The panel needs the smtpy server to show your domains and mail. It opens again by itself when the connection is back.'),
        h('button', { type: 'button', class: 'primary', onclick: () => window.location.reload() }, 'Try again')));
    main.dataset.screen = 'offline';
    main.dataset.ready = 'true';
    window.addEventListener('online', () => window.location.reload(), { once: true });
}

async function start() {
    try {
        await loadMe();
    } catch (error) {
        if (error instanceof TypeError || !navigator.onLine) {
            offline(); // fetch failed: no network, or no server
        } else {
            main.replaceChildren(errorBox(error));
        }
        return;
    }
    render();
    if ('serviceWorker' in navigator) {
        navigator.serviceWorker.register('sw.js', { scope: './' }).catch(() => {
            // The panel works without it; only the offline shell is lost.
        });
    }
}

start();

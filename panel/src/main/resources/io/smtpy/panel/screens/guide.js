// The guide: how smtpy works and how to set it up, in plain text, searchable as you type. Other screens' help links
// open it with ?q=<topic>; each section also has an id (guide-<id>).
import { h, screen } from '../ui.js';

// Each section: id, title, extra search words, and its content: strings are paragraphs, {list: [...]} a bullet list,
// {code: '...'} an example.
export const SECTIONS = [
    {
        id: 'start', title: 'Getting started', words: 'begin first setup domains overview how it works',
        body: [
            'smtpy forwards the mail of your domains: mail to an alias such as sales@your-domain.com is passed on to the mailboxes you choose (Gmail, Outlook, your own server). You keep your mailbox; your domain gets addresses.',
            {
                list: [
                    '1. Add your domain on the Domains page, exactly as it appears after the @ (example.com, not www.example.com).',
                    '2. Publish the DNS records the domain\'s setup page lists, at the company where you manage the domain\'s DNS. The page re-checks them by itself until each is right.',
                    '3. Create an alias: the part before the @ and the address(es) it forwards to.',
                    '4. Send a test mail to the alias from any mailbox and watch it arrive on the setup page.',
                ],
            },
            'Unknown addresses are refused while the sending server is still connected, so senders learn at once that an address does not exist; nothing is relayed for strangers.',
        ],
    },
    {
        id: 'dns', title: 'DNS records', words: 'mx spf dkim dmarc ownership txt record provider zone publish verify',
        body: [
            'DNS tells the rest of the Internet where your domain\'s mail goes and who may send it. The setup page of each domain lists the exact records, asks DNS live what it answers now, and marks each ok, missing, wrong or error (the lookup failed).',
            {
                list: [
                    'MX: where mail for the domain goes. It must point to this smtpy server. Remove the MX records of a previous provider, or they keep receiving part of your mail.',
                    'SPF (a TXT record on the domain itself): who may send mail as the domain. It must include smtpy\'s include; a domain must have only one SPF record, so merge ours into an existing one instead of adding a second.',
                    'DKIM (a TXT record named <selector>._domainkey.<domain>): the public key that lets receivers check smtpy\'s signature on forwarded mail. Copy the long value whole.',
                    'DMARC (a TXT record named _dmarc.<domain>): your policy for mail that fails SPF and DKIM, and where receivers send their reports (rua=mailto:dmarc-reports@<domain>, which smtpy reads for you).',
                    'Ownership (a TXT record named _smtpy-verification.<domain>): proves the domain is yours.',
                ],
            },
            'To publish: open your DNS provider\'s page for the domain (often called DNS, zone or name servers), add a record of the type shown, paste the name and the value. Some providers want only the part of the name before your domain ("_dmarc" rather than "_dmarc.example.com"); some add the domain themselves. Changes usually show within minutes, sometimes a few hours.',
        ],
    },
    {
        id: 'aliases', title: 'Aliases', words: 'alias address forward destination destinations expire disable subaddress plus',
        body: [
            'An alias is an address of your domain (sales@example.com) that forwards to one or more destinations, each a plain address like jane@gmail.com (at most 100 by default). A mail is never sent twice to the same mailbox.',
            'An alias can be disabled (mail to it is refused) or given an expiry date (after it, mail is refused as for an unknown address): handy for an address you give to one shop or one event.',
            'Mail to alias+anything@your-domain reaches the alias. By default the +tag is dropped; the domain setting "keep subaddress tag" passes it on (alias+news goes to you+news@...).',
            'Forwarded mail keeps the sender\'s headers and signature, gets a return address of your domain (SRS) so SPF passes at the destination, and is signed with your domain\'s DKIM key.',
        ],
    },
    {
        id: 'catch-all', title: 'Catch-all and regex aliases', words: 'catchall catch all wildcard regex regular expression pattern exceptions routing',
        body: [
            'Order of matching for an address: the alias of that name; else the regex aliases in priority order; else the catch-all; else the mail is refused as unknown.',
            'The catch-all forwards mail for every address that has no alias. Exceptions come first: a pattern (* is any run of characters, ? one character, e.g. noreply-*) with an action: reject (refused, 550), defer (try later, 421) or drop (accepted and discarded).',
            'A regex alias matches local parts by a regular expression and may use its groups in the destinations: ^(support|help)-(.+)$ to $2@team.example. Patterns are not anchored: write ^...$ to match the whole name. They are matched in lower case, without the +tag.',
            'A catch-all receives every guess spammers make at your domain: prefer aliases, or a catch-all with exceptions.',
        ],
    },
    {
        id: 'tags', title: 'Tags', words: 'tag tags label labels filter organise',
        body: [
            'Tags are labels on aliases (q4, vip, newsletter) to find and filter them: up to a few per alias, each 1 to 64 characters of a-z, 0-9, _ . : - starting with a letter or digit, stored in lower case.',
            'Not to be confused with the +tag of an address (alias+tag@domain), which the domain setting "keep subaddress tag" passes on or drops.',
        ],
    },
    {
        id: 'import', title: 'Import aliases from CSV', words: 'csv import export spreadsheet bulk upload file format',
        body: [
            'Many aliases at once: a CSV file (UTF-8, comma-separated), whose first line names the columns. Required: localPart, destinations. Optional: description, tags, enabled (true/false, yes/no, 1/0), expiresAt (a date-time with offset, 2026-12-31T23:59:00Z).',
            {
                code: 'localPart,destinations,description,tags,enabled,expiresAt\ninfo,new@dest.example,,,,\nsales,"a@dest.example, b@dest.example","Sales, EMEA",q4,true,2027-01-01T00:00:00Z',
            },
            'Lists (destinations, tags) are separated by ; or , or spaces; a list containing a comma must be in double quotes. A dry run checks the file and says what would be created and updated without writing anything. By default one bad line means nothing is written; the partial mode saves the good lines and reports the bad ones by line number.',
            'The export writes the same format, so an export imports back unchanged.',
        ],
    },
    {
        id: 'events', title: 'Events and journeys', words: 'event events history log journey message messages delivered bounced rejected deferred live tail',
        body: [
            'Every decision smtpy makes about a mail is an event of its domain: received, rejected (refused at the door, with the reason the sender got), forwarded, delivered (the destination accepted it), deferred (will be tried again), bounced (refused for good, with the remote reply), dropped, quarantined, and more.',
            'A journey is one mail and every copy forwarded from it: the message page shows them in order, so you can see that a mail arrived, where it went and what each destination answered. Search messages by sender, recipient, reason or subject.',
            'The event tail on a domain\'s setup page follows events live as they happen. Each domain decides whether addresses and subjects are kept in full, hashed, or not at all.',
        ],
    },
    {
        id: 'dkim', title: 'DKIM keys and rotation', words: 'dkim key keys rotate rotation selector signature sign pending active retiring retired',
        body: [
            'Each domain has its own DKIM keys; forwarded mail is signed with the domain\'s active key so receivers can check it came through smtpy untouched. The private key never leaves the server.',
            'A key goes pending (publish its TXT record; it does not sign yet), then active (smtpy saw the record in DNS with this very key, and signs with it), then retiring (a successor took over; keep the record published a while so mail signed just before still verifies), then retired (you may remove its record).',
            'Rotation makes a successor regularly or when you ask. Until you publish the new record, the old key keeps signing: your domain is never left unsigned. You get a notification when a new key waits for DNS too long.',
        ],
    },
    {
        id: 'dmarc', title: 'DMARC reports', words: 'dmarc report reports aggregate rua pass fail alignment spoofing',
        body: [
            'Receivers such as Gmail and Outlook send daily aggregate reports of the mail they saw claiming to be from your domain, to the address in your DMARC record. Point it at dmarc-reports@<your domain>: smtpy reads those reports for you (zip, gzip or XML) and never forwards them.',
            'The DMARC page sums them up: how many messages passed (DKIM or SPF aligned with your domain) and failed, and from which sending sources. Unknown sources failing in numbers may be someone spoofing your domain; a known service of yours failing needs its own SPF or DKIM setup.',
            'Start with p=none to observe; once all your legitimate mail passes, move to p=quarantine, then p=reject.',
        ],
    },
    {
        id: 'settings', title: 'Domain settings', words: 'settings setting enable disable privacy archive spam virus signatures arc block links retention',
        body: [
            'Each domain has settings of its own, on its Settings page:',
            {
                list: [
                    'Enabled: a disabled domain refuses all its mail, whatever its aliases say.',
                    'Keep subaddress tag: pass the +tag of alias+tag@ on to the destinations, or drop it (the default).',
                    'Enforce DMARC reject: refuse mail whose sender\'s domain fails DMARC and asks receivers to reject it (p=reject).',
                    'Forwarded signatures: what forwarded copies carry, arc+dkim, arc or none.',
                    'Archive address: where a copy of every accepted mail goes, or none.',
                    'Block links: one-click links in forwarded mail to block a sender (when the server has a public address).',
                    'Quarantine digest: a daily mail to owners and admins about newly quarantined mail.',
                    'Event privacy: whether events keep addresses and subjects in full, hashed, or not at all; and how long events are kept.',
                    'Spam and virus policies: from which spam score mail is tagged, and from which it is quarantined, refused or dropped; what happens to viruses (refused by default). Only when the server scans mail.',
                ],
            },
        ],
    },
    {
        id: 'team', title: 'Team and roles', words: 'team member members role roles owner admin billing read-only invite invitation account accounts',
        body: [
            'An account holds domains, members, API keys and an audit log. Members sign in with their address and password; each has a role in the account, which can differ for one domain (admin of one domain only, for instance).',
            {
                list: [
                    'Owner: everything, including the account itself. Keep at least two.',
                    'Admin: everything but managing the account itself: domains, aliases, the team, API keys, the audit log.',
                    'Billing: billing and the list of domains.',
                    'Member: day-to-day work: aliases, rules, events, the quarantine, sending; reads webhooks and suppressions.',
                    'Read-only: can look at domains, aliases, events, rules, the quarantine, webhooks and suppressions, changes nothing.',
                ],
            },
            'Add a member with a password (they can sign in at once) or without one: they get an invitation by mail with a link to accept it and choose their password. Invitations can be resent (a new link) or revoked until accepted.',
        ],
    },
    {
        id: 'api-keys', title: 'API keys', words: 'api key keys token secret bearer script cli automation permissions preset rotate revoke',
        body: [
            'API keys let scripts, the ./smtpy CLI and other services call the API without a person\'s password: they send "Authorization: Bearer <secret>". The secret is shown once, when the key is made or rotated; smtpy keeps only its hash.',
            'Give each key the least it needs: a preset (read-only, aliases-only, sending-only) or chosen permissions; limit it to some domains (it then cannot act on the account as a whole); to the addresses it calls from (CIDRs like 203.0.113.0/24); and an expiry date. A key can never do more than the member who made it.',
            'Rotate a key to get a new secret (the old one stops at once); revoke a key you no longer use. Refused uses are listed under failed attempts in the audit log.',
        ],
    },
    {
        id: 'audit', title: 'Audit log', words: 'audit log history changes who chain hash verify export csv ndjson failed attempts',
        body: [
            'Every change in an account (by a member, an API key or the operator) leaves one entry: who, what, on what, when, from which address, and the state before and after (secrets removed).',
            'Entries are chained: each carries the hash of the one before it. "Verify the chain" re-computes them all: an entry changed or removed in storage breaks the chain and the check says where.',
            'Export the log as CSV or NDJSON for your records. Failed attempts list refused passwords and API keys (never the secret), to spot someone guessing.',
        ],
    },
    {
        id: 'security', title: 'Security and two-factor sign-in', words: 'security 2fa two-factor totp authenticator password session sessions sign in login recovery',
        body: [
            'Turn on two-factor sign-in on your profile: after your password, signing in asks for the 6-digit code of an authenticator app (any TOTP app). Keep the recovery codes shown once somewhere safe; each works once if you lose your phone.',
            'Your profile lists the sessions where you are signed in; end any you do not recognise. A password reset ends every session.',
            'The panel keeps your session in a cookie scripts cannot read and sends a separate token with every change, so other sites cannot act for you. Secrets (API keys, SMTP passwords) are shown once and never stored in the browser.',
            'Too many failed sign-ins or key uses from one place are slowed down and then refused for a while.',
        ],
    },
];

function text(section) {
    return [section.id, section.title, section.words, ...section.body.map(part =>
        typeof part === 'string' ? part : part.list ? part.list.join(' ') : part.code)].join(' ').toLowerCase();
}

/** Sections matching every word of the query (all when it is empty); a section whose id is the query comes first. */
export function matching(query) {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const found = SECTIONS.filter(section => words.every(word => text(section).includes(word)));
    const exact = found.find(section => section.id === query.trim().toLowerCase().replace(/\s+/g, '-'));
    return exact ? [exact, ...found.filter(section => section !== exact)] : found;
}

function sectionView(section) {
    return h('article', { class: 'guide-section', id: `guide-${section.id}`, dataset: { section: section.id },
        'aria-labelledby': `guide-${section.id}-title` },
    h('h2', { id: `guide-${section.id}-title` }, section.title),
    section.body.map(part => {
        if (typeof part === 'string') {
            return h('p', {}, part);
        }
        if (part.list) {
            return h('ul', {}, part.list.map(item => h('li', {}, item)));
        }
        return h('pre', { class: 'example' }, part.code);
    }));
}

export default async function guide(params, { query }) {
    const views = new Map(SECTIONS.map(section => [section.id, sectionView(section)]));
    const list = h('div', { class: 'guide', id: 'guide-sections' });
    const count = h('p', { class: 'small', id: 'guide-count', 'aria-live': 'polite' });
    const box = h('input', { type: 'search', id: 'guide-search', value: query.get('q') || '', autocomplete: 'off',
        placeholder: 'dns, catch-all, api key…', 'aria-describedby': 'guide-count' });

    function filter() {
        const found = matching(box.value);
        list.replaceChildren(...found.map(section => views.get(section.id)));
        count.textContent = box.value.trim()
            ? `${found.length} of ${SECTIONS.length} sections match "${box.value.trim()}".`
            : `${SECTIONS.length} sections.`;
        if (!found.length) {
            list.append(h('p', { class: 'empty' }, 'Nothing matches: try a shorter word.'));
        }
    }
    box.addEventListener('input', () => {
        filter();
        const parameters = box.value.trim() ? `?q=${encodeURIComponent(box.value.trim())}` : '';
        history.replaceState(null, '', `#/guide${parameters}`);
    });
    filter();

    return screen({
        title: 'Guide',
        lead: 'How smtpy works and how to set it up. Type to find a topic.',
    },
    h('div', { class: 'field guide-search' }, h('label', { for: 'guide-search' }, 'Search the guide'), box),
    count,
    h('nav', { class: 'guide-toc', 'aria-label': 'Guide topics' },
        h('ul', {}, SECTIONS.map(section => h('li', {}, h('a', { href: `#/guide?q=${section.id}` }, section.title))))),
    list);
}

// The domain's rules (or one alias's): the ordered list with what each checks and does, a form to add or change a rule
// (a structured form for the common cases, the rule's JSON for everything), reordering, and the test tool that traces
// which rule matches a sample message and why. The API replaces the list as a whole: every change PUTs the list.
import { get, put, post, enc, can } from '../api.js';
import { h, screen, table, field, form, button, badge, time, toast, confirmAction, notice, domainTabs, nextId } from '../ui.js';

export const FIELDS = ['subject', 'from', 'to', 'cc', 'reply-to', 'sender', 'recipient', 'tag', 'list-id', 'body',
    'attachment', 'attachment-name', 'attachment-type', 'attachment-size', 'size', 'spf', 'dkim', 'dmarc', 'arc',
    'spamScore', 'virus', 'time', 'weekday', 'header:X-Example'];
const OPERATORS = ['contains', 'equals', 'startsWith', 'endsWith', 'glob', 'matches', 'exists', 'gt', 'lt', 'gte', 'lte', 'in'];
/** Action types and the parameter each takes (null: none). */
const ACTIONS = {
    quarantine: null,
    alsoForward: 'to',
    forward: 'to',
    drop: null,
    reject: 'text',
    prefixSubject: 'prefix',
    addHeader: 'header',
    post: 'url',
    stop: null,
};
const PARAMETER_HINTS = {
    to: 'Addresses, separated by commas: billing@example.org, ann@example.net',
    text: 'Optional: the SMTP reply text the sender sees, e.g. "No invoices here, please".',
    prefix: 'Put before the subject, e.g. [invoice]',
    header: 'Name: value, e.g. X-Filed: invoices',
    url: 'https://hooks.example.com/mail (the message is POSTed, signed with the domain\'s key)',
};
const VERDICTS = ['none', 'pass', 'fail', 'softfail', 'neutral', 'temperror', 'permerror'];

/** One condition as a short phrase: subject contains "invoice". */
export function describeCondition(condition) {
    if (condition.all || condition.any) {
        const kind = condition.all ? 'all' : 'any';
        const parts = condition[kind].map(describeCondition);
        if (!parts.length) {
            return kind === 'all' ? 'every mail' : 'no mail';
        }
        return parts.length === 1 ? parts[0] : `${kind === 'all' ? '' : 'any of: '}(${parts.join(kind === 'all' ? ' and ' : ' or ')})`;
    }
    if (condition.not) {
        return `not ${describeCondition(condition.not)}`;
    }
    const value = condition.value === undefined ? '' : ` "${condition.value}"`;
    return `${condition.field} ${condition.op}${value}${condition.caseSensitive ? ' (case-sensitive)' : ''}`;
}

export function describeAction(action) {
    switch (action.type) {
    case 'forward':
    case 'alsoForward':
        return `${action.type} to ${(action.to || []).join(', ')}`;
    case 'post':
        return `post ${action.format || 'raw'} to ${action.url}`;
    case 'reject':
        return action.text ? `reject "${action.text}"` : 'reject';
    case 'addHeader':
        return `addHeader ${action.name}: ${action.value}`;
    case 'prefixSubject':
        return `prefixSubject "${action.prefix}"`;
    default:
        return action.type;
    }
}

/** The rule without what the API adds on reading (its hits). */
function stored(rule) {
    const { hits, ...rest } = rule;
    return rest;
}

/** Whether the structured form can show a rule: one all/any group of plain conditions, actions it knows. */
function simple(rule) {
    const kind = rule.conditions.all ? 'all' : rule.conditions.any ? 'any' : null;
    return Boolean(kind) && rule.conditions[kind].every(condition => condition.field !== undefined)
        && rule.actions.every(action => action.type in ACTIONS && !(action.type === 'post' && action.format === 'json'));
}

function conditionRow(list, condition) {
    const row = h('div', { class: 'rule-row condition' });
    const fieldId = nextId('condition-field');
    const listId = `${fieldId}-choices`;
    const remove = h('button', { type: 'button', class: 'secondary small', 'aria-label': 'Remove this condition',
        onclick: () => row.remove() }, 'Remove');
    row.append(
        h('div', { class: 'field' }, h('label', { for: fieldId }, 'Field'),
            h('input', { id: fieldId, class: 'condition-field', list: listId, value: condition.field || 'subject', autocomplete: 'off',
                required: true }),
            h('datalist', { id: listId }, FIELDS.map(name => h('option', { value: name })))),
        field({ name: '', label: 'Test', type: 'select', options: OPERATORS.map(op => [op, op]), value: condition.op || 'contains' }),
        field({ name: '', label: 'Value', value: condition.value === undefined ? '' : condition.value }),
        remove);
    const [, opHolder, valueHolder] = row.children;
    opHolder.querySelector('select').classList.add('condition-op');
    valueHolder.querySelector('input').classList.add('condition-value');
    list.append(row);
}

function actionRow(list, action) {
    const row = h('div', { class: 'rule-row action' });
    const type = field({ name: '', label: 'Action', type: 'select', options: Object.keys(ACTIONS).map(name => [name, name]),
        value: action.type || 'quarantine' });
    const parameter = field({ name: '', label: 'Parameter', value: parameterOf(action), hint: ' ' });
    const select = type.querySelector('select');
    select.classList.add('action-type');
    const input = parameter.querySelector('input');
    input.classList.add('action-parameter');
    const hint = parameter.querySelector('.hint');
    const sync = () => {
        const kind = ACTIONS[select.value];
        parameter.hidden = !kind;
        hint.textContent = kind ? PARAMETER_HINTS[kind] : '';
    };
    select.addEventListener('change', sync);
    sync();
    row.append(type, parameter, h('button', { type: 'button', class: 'secondary small', 'aria-label': 'Remove this action',
        onclick: () => row.remove() }, 'Remove'));
    list.append(row);
}

function parameterOf(action) {
    switch (action.type) {
    case 'forward':
    case 'alsoForward':
        return (action.to || []).join(', ');
    case 'reject':
        return action.text || '';
    case 'prefixSubject':
        return action.prefix || '';
    case 'addHeader':
        return action.name ? `${action.name}: ${action.value}` : '';
    case 'post':
        return action.url || '';
    default:
        return '';
    }
}

/** The rule the structured form describes. */
function ruleOfForm(element, values) {
    const conditions = [...element.querySelectorAll('.rule-row.condition')].map(row => {
        const condition = { field: row.querySelector('.condition-field').value.trim(), op: row.querySelector('.condition-op').value };
        const value = row.querySelector('.condition-value').value;
        if (!(condition.op === 'exists' && value === '')) {
            condition.value = value;
        }
        return condition;
    });
    const actions = [...element.querySelectorAll('.rule-row.action')].map(row => {
        const type = row.querySelector('.action-type').value;
        const parameter = row.querySelector('.action-parameter').value.trim();
        switch (ACTIONS[type]) {
        case 'to':
            return { type, to: parameter.split(/[\s,;]+/).filter(Boolean) };
        case 'text':
            return parameter ? { type, text: parameter } : { type };
        case 'prefix':
            return { type, prefix: parameter };
        case 'header': {
            const colon = parameter.indexOf(':');
            return { type, name: (colon < 0 ? parameter : parameter.slice(0, colon)).trim(), value: colon < 0 ? '' : parameter.slice(colon + 1).trim() };
        }
        case 'url':
            return { type, url: parameter, format: 'raw' };
        default:
            return { type };
        }
    });
    return { name: values.name.trim(), enabled: values.enabled, conditions: { [values.match]: conditions }, actions };
}

/** "Invalid rules[2].actions[0].to[0]: ..." names a rule by its index; the form edits one rule, so say so plainly. */
function explain(error, index) {
    if (error.field && error.field.startsWith(`rules[${index}].`)) {
        error.message = error.message.replace(`rules[${index}].`, 'rule.');
        error.field = null;
    }
    return error;
}

export default async function rules({ domain }, { query, go }) {
    const alias = (query.get('alias') || '').trim();
    const base = alias ? enc`/smtpy/domains/${domain}/aliases/${alias}/rules` : enc`/smtpy/domains/${domain}/rules`;
    const here = `/domains/${encodeURIComponent(domain)}/rules`;
    const scopeName = alias ? `${alias}@${domain}` : domain;
    const list = await get(base);
    const writable = can('rules:write', domain);
    const editing = query.get('edit');

    async function save(next, message) {
        await put(base, { timeZone: list.timeZone, rules: next.map(stored) });
        toast(message);
        go(alias ? `${here}?alias=${encodeURIComponent(alias)}` : here);
    }

    const move = (index, by) => {
        const next = [...list.rules];
        const [rule] = next.splice(index, 1);
        next.splice(index + by, 0, rule);
        return save(next, `${rule.name} moved ${by < 0 ? 'up' : 'down'}`);
    };

    const rulesTable = table({
        caption: `Rules of ${scopeName}, in the order they run`,
        rows: list.rules.map((rule, index) => ({ rule, index })),
        rowKey: ({ rule }) => rule.name,
        empty: `No rule for ${scopeName} yet: every mail goes to its destinations.`,
        columns: [
            { label: 'Rule', value: ({ rule, index }) => h('strong', { class: 'wrap' }, `${index + 1}. ${rule.name}`) },
            { label: 'When', value: ({ rule }) => h('span', { class: 'wrap' }, describeCondition(rule.conditions)) },
            { label: 'Then', value: ({ rule }) => h('ul', { class: 'plain wrap' }, rule.actions.map(action => h('li', {}, describeAction(action)))) },
            { label: 'State', value: ({ rule }) => h('div', {}, rule.enabled === false ? badge('disabled', 'pending') : badge('enabled', 'ok'),
                h('div', { class: 'small' }, rule.hits ? [`${rule.hits.count} hit${rule.hits.count === 1 ? '' : 's'}`,
                    rule.hits.lastHit ? [', last ', time(rule.hits.lastHit)] : null] : 'no hit yet')) },
            { label: '', value: ({ rule, index }) => writable ? rowActions(rule, index) : null },
        ],
    });
    function rowActions(rule, index) {
        const id = `rule-${index}`;
        return h('div', { class: 'actions row-actions' },
            index > 0 ? button('Up', () => move(index, -1), { kind: 'secondary small', ariaLabel: `Move ${rule.name} up`, id: `${id}-up` }) : null,
            index < list.rules.length - 1 ? button('Down', () => move(index, 1), { kind: 'secondary small', ariaLabel: `Move ${rule.name} down`, id: `${id}-down` }) : null,
            h('a', { class: 'button secondary small', id: `${id}-edit`,
                href: `#${here}?${new URLSearchParams({ ...(alias ? { alias } : {}), edit: rule.name })}`, 'aria-label': `Edit ${rule.name}` }, 'Edit'),
            button(rule.enabled === false ? 'Enable' : 'Disable', () => save(list.rules.map((other, at) => at === index
                ? { ...other, enabled: other.enabled === false } : other), `${rule.name} ${rule.enabled === false ? 'enabled' : 'disabled'}`),
            { kind: 'secondary small', ariaLabel: `${rule.enabled === false ? 'Enable' : 'Disable'} ${rule.name}`, id: `${id}-toggle` }),
            button('Delete', async () => {
                if (await confirmAction(`Delete the rule "${rule.name}" of ${scopeName}? Mail it matched goes on as if it did not exist.`,
                    { confirm: 'Delete rule' })) {
                    await save(list.rules.filter((other, at) => at !== index), `${rule.name} deleted`);
                }
            }, { kind: 'danger small', ariaLabel: `Delete ${rule.name}`, id: `${id}-delete` }));
    }

    const editIndex = editing ? list.rules.findIndex(rule => rule.name === editing) : -1;
    const editor = writable ? ruleEditor(list.rules, editIndex, save) : notice('Your role can read these rules but not change them.');

    const scopeForm = form({
        id: 'rules-scope',
        label: 'Whose rules',
        submit: 'Show',
        fields: [field({ name: 'alias', label: 'Alias', id: 'rules-alias', value: alias, placeholder: 'sales',
            hint: `Empty: the rules of the whole domain, which run first. An alias's local part (sales for sales@${domain}): its own rules, which run after the domain's.` })],
        onSubmit: values => go(values.alias.trim() ? `${here}?alias=${encodeURIComponent(values.alias.trim())}` : here),
    });

    return screen({
        title: alias ? `Rules of ${alias}@${domain}` : 'Rules',
        lead: 'Conditions checked on every mail, in order, and what to do with the mail that matches: hold it, forward a copy, reject it...',
        help: {
            what: `The domain's rules run on every mail to ${domain}, first to last, then the rules of the alias it came to. Each rule whose conditions all (or any) hold does its actions; "stop" ends both lists. The strongest outcome wins: reject over quarantine over drop over deliver. The test tool below shows what the rules would do with a sample mail without sending anything.`,
            good: 'A short name that says why (hold invoices from strangers), one or two conditions such as subject contains "invoice", and one action. Text tests ignore case unless the rule\'s JSON says "caseSensitive": true.',
            more: 'rules',
        },
    },
    domainTabs(domain, 'rules'),
    h('details', { class: 'filters', open: alias ? true : undefined }, h('summary', {}, 'Domain or alias'), scopeForm),
    h('h2', {}, alias ? `Rules of ${alias}@${domain}` : `Rules of ${domain}`),
    h('p', { class: 'small' }, `Times in conditions are read in ${list.timeZone}.`),
    h('div', { id: 'rules-list' }, rulesTable),
    h('h2', { id: 'rule-editor-title' }, editIndex >= 0 ? `Edit "${list.rules[editIndex].name}"` : 'Add a rule'),
    editor,
    h('h2', {}, 'Test the rules'),
    testTool(domain, alias));
}

function ruleEditor(all, index, save) {
    const rule = index >= 0 ? all[index] : { name: '', enabled: true, conditions: { all: [{ field: 'subject', op: 'contains', value: '' }] },
        actions: [{ type: 'quarantine' }] };
    const replace = next => index >= 0 ? all.map((other, at) => at === index ? next : other) : [...all, next];
    const at = index >= 0 ? index : all.length;
    const cancel = index >= 0 ? h('a', { class: 'button secondary', href: location.hash.replace(/[?&]edit=[^&]*/, '') }, 'Cancel') : null;

    let structured = null;
    if (simple(rule)) {
        const kind = rule.conditions.all ? 'all' : 'any';
        const conditions = h('div', { class: 'rule-rows', id: 'rule-conditions' });
        rule.conditions[kind].forEach(condition => conditionRow(conditions, condition));
        const actions = h('div', { class: 'rule-rows', id: 'rule-actions' });
        rule.actions.forEach(action => actionRow(actions, action));
        structured = form({
            id: 'rule-form',
            label: index >= 0 ? `Edit the rule ${rule.name}` : 'Add a rule',
            submit: index >= 0 ? 'Save rule' : 'Add rule',
            secondary: cancel,
            fields: [
                field({ name: 'name', label: 'Name', id: 'rule-name', value: rule.name, required: true,
                    hint: 'Unique in this list; shown in the trace and in the mail history.' }),
                field({ name: 'enabled', label: 'Enabled', type: 'checkbox', id: 'rule-enabled', value: rule.enabled !== false }),
                field({ name: 'match', label: 'Match', type: 'select', id: 'rule-match', value: kind,
                    options: [['all', 'All of these conditions'], ['any', 'Any of these conditions']] }),
                h('fieldset', { class: 'choices' }, h('legend', {}, 'Conditions'), conditions,
                    h('button', { type: 'button', class: 'secondary small', id: 'rule-add-condition',
                        onclick: () => conditionRow(conditions, { field: 'subject', op: 'contains', value: '' }) }, 'Add a condition'),
                    h('p', { class: 'hint' }, 'Field: subject, from, to, sender, body, attachment-name, spamScore, dmarc, header:<Name>... No condition: every mail.')),
                h('fieldset', { class: 'choices' }, h('legend', {}, 'Actions'), actions,
                    h('button', { type: 'button', class: 'secondary small', id: 'rule-add-action',
                        onclick: () => actionRow(actions, { type: 'alsoForward' }) }, 'Add an action')),
            ],
            onSubmit: async (values, element) => {
                const next = ruleOfForm(element, values);
                try {
                    await save(replace(next), index >= 0 ? `${next.name} saved` : `${next.name} added`);
                } catch (error) {
                    throw explain(error, at);
                }
            },
        });
    }
    const jsonForm = form({
        id: 'rule-json',
        label: 'The rule as JSON',
        submit: index >= 0 ? 'Save JSON' : 'Add from JSON',
        secondary: structured ? null : cancel,
        fields: [field({ name: 'json', label: 'Rule (JSON)', type: 'textarea', id: 'rule-json-text', rows: 12,
            value: JSON.stringify(stored(rule), null, 2),
            hint: 'Every condition and action the API knows: groups {"all": [...]}, {"any": [...]}, {"not": {...}}, "caseSensitive": true, post with "format": "json"...' })],
        onSubmit: async values => {
            let next;
            try {
                next = JSON.parse(values.json);
            } catch (parseError) {
                throw Object.assign(new Error(`Not JSON: ${parseError.message}`), { field: 'json' });
            }
            try {
                await save(replace(next), `${next.name || 'Rule'} saved`);
            } catch (error) {
                throw explain(error, at);
            }
        },
    });
    return h('div', { class: 'rule-editor' },
        structured || notice('This rule has nested groups or options the simple form does not show: edit its JSON.'),
        h('details', { class: 'inline', open: structured ? undefined : true }, h('summary', {}, 'Edit as JSON'), jsonForm));
}

function testTool(domain, alias) {
    const output = h('div', { id: 'rules-trace', 'aria-live': 'polite' });
    const sample = 'From: Ann <ann@shop.example>\r\nSubject: Your invoice 42\r\n\r\nHello\r\n';
    const testForm = form({
        id: 'rules-test',
        label: 'Test the rules on a sample mail',
        submit: 'Run the test',
        fields: [
            h('div', { class: 'filter-grid' },
                field({ name: 'sender', label: 'Envelope sender', type: 'email', id: 'test-sender', value: 'ann@shop.example',
                    hint: 'Empty for a bounce (the null sender).' }),
                field({ name: 'recipient', label: 'Recipient', type: 'email', id: 'test-recipient', required: true,
                    value: `${alias || 'sales'}@${domain}`, hint: `An address of ${domain}; its alias's rules run after the domain's.` }),
                field({ name: 'verdicts.spf', label: 'SPF', type: 'select', options: VERDICTS.map(v => [v, v]) }),
                field({ name: 'verdicts.dkim', label: 'DKIM', type: 'select', options: VERDICTS.map(v => [v, v]) }),
                field({ name: 'verdicts.dmarc', label: 'DMARC', type: 'select', options: VERDICTS.map(v => [v, v]) })),
            field({ name: 'message', label: 'Message (header fields, a blank line, the body)', type: 'textarea', id: 'test-message',
                rows: 6, value: sample.replace(/\r\n/g, '\n') }),
        ],
        onSubmit: async values => {
            const verdicts = {};
            for (const name of ['spf', 'dkim', 'dmarc']) {
                if (values[`verdicts.${name}`] !== 'none') {
                    verdicts[name] = values[`verdicts.${name}`];
                }
            }
            const answer = await post(enc`/smtpy/domains/${domain}/rules/test`, { sender: values.sender.trim(),
                recipient: values.recipient.trim(), verdicts, message: values.message.replace(/\r?\n/g, '\r\n') });
            output.replaceChildren(trace(answer));
        },
    });
    return h('div', {}, h('p', { class: 'small' }, 'Runs the saved rules on a mail you write here: nothing is sent and no hit is counted.'),
        testForm, output);
}

function trace(answer) {
    const decided = answer.decidedBy ? ` by "${answer.decidedBy.name}" (${answer.decidedBy.scope})` : '';
    const extras = [
        answer.rejectText ? ['Reject text', answer.rejectText] : null,
        answer.replacedDestinations ? ['Goes only to', answer.replacedDestinations.join(', ')] : null,
        answer.addedDestinations && answer.addedDestinations.length ? ['Copies to', answer.addedDestinations.join(', ')] : null,
        answer.addedHeaders && answer.addedHeaders.length ? ['Added header fields', answer.addedHeaders.map(x => `${x.name}: ${x.value}`).join('; ')] : null,
        answer.subjectPrefixes && answer.subjectPrefixes.length ? ['Subject prefixes', answer.subjectPrefixes.join(' ')] : null,
        answer.posts && answer.posts.length ? ['Posts', answer.posts.map(x => `${x.url} (${x.format})`).join(', ')] : null,
    ].filter(Boolean);
    return h('div', { class: 'trace' },
        h('h3', {}, 'Outcome: ', badge(answer.disposition, answer.disposition === 'deliver' ? 'ok' : answer.disposition === 'quarantine' ? 'quarantined' : 'rejected'), decided),
        extras.length ? h('dl', { class: 'facts' }, extras.map(([label, value]) => [h('dt', {}, label), h('dd', { class: 'wrap' }, value)])) : null,
        answer.trace.length ? h('ol', { class: 'trace-steps' }, answer.trace.map(step => h('li', { class: `trace-step ${step.outcome}`, dataset: { rule: step.name } },
            h('div', { class: 'step-head' }, h('strong', { class: 'wrap' }, step.name), h('span', { class: 'small wrap' }, step.scope),
                badge(step.outcome, step.outcome === 'matched' ? 'ok' : 'pending')),
            step.why ? h('p', { class: 'step-line wrap' }, step.why) : null,
            step.actions && step.actions.length ? h('p', { class: 'step-line wrap' }, 'Did: ', step.actions.join('; ')) : null)))
            : h('p', { class: 'empty' }, 'No rule ran: there is none for this address.'));
}

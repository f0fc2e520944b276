// What a domain does with addresses that have no alias: the regex aliases (an ordered list, replaced as a whole on
// every change) and the catch-all with its exceptions.
import { get, put, del, enc, can } from '../api.js';
import { h, screen, field, form, button, badge, toast, confirmAction, notice, domainTabs, nextId } from '../ui.js';
import { list, editDialog } from './aliases.js';

const ACTIONS = [['reject', 'Reject (550: no such address)'], ['defer', 'Defer (421: try again later)'], ['drop', 'Drop (accept, then discard)']];

export default async function routing({ domain }) {
    const mayWrite = can('aliases:write', domain);
    const catchAllPath = enc`/smtpy/domains/${domain}/catch-all`;
    const regexPath = enc`/smtpy/domains/${domain}/regex-aliases`;
    const catchAllHolder = h('div', { id: 'catch-all' });
    const regexHolder = h('div', { id: 'regex-aliases' });

    async function readCatchAll() {
        try {
            return await get(catchAllPath);
        } catch (error) {
            if (error.status === 404 && /has no catch-all/.test(error.message)) {
                return null;
            }
            throw error;
        }
    }

    function drawCatchAll(catchAll) {
        const exceptions = (catchAll ? catchAll.exceptions : []).map(exception => ({ ...exception }));
        const rows = h('ol', { class: 'exceptions', id: 'catch-all-exceptions' });
        function drawExceptions() {
            rows.replaceChildren(...exceptions.map((exception, index) => {
                const patternId = nextId('exception-pattern');
                const actionId = nextId('exception-action');
                const pattern = h('input', { id: patternId, value: exception.pattern, placeholder: 'noreply-*', autocomplete: 'off',
                    oninput: event => {
                        exception.pattern = event.target.value;
                    } });
                const action = h('select', { id: actionId, onchange: event => {
                    exception.action = event.target.value;
                } }, ACTIONS.map(([value, label]) => h('option', { value, selected: exception.action === value }, label)));
                return h('li', { class: 'exception', dataset: { index: String(index) } },
                    h('div', { class: 'field' }, h('label', { for: patternId }, `Exception ${index + 1}: pattern`), pattern),
                    h('div', { class: 'field' }, h('label', { for: actionId }, 'Then'), action),
                    mayWrite ? h('div', { class: 'actions' },
                        moveButtons(index, exceptions.length, `exception ${index + 1}`, to => {
                            exceptions.splice(to, 0, ...exceptions.splice(index, 1));
                            drawExceptions();
                        }),
                        h('button', { type: 'button', class: 'danger small', 'aria-label': `Remove exception ${index + 1}`, onclick: () => {
                            exceptions.splice(index, 1);
                            drawExceptions();
                        } }, 'Remove')) : null);
            }));
        }
        drawExceptions();
        const state = catchAll
            ? h('p', { id: 'catch-all-state' }, badge('on', 'ok'), ' Mail to any other address goes to ',
                h('strong', { class: 'wrap' }, catchAll.destinations.join(', ')), '.')
            : h('p', { id: 'catch-all-state' }, badge('off', 'pending'), ' Mail to addresses without an alias is refused.');
        if (!mayWrite) {
            catchAllHolder.replaceChildren(state, exceptions.length ? h('ul', { class: 'wrap' }, exceptions.map(exception =>
                h('li', {}, 'Except ', h('code', {}, exception.pattern), `: ${exception.action}`))) : '');
            return;
        }
        const exceptionsField = h('fieldset', { class: 'field', dataset: { field: 'exceptions' } },
            h('legend', {}, 'Exceptions'),
            h('p', { class: 'hint' }, 'Addresses the catch-all must not take, tried in this order. * is any run of characters, ? one character.'),
            rows,
            h('p', { class: 'field-error', hidden: true }),
            h('button', { type: 'button', class: 'secondary small', id: 'add-exception', onclick: () => {
                exceptions.push({ pattern: '', action: 'reject' });
                drawExceptions();
                rows.lastElementChild.querySelector('input').focus();
            } }, 'Add an exception'));
        catchAllHolder.replaceChildren(state, form({
            id: 'catch-all-form',
            label: 'Catch-all',
            submit: catchAll ? 'Save catch-all' : 'Turn catch-all on',
            fields: [
                field({ name: 'destinations', label: 'Forward other addresses to', id: 'catch-all-destinations', required: true,
                    value: catchAll ? catchAll.destinations.join(', ') : '', placeholder: 'you@gmail.com',
                    hint: 'One or more mailboxes, separated by commas.' }),
                exceptionsField,
            ],
            secondary: catchAll ? button('Turn catch-all off', async () => {
                if (!await confirmAction('Turn the catch-all off? Mail to addresses without an alias will be refused.', { confirm: 'Turn off' })) {
                    return;
                }
                await del(catchAllPath);
                toast('Catch-all turned off');
                drawCatchAll(null);
            }, { kind: 'danger', id: 'catch-all-off' }) : null,
            onSubmit: async values => {
                const saved = await put(catchAllPath, {
                    destinations: list(values.destinations),
                    exceptions: exceptions.map(({ pattern, action }) => ({ pattern: pattern.trim(), action })),
                }).catch(error => {
                    // "Invalid exceptions[2].pattern: ..." is about the row labelled "Exception 3".
                    const row = error.field && /^exceptions\[(\d+)\]\.(\w+)$/.exec(error.field);
                    if (row) {
                        error.message = `Exception ${Number(row[1]) + 1}, ${row[2]}: ${error.message.replace(/^Invalid [^:]+: /, '')}`;
                        const item = rows.children[Number(row[1])];
                        if (item) {
                            const input = item.querySelector(row[2] === 'action' ? 'select' : 'input');
                            input.setAttribute('aria-invalid', 'true');
                            input.focus();
                        }
                        // Shown above the button: the form would mark the fieldset's first input, not this row's.
                        error.field = null;
                    }
                    throw error;
                });
                toast('Catch-all saved');
                drawCatchAll(saved);
            },
        }));
    }

    // Every change of the regex aliases PUTs the whole list in its shown order; the server's answer is drawn again.
    async function saveRegex(entries, message) {
        const saved = await put(regexPath, entries.map(({ pattern, destinations, description }) => ({ pattern, destinations, description })));
        toast(message);
        drawRegex(saved);
        return saved;
    }

    function drawRegex(entries) {
        const items = entries.map((entry, index) => h('li', { class: 'regex', dataset: { index: String(index), pattern: entry.pattern, destinations: entry.destinations.join(',') } },
            h('div', { class: 'regex-body' },
                h('code', { class: 'wrap pattern' }, entry.pattern),
                h('p', { class: 'wrap' }, '→ ', entry.destinations.join(', ')),
                entry.description ? h('p', { class: 'small wrap' }, entry.description) : null),
            mayWrite ? h('div', { class: 'actions' },
                moveButtons(index, entries.length, entry.pattern, to => {
                    const moved = entries.slice();
                    moved.splice(to, 0, ...moved.splice(index, 1));
                    return saveRegex(moved, 'Order saved');
                }),
                button('Edit', () => editRegex(entries, index), { kind: 'secondary small', ariaLabel: `Edit ${entry.pattern}` }),
                button('Remove', async () => {
                    if (!await confirmAction(`Remove the regex alias ${entry.pattern}?`, { confirm: 'Remove' })) {
                        return;
                    }
                    await saveRegex(entries.filter((ignored, position) => position !== index), 'Regex alias removed');
                }, { kind: 'danger small', ariaLabel: `Remove ${entry.pattern}` })) : null));
        regexHolder.replaceChildren(...[
            entries.length ? h('ol', { class: 'regex-list', id: 'regex-list' }, items)
                : h('p', { class: 'empty' }, 'No regex alias: only exact aliases and the catch-all answer.'),
            mayWrite ? h('h3', {}, 'Add a regex alias') : null,
            mayWrite ? regexForm(entries, entries.length, null) : null].filter(Boolean));
    }

    /** The form of one entry: a new one (position = length) or the one at position (when editing). */
    function regexForm(entries, position, onDone) {
        const entry = entries[position] || { pattern: '', destinations: [], description: '' };
        const prefix = onDone ? 'regex-edit' : 'regex-add';
        return form({
            id: `${prefix}-form`,
            label: onDone ? `Edit ${entry.pattern}` : 'Add a regex alias',
            submit: onDone ? 'Save' : 'Add regex alias',
            fields: [
                field({ name: 'pattern', label: 'Pattern (Java regular expression)', id: `${prefix}-pattern`, required: true, value: entry.pattern,
                    placeholder: '^shop-(.+)$', hint: 'Not anchored: write ^…$ to match the whole part before the @. Case is ignored.' }),
                field({ name: 'destinations', label: 'Forward to', id: `${prefix}-destinations`, required: true, value: entry.destinations.join(', '),
                    placeholder: 'me+$1@gmail.com', hint: '$1 to $9 are the pattern\'s groups. Several: separate them with commas.' }),
                field({ name: 'description', label: 'Description', id: `${prefix}-description`, value: entry.description }),
            ],
            secondary: onDone ? h('button', { type: 'button', class: 'secondary', onclick: () => onDone() }, 'Cancel') : null,
            onSubmit: async values => {
                const changed = entries.slice();
                changed[position] = { pattern: values.pattern.trim(), destinations: list(values.destinations), description: values.description };
                try {
                    await saveRegex(changed, onDone ? 'Regex alias saved' : 'Regex alias added');
                } catch (error) {
                    // "[2].pattern" is about this entry when 2 is its position: show it at the field.
                    const mine = error.field && new RegExp(`^\\[${position}\\]\\.`).exec(error.field);
                    if (mine) {
                        error.field = error.field.slice(mine[0].length);
                        error.message = error.message.replace(mine[0], '');
                    }
                    throw error;
                }
                if (onDone) {
                    onDone(true);
                }
            },
        });
    }

    function editRegex(entries, index) {
        editDialog('regex-edit', `Edit ${entries[index].pattern}`, close => regexForm(entries, index, close));
    }

    const [catchAll, regexAliases] = await Promise.all([readCatchAll(), get(regexPath)]);
    drawCatchAll(catchAll);
    drawRegex(regexAliases);

    return screen({
        title: 'Catch-all and regex aliases',
        lead: `What happens to mail for addresses @${domain} that have no alias of their own.`,
        help: {
            what: 'An address is looked up in this order: its own alias first (a disabled or expired alias refuses and stops there), then the regex aliases from the top, then the catch-all\'s exceptions, then the catch-all. A catch-all takes all the rest, spam to made-up addresses included: the exceptions turn some of it away.',
            good: 'A regex alias ^shop-(.+)$ forwarding to me+$1@gmail.com: shop-amazon@ reaches me+amazon@gmail.com, so you see who leaked the address. A catch-all with an exception noreply-* → Drop.',
            more: 'catch-all',
        },
    },
    domainTabs(domain, 'routing'),
    mayWrite ? null : notice('Your role may read these settings but not change them.'),
    h('section', { 'aria-labelledby': 'regex-title' },
        h('h2', { id: 'regex-title' }, 'Regex aliases'),
        h('p', { class: 'muted' }, 'Tried from the top; the first that matches forwards the mail.',
            mayWrite ? ' Use the arrows to change the order.' : ''),
        regexHolder),
    h('section', { 'aria-labelledby': 'catch-all-title' },
        h('h2', { id: 'catch-all-title' }, 'Catch-all'),
        h('p', { class: 'muted' }, 'Takes the mail of every address that has no alias and matches no regex alias.'),
        catchAllHolder));
}

/** Up and down buttons for the item at index of count; moveTo(newIndex) does the move (errors become a toast). */
function moveButtons(index, count, name, moveTo) {
    const move = (by, label, direction) => {
        const element = button(label, () => moveTo(index + by), { kind: 'secondary small', ariaLabel: `Move ${name} ${direction}` });
        element.dataset.move = direction;
        element.disabled = index + by < 0 || index + by >= count;
        return element;
    };
    return [move(-1, '↑', 'up'), move(1, '↓', 'down')];
}

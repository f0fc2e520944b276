// A domain's aliases: the filtered, paged list (search, tag, expiry), create, edit, delete, bulk enable/disable/delete,
// the CSV import followed as a task to its per-line errors, the export, and a test of what an address resolves to.
import { get, put, patch, post, del, enc, can, ApiError } from '../api.js';
import { h, screen, field, form, button, table, badge, time, toast, confirmAction, notice, errorBox, facts, domainTabs, withQuery } from '../ui.js';

const PAGE = 50;
const TASK_ENDS = new Set(['completed', 'failed', 'cancelled']);

/** A modal dialog titled title around content(close); Escape or close() removes it. */
export function editDialog(id, title, content) {
    const dialog = h('dialog', { class: 'dialog wide', id, 'aria-labelledby': `${id}-title` });
    const close = () => {
        dialog.close();
        dialog.remove();
    };
    dialog.addEventListener('cancel', close);
    dialog.append(h('h2', { id: `${id}-title`, class: 'wrap' }, title), content(close));
    document.body.append(dialog);
    dialog.showModal();
}

/** "a@x.example, b@x.example" (commas, semicolons or spaces) as a list. */
export function list(text) {
    return String(text || '').split(/[\s,;]+/).map(value => value.trim()).filter(Boolean);
}

/** An ISO instant as the value of a datetime-local input (local time, minutes). */
function localInput(iso) {
    if (!iso) {
        return '';
    }
    const date = new Date(iso);
    return new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

/** A datetime-local value as an instant with offset, or null for "never". */
function instant(value) {
    return value ? new Date(value).toISOString() : null;
}

export default async function aliases({ domain }, { onLeave, query }) {
    const mayWrite = can('aliases:write', domain);
    const base = enc`/smtpy/domains/${domain}/aliases`;
    const state = {
        q: query.get('q') || '',
        tag: query.get('tag') || '',
        expired: query.get('expired') || '',
        offset: Math.max(0, Number.parseInt(query.get('offset') || '0', 10) || 0),
    };
    let stopped = false;
    onLeave(() => {
        stopped = true;
    });

    const listHolder = h('div', { id: 'alias-list', 'aria-live': 'polite' });
    const tagsSeen = h('datalist', { id: 'alias-tags-seen' });
    const bulkCount = h('span', { id: 'bulk-count', class: 'muted' }, 'None selected');
    let selected = [];
    const bulkButtons = [];

    function remember() {
        // replaceState, not the hash: the list reloads in place and keeps the import's results on screen.
        history.replaceState(null, '', `#${withQuery(`/domains/${encodeURIComponent(domain)}/aliases`,
            { q: state.q, tag: state.tag, expired: state.expired, offset: state.offset || '' })}`);
    }

    function select(rows) {
        selected = rows;
        bulkCount.textContent = rows.length ? `${rows.length} selected` : 'None selected';
        bulkButtons.forEach(element => {
            element.disabled = !rows.length;
        });
    }

    async function load() {
        let page;
        try {
            page = await get(withQuery(base, { limit: PAGE, offset: state.offset, q: state.q, tag: state.tag, expired: state.expired }));
        } catch (error) {
            listHolder.replaceChildren(errorBox(error));
            return;
        }
        if (stopped) {
            return;
        }
        if (!page.aliases.length && page.total && state.offset) {
            state.offset = Math.max(0, Math.floor((page.total - 1) / PAGE) * PAGE);
            await load();
            return;
        }
        remember();
        select([]);
        const seen = new Set(page.aliases.flatMap(alias => alias.tags));
        tagsSeen.replaceChildren(...[...seen].sort().map(tag => h('option', { value: tag })));
        listHolder.replaceChildren(...[
            activeFilters(),
            table({
                caption: `Aliases of ${domain}`,
                empty: state.q || state.tag || state.expired ? 'No alias matches these filters.' : 'No alias yet: create the first one above.',
                rows: page.aliases,
                rowKey: alias => alias.localPart,
                select: mayWrite ? { onChange: select } : undefined,
                columns: [
                    { label: 'Alias', value: alias => h('div', {},
                        h('strong', { class: 'wrap' }, alias.address),
                        alias.description ? h('div', { class: 'description small wrap' }, alias.description) : null) },
                    { label: 'Forwards to', value: alias => h('ul', { class: 'dest-list wrap' }, alias.destinations.map(to => h('li', {}, to))) },
                    { label: 'Tags', value: alias => alias.tags.length ? h('div', { class: 'chips' }, alias.tags.map(tag =>
                        h('button', { type: 'button', class: 'chip', dataset: { tag }, 'aria-label': `Show only aliases tagged ${tag}`,
                            onclick: () => filter({ tag, offset: 0 }) }, tag))) : '' },
                    { label: 'State', value: alias => h('div', { dataset: { state: alias.expired ? 'expired' : alias.enabled ? 'enabled' : 'disabled' } },
                        alias.expired ? badge('expired', 'wrong') : badge(alias.enabled ? 'enabled' : 'disabled', alias.enabled ? 'ok' : 'error'),
                        alias.expiresAt && !alias.expired ? h('div', { class: 'small' }, 'until ', time(alias.expiresAt)) : null) },
                    { label: 'Actions', class: 'row-actions', value: alias => h('div', { class: 'actions' },
                        button('Test', () => test(alias.localPart), { kind: 'secondary small', ariaLabel: `Test ${alias.address}` }),
                        mayWrite ? button('Edit', () => edit(alias), { kind: 'secondary small', ariaLabel: `Edit ${alias.address}` }) : null,
                        mayWrite ? button('Delete', () => remove(alias), { kind: 'danger small', ariaLabel: `Delete ${alias.address}` }) : null) },
                ],
            }),
            pager(page)].filter(Boolean));
    }

    function activeFilters() {
        if (!state.tag) {
            return null;
        }
        return h('p', { class: 'filter-chips' }, 'Showing only aliases tagged ',
            h('button', { type: 'button', class: 'chip active', id: 'clear-tag', 'aria-label': `Stop filtering by tag ${state.tag}`,
                onclick: () => filter({ tag: '', offset: 0 }) }, state.tag, h('span', { 'aria-hidden': 'true' }, ' ×')));
    }

    function pager(page) {
        const first = page.total ? page.offset + 1 : 0;
        const last = page.offset + page.aliases.length;
        return h('nav', { class: 'alias-pager', 'aria-label': 'Pages of aliases' },
            h('span', { id: 'alias-range' }, `${first}–${last} of ${page.total}`),
            h('div', { class: 'actions' },
                h('button', { type: 'button', class: 'secondary', id: 'page-previous', disabled: page.offset === 0,
                    onclick: () => filter({ offset: Math.max(0, page.offset - PAGE) }) }, 'Previous'),
                h('button', { type: 'button', class: 'secondary', id: 'page-next', disabled: last >= page.total,
                    onclick: () => filter({ offset: page.offset + PAGE }) }, 'Next')));
    }

    async function filter(change) {
        Object.assign(state, change);
        searchForm.elements.q.value = state.q;
        searchForm.elements.tag.value = state.tag;
        searchForm.elements.expired.value = state.expired;
        await load();
    }

    // What a local part resolves to now: the exact alias, a regex alias, the catch-all, or nothing.
    const resolution = h('div', { id: 'resolve-result', 'aria-live': 'polite' });
    const resolveForm = form({
        id: 'resolve',
        label: 'Test an address',
        submit: 'Test',
        fields: [field({ name: 'localPart', label: `Address to test (before @${domain})`, id: 'resolve-local', required: true,
            placeholder: 'sales+news', hint: 'Any address, +tag included: the answer says whether mail to it is forwarded, where, and why.' })],
        onSubmit: async values => {
            const localPart = values.localPart.trim();
            if (!localPart) {
                throw new ApiError(400, 'InvalidArgument', 'Invalid localPart: enter the part before the @');
            }
            const answer = await get(enc`/smtpy/domains/${domain}/resolve/${localPart}`);
            resolution.replaceChildren(h('div', { class: `resolution ${answer.forwards ? 'forwards' : 'stops'}`, dataset: { outcome: answer.outcome } },
                facts([
                    ['Address', h('span', { class: 'wrap' }, answer.address)],
                    ['Outcome', badge(answer.outcome, answer.forwards ? 'ok' : 'wrong')],
                    ['Forwards to', answer.destinations.length
                        ? h('ul', { class: 'dest-list wrap' }, answer.destinations.map(to => h('li', {}, to))) : 'nobody'],
                    answer.action ? ['Action', answer.action] : null,
                    ['Why', answer.reason],
                ])));
        },
    });

    function test(localPart) {
        resolveForm.elements.localPart.value = localPart;
        resolveForm.requestSubmit();
        resolveForm.scrollIntoView({ block: 'nearest' });
    }

    async function remove(alias) {
        if (!await confirmAction(`Delete ${alias.address}? Mail to it will be refused from now on.`, { confirm: 'Delete alias' })) {
            return;
        }
        await del(aliasPath(alias.localPart));
        toast(`${alias.address} deleted`);
        await load();
    }

    function aliasPath(localPart) {
        return enc`/smtpy/domains/${domain}/aliases/${localPart}`;
    }

    function edit(alias) {
        editDialog('edit-alias', `Edit ${alias.address}`, close => form({
            id: 'edit-alias-form',
            label: `Edit ${alias.address}`,
            submit: 'Save changes',
            fields: aliasFields(alias, 'edit'),
            secondary: h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel'),
            onSubmit: async values => {
                await patch(aliasPath(alias.localPart), aliasBody(values));
                close();
                toast(`${alias.address} saved`);
                await load();
            },
        }));
    }

    async function bulk(action) {
        const rows = selected.slice();
        if (!rows.length) {
            return;
        }
        const names = rows.map(alias => alias.localPart);
        if (action === 'delete' && !await confirmAction(
            `Delete ${rows.length} alias${rows.length === 1 ? '' : 'es'} (${names.join(', ')})? Mail to them will be refused.`,
            { confirm: `Delete ${rows.length}` })) {
            return;
        }
        // The API has no bulk form for aliases: one request each, and every failure named.
        const failed = [];
        for (const alias of rows) {
            try {
                if (action === 'delete') {
                    await del(aliasPath(alias.localPart));
                } else {
                    await patch(aliasPath(alias.localPart), { enabled: action === 'enable' });
                }
            } catch (error) {
                failed.push(`${alias.localPart}: ${error.message}`);
            }
        }
        const done = rows.length - failed.length;
        const verb = { enable: 'enabled', disable: 'disabled', delete: 'deleted' }[action];
        toast(`${done} alias${done === 1 ? '' : 'es'} ${verb}${failed.length ? `; ${failed.length} failed: ${failed.join('; ')}` : ''}`,
            failed.length ? 'error' : 'info');
        await load();
    }

    const searchForm = h('form', { class: 'alias-filters', id: 'alias-filters', role: 'search', 'aria-label': 'Filter aliases',
        onsubmit: event => {
            event.preventDefault();
            const data = new FormData(searchForm);
            filter({ q: String(data.get('q')).trim(), tag: String(data.get('tag')).trim().toLowerCase(), expired: String(data.get('expired')), offset: 0 });
        } },
    field({ name: 'q', label: 'Search', type: 'search', id: 'alias-search', value: state.q, placeholder: 'sales, jane@…',
        hint: 'Part of the alias, a destination or the description.' }),
    field({ name: 'tag', label: 'Tag', id: 'alias-tag', value: state.tag, placeholder: 'vip' }),
    field({ name: 'expired', label: 'Expiry', type: 'select', id: 'alias-expired', value: state.expired,
        options: [['', 'Any'], ['false', 'Not expired'], ['true', 'Expired']] }),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary', id: 'alias-filter-submit' }, 'Filter')));
    searchForm.elements.tag.setAttribute('list', 'alias-tags-seen');

    const createForm = mayWrite ? form({
        id: 'create-alias',
        label: 'Create an alias',
        submit: 'Create alias',
        fields: aliasFields(null, 'create', domain),
        onSubmit: async (values, element) => {
            const localPart = values.localPart.trim();
            if (!localPart) {
                throw new ApiError(400, 'InvalidArgument', 'Invalid localPart: enter the part before the @');
            }
            const created = await put(aliasPath(localPart), aliasBody(values));
            toast(`${created.address} forwards to ${created.destinations.join(', ')}`);
            clear(element, ['localPart', 'destinations', 'tags', 'description', 'expiresAt']);
            await load();
        },
    }) : null;

    for (const [action, label, kind] of [['enable', 'Enable', 'secondary'], ['disable', 'Disable', 'secondary'], ['delete', 'Delete', 'danger']]) {
        const element = button(label, () => bulk(action), { kind, id: `bulk-${action}` });
        element.disabled = true;
        bulkButtons.push(element);
    }

    const importSection = mayWrite ? importer(domain, base, load, () => stopped) : null;

    await load();
    return screen({
        title: 'Aliases',
        lead: `Addresses @${domain} and where their mail goes.`,
        help: {
            what: 'An alias forwards the mail sent to one address of this domain to one or more mailboxes you already have. A disabled or expired alias refuses mail (and does not fall back to the catch-all). Tags group aliases so you can find and export them together.',
            good: 'Alias "sales" forwarding to "jane@gmail.com, ops@company.example", tagged "team"; a throw-away "shop-2026" that expires at the end of the year.',
            more: 'aliases',
        },
        actions: [
            h('a', { class: 'button secondary', id: 'export-csv', href: `${base}/export?format=csv`, download: `${domain}-aliases.csv` }, 'Export CSV'),
            h('a', { class: 'button secondary', id: 'export-json', href: `${base}/export?format=json`, download: `${domain}-aliases.json` }, 'Export JSON'),
        ],
    },
    domainTabs(domain, 'aliases'),
    mayWrite ? [h('h2', {}, 'Create an alias'), createForm] : notice('Your role may read these aliases but not change them.'),
    h('h2', {}, 'Your aliases'),
    searchForm, tagsSeen,
    mayWrite ? h('div', { class: 'bulk', role: 'group', 'aria-label': 'With the selected aliases' }, bulkCount, bulkButtons) : null,
    listHolder,
    h('h2', {}, 'Test an address'),
    resolveForm, resolution,
    importSection);
}

/** The fields of an alias, for create (with its local part) or edit (filled from the alias). */
function aliasFields(alias, prefix, domain) {
    const value = alias || { destinations: [], tags: [], description: '', enabled: true, expiresAt: null };
    return [
        alias ? null : field({ name: 'localPart', label: `Alias (before @${domain})`, id: `${prefix}-localPart`, required: true,
            placeholder: 'sales', hint: 'Letters, digits, dots and - _; no +, which starts a tag (sales+news reaches sales).' }),
        field({ name: 'destinations', label: 'Forward to', id: `${prefix}-destinations`, required: true, type: 'textarea', rows: 2,
            value: value.destinations.join(', '), placeholder: 'you@gmail.com, ops@company.example',
            hint: 'One or more mailboxes, separated by commas.' }),
        field({ name: 'tags', label: 'Tags', id: `${prefix}-tags`, value: value.tags.join(', '), placeholder: 'team, q4',
            hint: 'Optional, separated by commas: a-z, 0-9 and _ . : -' }),
        field({ name: 'description', label: 'Description', id: `${prefix}-description`, value: value.description || '',
            placeholder: 'What it is for' }),
        field({ name: 'expiresAt', label: 'Expires', type: 'datetime-local', id: `${prefix}-expiresAt`, value: localInput(value.expiresAt),
            hint: 'Optional, in your local time; empty means never. From then on the alias refuses mail.' }),
        field({ name: 'enabled', label: 'Enabled (forwards mail)', type: 'checkbox', id: `${prefix}-enabled`, value: value.enabled }),
    ].filter(Boolean);
}

/** Empties the named text fields (form.reset() would also untick the checkboxes ticked by default). */
function clear(formElement, names) {
    names.forEach(name => {
        formElement.elements[name].value = '';
    });
}

function aliasBody(values) {
    return {
        destinations: list(values.destinations),
        tags: list(values.tags),
        description: values.description,
        enabled: values.enabled,
        expiresAt: instant(values.expiresAt),
    };
}

/** The CSV import: a file or pasted text, sent as a task, followed to its end, its per-line errors shown. */
function importer(domain, base, reload, stopped) {
    const progress = h('div', { id: 'import-progress', 'aria-live': 'polite' });
    const file = field({ name: 'file', label: 'CSV file', type: 'file', id: 'import-file',
        hint: 'Or paste the CSV below. The export of any domain imports back as it is.' });
    file.querySelector('input').setAttribute('accept', '.csv,text/csv,text/plain');
    const element = form({
        id: 'import',
        label: 'Import aliases from CSV',
        submit: 'Import',
        fields: [
            file,
            field({ name: 'csv', label: 'CSV text', type: 'textarea', id: 'import-csv', rows: 6,
                placeholder: 'localPart,destinations,tags\nsales,"jane@gmail.com, ops@company.example",team\ninfo,me@gmail.com,',
                hint: 'Header first: localPart and destinations, optionally description, tags, enabled, expiresAt. Lists are separated by ; or commas inside quotes.' }),
            field({ name: 'partial', label: 'Save the valid lines even when some lines are wrong', type: 'checkbox', id: 'import-partial', value: true }),
            field({ name: 'dryRun', label: 'Only check the file, write nothing', type: 'checkbox', id: 'import-dryRun' }),
        ],
        onSubmit: async (values, formElement) => {
            const chosen = formElement.elements.file.files[0];
            const csv = chosen ? await chosen.text() : values.csv;
            if (!csv.trim()) {
                throw new ApiError(400, 'InvalidArgument', 'Invalid csv: choose a file or paste the CSV');
            }
            const { taskId } = await post(withQuery(`${base}/import`, { partial: values.partial, dryRun: values.dryRun }), { csv });
            const working = text => progress.replaceChildren(h('p', { class: 'muted working' },
                h('progress', { 'aria-label': 'Import under way' }), ' ', text));
            working('Import started…');
            const task = await follow(taskId, details => working(`Reading: ${details ? details.linesRead : 0} lines so far…`), stopped);
            if (!task) {
                return;
            }
            progress.replaceChildren(report(task));
            if (task.additionalInformation && task.additionalInformation.written) {
                clear(formElement, ['file', 'csv']);
                await reload();
            }
        },
    });
    return h('section', { class: 'import', 'aria-labelledby': 'import-title' },
        h('h2', { id: 'import-title' }, 'Import from CSV'),
        h('p', { class: 'muted' }, 'Each line creates its alias, or replaces it entirely when it exists. Aliases not in the file are left alone.'),
        element, progress);
}

/** Waits for a task to end (each wait at most a second, progress shown in between); null when the screen was left. */
async function follow(taskId, onProgress, stopped) {
    const path = enc`/smtpy/tasks/${taskId}`;
    while (!stopped()) {
        try {
            const task = await get(`${path}/await?timeout=1`);
            if (TASK_ENDS.has(task.status)) {
                return task;
            }
        } catch (error) {
            if (error.status !== 408) {
                throw error;
            }
        }
        const now = await get(path);
        if (TASK_ENDS.has(now.status)) {
            return now;
        }
        onProgress(now.additionalInformation);
    }
    return null;
}

function report(task) {
    const details = task.additionalInformation || {};
    const ok = task.status === 'completed';
    const what = details.dryRun
        ? `Checked only, nothing written: ${details.created} would be created and ${details.updated} replaced.`
        : details.written
            ? `${details.created} created, ${details.updated} replaced.`
            : 'Nothing was written.';
    return h('div', { class: 'import-report', id: 'import-report', dataset: { status: task.status } },
        notice(`${ok ? 'Import finished' : 'Import failed'}: ${details.linesRead} line${details.linesRead === 1 ? '' : 's'} read, ${details.valid} valid. ${what}` +
            (details.errorCount ? ` ${details.errorCount} line${details.errorCount === 1 ? '' : 's'} refused${!ok && !details.partial ? ': fix them, or tick "Save the valid lines", and import again' : ''}.` : ''),
        ok && !details.errorCount ? 'ok' : 'error'),
        details.errors && details.errors.length ? table({
            caption: details.errorCount > details.errors.length
                ? `The first ${details.errors.length} of ${details.errorCount} refused lines` : 'Refused lines',
            rows: details.errors,
            rowKey: error => String(error.line),
            columns: [
                { label: 'Line', value: error => String(error.line), class: 'num' },
                { label: 'Column', value: error => error.field || '(the whole line)' },
                { label: 'Problem', value: error => h('span', { class: 'wrap' }, error.message) },
            ],
        }) : null);
}

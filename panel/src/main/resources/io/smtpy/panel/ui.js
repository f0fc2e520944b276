// Small DOM helpers every screen uses: elements, forms that show the API's field errors, tables, toasts, help.

let uniqueId = 0;

/** h('button', {class: 'primary', onclick: fn, 'aria-label': 'x'}, 'Save') — strings become text, never HTML. */
export function h(tag, props, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
        if (value === undefined || value === null || value === false) {
            continue;
        }
        if (name.startsWith('on') && typeof value === 'function') {
            element.addEventListener(name.slice(2), value);
        } else if (name === 'class') {
            element.className = value;
        } else if (name === 'dataset') {
            Object.assign(element.dataset, value);
        } else if (name === 'value' || name === 'checked' || name === 'selected') {
            element[name] = value;
        } else {
            element.setAttribute(name, value === true ? '' : value);
        }
    }
    append(element, children);
    return element;
}

function append(element, children) {
    for (const child of children.flat(Infinity)) {
        if (child === undefined || child === null || child === false) {
            continue;
        }
        element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
}

export function nextId(prefix) {
    uniqueId += 1;
    return `${prefix || 'f'}-${uniqueId}`;
}

/**
 * A screen: heading, a short "what this does" line, optional actions, then content. The router puts it in <main>.
 * help: {what, good} shown in a disclosure under the heading.
 */
export function screen({ title, lead, help: helpText, actions }, ...content) {
    return h('section', { class: 'screen' },
        h('div', { class: 'screen-head' },
            h('h1', { id: 'screen-title' }, title),
            actions ? h('div', { class: 'actions' }, actions) : null),
        lead ? h('p', { class: 'lead' }, lead) : null,
        helpText ? help(helpText) : null,
        content);
}

/** Contextual help: what this does and what a good value looks like. */
export function help({ what, good, more }) {
    return h('details', { class: 'help' },
        h('summary', {}, 'Help'),
        what ? h('p', {}, what) : null,
        good ? h('p', {}, h('strong', {}, 'A good value: '), good) : null,
        more ? h('p', {}, h('a', { href: `#/guide?q=${encodeURIComponent(more)}` }, 'More in the guide')) : null);
}

/**
 * A labelled input. spec: {name, label, type ('text', 'email', 'password', 'number', 'checkbox', 'select', 'textarea',
 * 'datetime-local'), value, hint, required, options: [[value, label]], autocomplete, placeholder, inputmode, id}.
 */
export function field(spec) {
    const id = spec.id || nextId(spec.name);
    const hintId = spec.hint ? `${id}-hint` : null;
    const errorId = `${id}-error`;
    const common = { id, name: spec.name, required: spec.required, autocomplete: spec.autocomplete || 'off',
        placeholder: spec.placeholder, inputmode: spec.inputmode, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') };
    let input;
    if (spec.type === 'select') {
        input = h('select', common, (spec.options || []).map(([value, label]) =>
            h('option', { value, selected: String(spec.value) === String(value) }, label)));
    } else if (spec.type === 'textarea') {
        input = h('textarea', { ...common, rows: spec.rows || 4 });
        input.value = spec.value || '';
    } else if (spec.type === 'checkbox') {
        input = h('input', { ...common, type: 'checkbox', checked: Boolean(spec.value) });
        return h('div', { class: 'field check', dataset: { field: spec.name } },
            input, h('label', { for: id }, spec.label),
            spec.hint ? h('p', { class: 'hint', id: hintId }, spec.hint) : null,
            h('p', { class: 'field-error', id: errorId, hidden: true }));
    } else {
        input = h('input', { ...common, type: spec.type || 'text', value: spec.value === undefined ? '' : spec.value,
            min: spec.min, max: spec.max, step: spec.step });
    }
    return h('div', { class: 'field', dataset: { field: spec.name } },
        h('label', { for: id }, spec.label, spec.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
        input,
        spec.hint ? h('p', { class: 'hint', id: hintId }, spec.hint) : null,
        h('p', { class: 'field-error', id: errorId, hidden: true }));
}

/** The values of a form's fields by name (checkboxes as booleans, empty text as ''). */
export function values(formElement) {
    const result = {};
    for (const element of formElement.elements) {
        if (!element.name) {
            continue;
        }
        result[element.name] = element.type === 'checkbox' ? element.checked : element.value;
    }
    return result;
}

/**
 * A form: fields, a submit button, and the API's error shown at the field it names (else above the button).
 * onSubmit(values, formElement) may return a promise; the button is busy meanwhile.
 */
export function form({ id, fields, submit, onSubmit, secondary, label }) {
    const status = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const button = h('button', { type: 'submit', class: 'primary', id: id ? `${id}-submit` : undefined }, submit || 'Save');
    const element = h('form', { id, class: 'form', novalidate: true, 'aria-label': label },
        fields, status, h('div', { class: 'form-actions' }, button, secondary));
    element.addEventListener('submit', async event => {
        event.preventDefault();
        clearErrors(element, status);
        button.disabled = true;
        button.setAttribute('aria-busy', 'true');
        try {
            await onSubmit(values(element), element);
        } catch (error) {
            showError(element, status, error);
        } finally {
            button.disabled = false;
            button.removeAttribute('aria-busy');
        }
    });
    return element;
}

function clearErrors(formElement, status) {
    status.hidden = true;
    status.textContent = '';
    for (const error of formElement.querySelectorAll('.field-error')) {
        error.hidden = true;
        error.textContent = '';
    }
    for (const input of formElement.querySelectorAll('[aria-invalid]')) {
        input.removeAttribute('aria-invalid');
    }
}

function showError(formElement, status, error) {
    const name = error && error.field ? error.field.replace(/\[.*$/, '') : null;
    const holder = name ? formElement.querySelector(`[data-field="${CSS.escape(name)}"]`) : null;
    if (holder) {
        const message = holder.querySelector('.field-error');
        message.textContent = error.message;
        message.hidden = false;
        const input = holder.querySelector('input, select, textarea');
        input.setAttribute('aria-invalid', 'true');
        input.focus();
    } else {
        status.textContent = (error && error.message) || String(error);
        status.hidden = false;
    }
}

/** A button; onClick may return a promise (the button is busy meanwhile, errors become a toast). */
export function button(label, onClick, { kind, id, ariaLabel, type } = {}) {
    const element = h('button', { type: type || 'button', class: kind || 'secondary', id, 'aria-label': ariaLabel }, label);
    element.addEventListener('click', async event => {
        element.disabled = true;
        try {
            await onClick(event);
        } catch (error) {
            toast(error.message || String(error), 'error');
        } finally {
            element.disabled = false;
        }
    });
    return element;
}

/** A button that copies text to the clipboard. */
export function copyButton(text, label) {
    return button(label || 'Copy', async () => {
        await navigator.clipboard.writeText(text).catch(() => fallbackCopy(text));
        toast('Copied');
    }, { kind: 'secondary small', ariaLabel: label ? undefined : `Copy ${text.length > 40 ? 'value' : text}` });
}

function fallbackCopy(text) {
    const area = h('textarea', { class: 'offscreen', 'aria-hidden': 'true' });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
}

/**
 * A table that becomes a list of cards on narrow screens. columns: [{label, value: row => node|string, class}];
 * select: {onChange(selectedRows)} adds a checkbox column; rowKey(row) names a row.
 */
export function table({ columns, rows, empty, caption, select, rowKey }) {
    if (!rows.length) {
        return h('p', { class: 'empty' }, empty || 'Nothing here yet.');
    }
    const selected = new Set();
    const checkboxes = [];
    const all = select ? h('input', { type: 'checkbox', 'aria-label': 'Select all' }) : null;
    if (all) {
        all.addEventListener('change', () => {
            checkboxes.forEach(({ box, row }) => {
                box.checked = all.checked;
                if (all.checked) {
                    selected.add(row);
                } else {
                    selected.delete(row);
                }
            });
            select.onChange([...selected]);
        });
    }
    const head = h('thead', {}, h('tr', {}, all ? h('th', { class: 'pick' }, all) : null,
        columns.map(column => h('th', { scope: 'col', class: column.class }, column.label))));
    const body = h('tbody', {}, rows.map(row => {
        let pick = null;
        if (select) {
            const box = h('input', { type: 'checkbox', 'aria-label': `Select ${rowKey ? rowKey(row) : ''}`.trim() });
            box.addEventListener('change', () => {
                if (box.checked) {
                    selected.add(row);
                } else {
                    selected.delete(row);
                }
                select.onChange([...selected]);
            });
            checkboxes.push({ box, row });
            pick = h('td', { class: 'pick' }, box);
        }
        return h('tr', { dataset: rowKey ? { key: rowKey(row) } : undefined }, pick,
            columns.map(column => h('td', { class: column.class, dataset: { label: column.label } }, column.value(row))));
    }));
    return h('div', { class: 'table-wrap' }, h('table', {}, caption ? h('caption', {}, caption) : null, head, body));
}

/** A coloured status word: ok, missing, wrong, error, pending, active... */
export function badge(text, kind) {
    return h('span', { class: `badge ${kind || text}` }, text);
}

export function time(iso) {
    if (!iso) {
        return '';
    }
    const date = new Date(iso);
    return h('time', { datetime: iso, title: iso }, date.toLocaleString());
}

export function toast(message, kind) {
    const holder = document.getElementById('toasts');
    const element = h('div', { class: `toast ${kind || 'info'}` }, message);
    holder.append(element);
    setTimeout(() => element.remove(), kind === 'error' ? 8000 : 3500);
}

/** Asks before a destructive action; resolves true or false. */
export function confirmAction(message, { confirm: confirmLabel, danger } = {}) {
    return new Promise(resolve => {
        const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'dialog-text' },
            h('p', { id: 'dialog-text' }, message),
            h('div', { class: 'form-actions' },
                h('button', { type: 'button', class: danger === false ? 'primary' : 'danger', onclick: () => close(true) },
                    confirmLabel || 'Delete'),
                h('button', { type: 'button', class: 'secondary', onclick: () => close(false) }, 'Cancel')));
        function close(answer) {
            dialog.close();
            dialog.remove();
            resolve(answer);
        }
        dialog.addEventListener('cancel', () => close(false));
        document.body.append(dialog);
        dialog.showModal();
    });
}

/** Shows a secret once, with a copy button and a warning; resolves when dismissed. */
export function showSecretOnce(title, secret) {
    return new Promise(resolve => {
        const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'secret-title' },
            h('h2', { id: 'secret-title' }, title),
            h('p', {}, 'Copy it now: it is shown only this once and smtpy keeps only its hash.'),
            h('pre', { class: 'secret', id: 'secret-value' }, secret),
            h('div', { class: 'form-actions' }, copyButton(secret, 'Copy secret'),
                h('button', { type: 'button', class: 'primary', onclick: () => { dialog.close(); dialog.remove(); resolve(); } }, 'Done')));
        document.body.append(dialog);
        dialog.showModal();
    });
}

export function errorBox(error) {
    return h('div', { class: 'notice error', role: 'alert' }, error.message || String(error));
}

export function notice(text, kind) {
    return h('div', { class: `notice ${kind || 'info'}` }, text);
}

/** A definition list of label/value pairs. */
export function facts(pairs) {
    return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

/** A link styled as a button. */
export function linkButton(label, href, kind) {
    return h('a', { class: `button ${kind || 'secondary'}`, href }, label);
}

/** Tabs for the screens of one domain. */
export function domainTabs(domain, current) {
    const base = `#/domains/${encodeURIComponent(domain)}`;
    const tabs = [
        ['overview', 'Setup', base],
        ['aliases', 'Aliases', `${base}/aliases`],
        ['routing', 'Catch-all', `${base}/routing`],
        ['events', 'Events', `${base}/events`],
        ['rules', 'Rules', `${base}/rules`],
        ['lists', 'Block/allow', `${base}/lists`],
        ['quarantine', 'Quarantine', `${base}/quarantine`],
        ['analytics', 'Analytics', `${base}/analytics`],
        ['queue', 'Queue', `${base}/queue`],
        ['suppressions', 'Suppressions', `${base}/suppressions`],
        ['sending', 'Sending', `${base}/sending`],
        ['limits', 'Limits', `${base}/limits`],
        ['webhooks', 'Webhooks', `${base}/webhooks`],
        ['dkim', 'DKIM', `${base}/dkim`],
        ['dmarc', 'DMARC', `${base}/dmarc`],
        ['settings', 'Settings', `${base}/settings`],
    ];
    return h('nav', { class: 'tabs', 'aria-label': `${domain} sections` },
        tabs.map(([name, label, href]) => h('a', { href, 'aria-current': name === current ? 'page' : undefined }, label)));
}

/** path?name=value&... with the empty values left out (a filtered view as a link, or an API query). */
export function withQuery(path, params) {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
        if (value !== '' && value !== null && value !== undefined) {
            query.set(name, value);
        }
    }
    const text = query.toString();
    return text ? `${path}?${text}` : path;
}

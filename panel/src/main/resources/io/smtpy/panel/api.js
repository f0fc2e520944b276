// The REST API as the panel calls it: same origin, the HttpOnly session cookie as the credential, and the CSRF token
// (kept in memory only, recovered from /smtpy/me after a reload) on every change.

export class ApiError extends Error {
    constructor(status, type, message) {
        super(message || `HTTP ${status}`);
        this.status = status;
        this.type = type;
        // "Invalid <field>: ..." names the field a 400 is about.
        const match = /^Invalid ([^:]+):/.exec(this.message);
        this.field = match ? match[1] : null;
    }
}

export const session = {
    me: null,
    csrf: null,
    accountId: null,
};

const ACCOUNT_KEY = 'smtpy.account';

/** Calls the API. body: an object (sent as JSON) or {csv: text}; returns the parsed JSON, the text of a non-JSON answer, or null. */
export async function api(method, path, body, options = {}) {
    const headers = { Accept: 'application/json' };
    let payload;
    if (body !== undefined && body !== null) {
        if (typeof body === 'object' && 'csv' in body) {
            headers['Content-Type'] = 'text/csv';
            payload = body.csv;
        } else {
            headers['Content-Type'] = 'application/json';
            payload = JSON.stringify(body);
        }
    } else if (method !== 'GET' && method !== 'HEAD') {
        headers['Content-Type'] = 'application/json';
    }
    if (method !== 'GET' && method !== 'HEAD' && session.csrf) {
        headers['X-CSRF-Token'] = session.csrf;
    }
    const response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store',
        signal: options.signal });
    if (response.status === 401 && !options.allowUnauthenticated) {
        session.me = null;
        session.csrf = null;
        window.dispatchEvent(new CustomEvent('smtpy:signed-out'));
    }
    const type = response.headers.get('Content-Type') || '';
    const text = await response.text();
    if (!response.ok) {
        let error = null;
        try {
            error = JSON.parse(text);
        } catch (ignored) {
            // not James's error JSON
        }
        throw new ApiError(response.status, error && error.type, (error && error.message) || text || response.statusText);
    }
    if (!text) {
        return null;
    }
    return type.includes('json') ? JSON.parse(text) : text;
}

export const get = (path, options) => api('GET', path, undefined, options);
export const post = (path, body, options) => api('POST', path, body, options);
export const put = (path, body, options) => api('PUT', path, body, options);
export const patch = (path, body, options) => api('PATCH', path, body, options);
export const del = (path, options) => api('DELETE', path, undefined, options);

/** Path segments encoded once: enc`/smtpy/domains/${domain}/aliases/${local}`. */
export function enc(strings, ...values) {
    return strings.reduce((path, part, index) => path + part + (index < values.length ? encodeURIComponent(values[index]) : ''), '');
}

/** Who is signed in, or null; also recovers the CSRF token after a reload. */
export async function loadMe() {
    try {
        const me = await api('GET', '/smtpy/me', undefined, { allowUnauthenticated: true });
        session.me = me;
        if (me.csrfToken) {
            session.csrf = me.csrfToken;
        }
        const accounts = me.accounts || [];
        const kept = sessionStorage.getItem(ACCOUNT_KEY);
        session.accountId = accounts.some(account => account.id === kept) ? kept : (accounts[0] ? accounts[0].id : null);
        return me;
    } catch (error) {
        if (error.status === 401) {
            session.me = null;
            return null;
        }
        throw error;
    }
}

export async function signIn(email, password, totp) {
    const body = { email, password };
    if (totp) {
        body.totp = totp;
    }
    const answer = await api('POST', '/smtpy/session?cookie=true', body, { allowUnauthenticated: true });
    session.csrf = answer.csrfToken;
    return loadMe();
}

export async function signOut() {
    try {
        await api('DELETE', '/smtpy/session', undefined, { allowUnauthenticated: true });
    } finally {
        session.me = null;
        session.csrf = null;
        sessionStorage.removeItem(ACCOUNT_KEY);
    }
}

export function account() {
    return session.me && (session.me.accounts || []).find(candidate => candidate.id === session.accountId) || null;
}

export function setAccount(id) {
    session.accountId = id;
    sessionStorage.setItem(ACCOUNT_KEY, id);
}

/** Whether the principal holds a permission in the current account (optionally for one domain's role). */
export function can(permission, domain) {
    if (!session.me) {
        return false;
    }
    if (session.me.operator) {
        return true;
    }
    const current = account();
    if (!current) {
        return false;
    }
    if (domain && current.domainRoles && current.domainRoles[domain] && current.domainPermissions) {
        return (current.domainPermissions[domain] || []).includes(permission);
    }
    return (current.permissions || []).includes(permission);
}

/**
 * Follows a server-sent event stream (fetch, so the cookie goes along and every event type arrives): onEvent(type, data)
 * per event; onOpen() once the server answered (from then on every event is in the stream); onEnd(error or null).
 * Returns a function that stops it.
 */
export function stream(path, onEvent, onEnd, onOpen) {
    const controller = new AbortController();
    (async () => {
        try {
            const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'text/event-stream' },
                signal: controller.signal, cache: 'no-store' });
            if (!response.ok) {
                throw new ApiError(response.status, null, await response.text());
            }
            if (onOpen) {
                onOpen();
            }
            const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
            let buffer = '';
            for (;;) {
                const { value, done } = await reader.read();
                if (done) {
                    break;
                }
                buffer += value;
                let end;
                while ((end = buffer.indexOf('\n\n')) >= 0) {
                    const block = buffer.slice(0, end);
                    buffer = buffer.slice(end + 2);
                    let type = 'message';
                    const data = [];
                    for (const line of block.split('\n')) {
                        if (line.startsWith('event:')) {
                            type = line.slice(6).trim();
                        } else if (line.startsWith('data:')) {
                            data.push(line.slice(5).trimStart());
                        }
                    }
                    if (data.length) {
                        let parsed = data.join('\n');
                        try {
                            parsed = JSON.parse(parsed);
                        } catch (ignored) {
                            // plain text data
                        }
                        onEvent(type, parsed);
                    }
                }
            }
            if (onEnd) {
                onEnd(null);
            }
        } catch (error) {
            if (error.name !== 'AbortError' && onEnd) {
                onEnd(error);
            }
        }
    })();
    return () => controller.abort();
}

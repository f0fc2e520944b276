// The DMARC aggregate reports receivers sent about the domain: a summary over a period with a chart of messages per
// day (passing and failing DMARC), the top sources, and the reports themselves, each readable in full.
import { get, enc } from '../api.js';
import { h, screen, table, badge, time, facts, field, form, button, notice, errorBox, domainTabs, linkButton, withQuery } from '../ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const DAY = 86400000;
const PAGE = 20;
const TOP = 10;
const CHART_REPORTS = 1000;

/** 'YYYY-MM-DD' of an instant, in UTC (reports' periods are UTC days). */
function day(instant) {
    return new Date(instant).toISOString().slice(0, 10);
}


export default async function dmarc({ domain }, { query, go }) {
    const base = `/domains/${encodeURIComponent(domain)}/dmarc`;
    // The period as days in the address bar (from and to both included); the API wants instants, to exclusive.
    const fromDay = query.get('from') || '';
    const toDay = query.get('to') || '';
    const offset = Math.max(0, Number.parseInt(query.get('offset') || '0', 10) || 0);
    const range = {
        from: fromDay ? `${fromDay}T00:00:00Z` : '',
        to: toDay ? new Date(Date.parse(`${toDay}T00:00:00Z`) + DAY).toISOString() : '',
    };

    let summary = null;
    let failure = null;
    try {
        summary = await get(withQuery(enc`/smtpy/domains/${domain}/dmarc/summary`, range));
    } catch (error) {
        if (error.status !== 400) {
            throw error;
        }
        failure = error;
    }
    const reports = await get(withQuery(enc`/smtpy/domains/${domain}/dmarc/reports`, { limit: PAGE, offset }));
    // The chart needs the reports of the whole period, not the page shown: the newest thousand hold them in practice.
    const charted = summary && summary.messages
        ? await get(withQuery(enc`/smtpy/domains/${domain}/dmarc/reports`, { limit: CHART_REPORTS })) : [];
    const detail = h('section', { id: 'report-detail', 'aria-live': 'polite' });

    const period = form({
        id: 'dmarc-period',
        label: 'Period',
        submit: 'Show',
        fields: [h('div', { class: 'filter-grid' },
            field({ name: 'from', label: 'From (day, UTC)', type: 'date', value: fromDay, id: 'dmarc-from' }),
            field({ name: 'to', label: 'To (day, UTC, included)', type: 'date', value: toDay, id: 'dmarc-to',
                hint: 'Reports whose period begins in these days count. Empty: the last 30 days.' }))],
        secondary: fromDay || toDay ? linkButton('Last 30 days', `#${base}`) : null,
        onSubmit: async values => go(withQuery(base, { from: values.from, to: values.to })),
    });

    return screen({
        title: 'DMARC reports',
        lead: 'What the big mailbox providers report about mail that uses your domain as its sender: how much passed DMARC, and from where.',
        help: {
            what: `Receivers (Google, Microsoft, Yahoo…) send a daily aggregate report to the address in your domain's DMARC record (rua=mailto:dmarc-reports@${domain}, see the Setup tab). smtpy stores each report and adds them up here. A message passes DMARC when SPF or DKIM passed for your domain.`,
            good: 'Nearly every message passing. Failing messages from a source you know (a newsletter tool, your CRM) mean that service needs your SPF include or its own DKIM key; failing messages from sources you do not know are usually spoofing, which a p=quarantine or p=reject policy stops.',
            more: 'dmarc',
        },
    },
    domainTabs(domain, 'dmarc'),
    period,
    failure ? errorBox(failure) : summaryPart(summary, charted),
    h('h2', {}, 'Reports'),
    reportsPart(domain, reports, offset, base, query, detail),
    detail);
}

function summaryPart(summary, reports) {
    const rate = summary.messages ? Math.round(summary.passing * 1000 / summary.messages) / 10 : null;
    return h('section', { id: 'dmarc-summary' },
        h('h2', {}, 'Summary'),
        h('p', { class: 'muted' }, 'From ', time(summary.from), ' to ', time(summary.to), '.'),
        facts([
            ['Reports', String(summary.reports)],
            ['Messages', String(summary.messages)],
            ['Passing DMARC', h('span', { class: 'pass-count' }, `${summary.passing}${rate === null ? '' : ` (${rate} %)`}`)],
            ['Failing DMARC', String(summary.failing)],
            ['What receivers did', Object.entries(summary.byDisposition || {}).map(([name, count]) => `${name}: ${count}`).join(', ') || '—'],
        ]),
        summary.messages ? dailyChart(summary, reports) : notice('No report covers this period yet. Reports usually arrive a day after mail was sent.'),
        summary.bySourceIp.length ? [
            h('h2', {}, 'Top sources'),
            table({
                caption: `The ${Math.min(TOP, summary.bySourceIp.length)} sending IP addresses with the most messages`,
                rows: summary.bySourceIp.slice(0, TOP),
                rowKey: row => row.key,
                columns: [
                    { label: 'Source IP', value: row => h('code', { class: 'wrap' }, row.key) },
                    { label: 'Messages', value: row => String(row.messages), class: 'num' },
                    { label: 'Passing', value: row => String(row.passing), class: 'num' },
                    { label: 'Failing', value: row => row.failing ? badge(String(row.failing), 'error') : '0', class: 'num' },
                ],
            }),
            h('h2', {}, 'By reporting organisation'),
            table({
                caption: 'Who sent the reports',
                rows: summary.byReportingOrg,
                rowKey: row => row.key,
                columns: [
                    { label: 'Organisation', value: row => h('span', { class: 'wrap' }, row.key) },
                    { label: 'Messages', value: row => String(row.messages), class: 'num' },
                    { label: 'Passing', value: row => String(row.passing), class: 'num' },
                    { label: 'Failing', value: row => String(row.failing), class: 'num' },
                ],
            }),
        ] : null);
}

/**
 * Messages per day, passing and failing stacked, from the reports whose period begins in the summary's span (the same
 * reports the summary adds up, as far as the newest thousand reports hold them). Drawn as SVG with DOM calls; the same
 * numbers follow as a table for those who cannot see the chart.
 */
function dailyChart(summary, reports) {
    const from = Date.parse(summary.from);
    const to = Date.parse(summary.to);
    const days = [];
    for (let at = Date.UTC(...ymd(from)); at < to; at += DAY) {
        days.push({ day: day(at), passing: 0, failing: 0 });
    }
    const byDay = new Map(days.map(entry => [entry.day, entry]));
    for (const report of reports) {
        const begin = Date.parse(report.begin);
        const entry = begin >= from && begin < to ? byDay.get(day(begin)) : null;
        if (entry) {
            entry.passing += report.passing;
            entry.failing += report.failing;
        }
    }
    const max = Math.max(1, ...days.map(entry => entry.passing + entry.failing));
    const width = 640;
    const height = 220;
    const left = 40;
    const bottom = 24;
    const top = 10;
    const plot = height - bottom - top;
    const step = (width - left - 8) / Math.max(1, days.length);
    const barWidth = Math.max(2, step * 0.7);
    const label = `Messages per day: ${summary.passing} passing and ${summary.failing} failing DMARC over ${days.length} days; busiest day ${max} messages.`;

    const svg = svgNode('svg', { class: 'chart dmarc-chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label,
        preserveAspectRatio: 'xMidYMid meet', id: 'dmarc-chart' });
    svg.append(svgNode('title', {}, label));
    svg.append(svgNode('line', { class: 'axis', x1: left, y1: top + plot, x2: width - 4, y2: top + plot }));
    svg.append(svgNode('line', { class: 'axis', x1: left, y1: top, x2: left, y2: top + plot }));
    svg.append(svgNode('text', { x: left - 6, y: top + 10, 'text-anchor': 'end' }, String(max)));
    svg.append(svgNode('text', { x: left - 6, y: top + plot, 'text-anchor': 'end' }, '0'));
    days.forEach((entry, index) => {
        const x = left + 4 + index * step;
        const passHeight = entry.passing / max * plot;
        const failHeight = entry.failing / max * plot;
        if (entry.passing) {
            svg.append(svgNode('rect', { class: 'bar', x: x.toFixed(1), y: (top + plot - passHeight).toFixed(1),
                width: barWidth.toFixed(1), height: passHeight.toFixed(1) }, null, `${entry.day}: ${entry.passing} passing`));
        }
        if (entry.failing) {
            svg.append(svgNode('rect', { class: 'bar fail', x: x.toFixed(1), y: (top + plot - passHeight - failHeight).toFixed(1),
                width: barWidth.toFixed(1), height: failHeight.toFixed(1) }, null, `${entry.day}: ${entry.failing} failing`));
        }
    });
    const ticks = days.length > 1 ? [0, Math.floor((days.length - 1) / 2), days.length - 1] : [0];
    for (const index of ticks) {
        svg.append(svgNode('text', { x: (left + 4 + index * step + barWidth / 2).toFixed(1), y: height - 6, 'text-anchor': 'middle' },
            days[index].day.slice(5)));
    }
    const shown = days.filter(entry => entry.passing || entry.failing);
    return h('figure', { class: 'chart-box' },
        h('figcaption', {}, 'Messages per day by the day their report begins ',
            h('span', { class: 'legend' }, h('span', { class: 'swatch pass', 'aria-hidden': 'true' }), ' passing ',
                h('span', { class: 'swatch fail', 'aria-hidden': 'true' }), ' failing')),
        svg,
        h('details', { class: 'chart-table' }, h('summary', {}, 'The chart as a table'),
            table({
                caption: 'Messages per day',
                rows: shown,
                empty: 'The loaded reports hold no message for these days.',
                columns: [
                    { label: 'Day', value: entry => entry.day },
                    { label: 'Passing', value: entry => String(entry.passing), class: 'num' },
                    { label: 'Failing', value: entry => String(entry.failing), class: 'num' },
                ],
            })));
}

function ymd(instant) {
    const date = new Date(instant);
    return [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
}

function svgNode(tag, attributes, text, tooltip) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) {
        node.setAttribute(name, String(value));
    }
    if (text) {
        node.textContent = text;
    }
    if (tooltip) {
        const title = document.createElementNS(SVG, 'title');
        title.textContent = tooltip;
        node.append(title);
    }
    return node;
}

function reportsPart(domain, reports, offset, base, query, detail) {
    const pageLink = at => `#${withQuery(base, { from: query.get('from') || '', to: query.get('to') || '', offset: at || '' })}`;
    const pager = offset || reports.length === PAGE ? h('nav', { class: 'pager', 'aria-label': 'Report pages' },
        offset ? linkButton('Newer reports', pageLink(Math.max(0, offset - PAGE))) : null,
        reports.length === PAGE ? linkButton('Older reports', pageLink(offset + PAGE)) : null) : null;
    return [table({
        caption: 'Reports, newest received first',
        empty: `No report received yet. They come to dmarc-reports@${domain} once your DMARC record names it.`,
        rows: reports,
        rowKey: report => report.id,
        columns: [
            { label: 'From', value: report => h('span', { class: 'wrap' }, report.org) },
            { label: 'Period', value: report => `${day(report.begin)} – ${day(report.end)}` },
            { label: 'Messages', value: report => String(report.messages), class: 'num' },
            { label: 'Failing', value: report => report.failing ? badge(String(report.failing), 'error') : '0', class: 'num' },
            { label: 'Received', value: report => time(report.received) },
            { label: 'Report', value: report => button('Details', () => showReport(domain, report.id, detail),
                { kind: 'secondary small', ariaLabel: `Details of the report from ${report.org}, ${day(report.begin)}` }) },
        ],
    }), pager];
}

async function showReport(domain, id, detail) {
    let report;
    try {
        report = await get(enc`/smtpy/domains/${domain}/dmarc/reports/${id}`);
    } catch (error) {
        detail.replaceChildren(errorBox(error));
        return;
    }
    const policy = report.policyPublished || {};
    detail.replaceChildren(
        h('h2', { tabindex: '-1', id: 'report-detail-title' }, `Report from ${report.org}`),
        facts([
            ['Report id', h('code', { class: 'wrap' }, report.id)],
            ['Sent by', h('span', { class: 'wrap' }, report.email || '—')],
            ['Period', [time(report.begin), ' – ', time(report.end)]],
            ['Messages', String(report.messages)],
            ['Policy they saw', h('code', { class: 'wrap' }, [`p=${policy.p}`, policy.sp ? `sp=${policy.sp}` : null,
                policy.pct !== null && policy.pct !== undefined ? `pct=${policy.pct}` : null,
                policy.adkim ? `adkim=${policy.adkim}` : null, policy.aspf ? `aspf=${policy.aspf}` : null].filter(Boolean).join('; '))],
        ]),
        table({
            caption: 'Records: one per source and outcome',
            rows: report.records || [],
            columns: [
                { label: 'Source IP', value: row => h('code', { class: 'wrap' }, row.sourceIp) },
                { label: 'Messages', value: row => String(row.count), class: 'num' },
                { label: 'DMARC', value: row => badge(row.dmarc || '?', row.dmarc === 'pass' ? 'ok' : 'error') },
                { label: 'DKIM', value: row => row.dkim || '—' },
                { label: 'SPF', value: row => row.spf || '—' },
                { label: 'Disposition', value: row => row.disposition || '—' },
                { label: 'Header From', value: row => h('span', { class: 'wrap' }, row.headerFrom || '') },
            ],
        }));
    detail.querySelector('#report-detail-title').focus();
}

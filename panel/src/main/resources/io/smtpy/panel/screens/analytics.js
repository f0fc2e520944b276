// The domain's analytics over a chosen period: the totals of each kind of event, the mail by hour or day as a bar
// chart, refusals by reason and bounces by class, delivery latency, and the top senders, aliases and destinations.
// Every chart is inline SVG drawn with DOM calls, with an aria-label summing it up and a table of its numbers.
import { get, enc, can } from '../api.js';
import { h, screen, table, field, form, notice, errorBox, domainTabs, linkButton, withQuery, facts } from '../ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const DAY = 86400000;
// The totals shown as figures, in the order of the mail path.
const FIGURES = [
    ['received', 'Received'], ['forwarded', 'Forwarded'], ['delivered', 'Delivered'], ['deferred', 'Deferred'],
    ['bounced', 'Bounced'], ['rejected', 'Rejected'], ['dropped', 'Dropped'], ['quarantined', 'Quarantined'],
    ['spam', 'Spam'], ['virus', 'Virus'], ['unscanned', 'Unscanned'], ['opened', 'Opened'], ['clicked', 'Clicked'],
];

/** An SVG element with attributes and children (strings become text). */
function svg(tag, attributes, ...children) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, String(value)));
    children.forEach(child => node.append(typeof child === 'string' ? document.createTextNode(child) : child));
    return node;
}

const sum = list => list.reduce((total, value) => total + value, 0);

function bucketLabel(iso, interval) {
    return interval === 'day' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** A figure: caption, the chart (role img, its summary as aria-label), and its numbers in a table under a disclosure. */
function chartFigure({ id, caption, legend, summary, chart, numbers }) {
    chart.setAttribute('role', 'img');
    chart.setAttribute('aria-label', summary);
    return h('figure', { class: 'chart-box', id },
        h('figcaption', {}, caption, legend ? h('span', { class: 'legend' }, legend) : null),
        chart,
        h('details', { class: 'chart-table' }, h('summary', {}, `${caption}: the numbers`), numbers));
}

/** Bars per bucket: the mail received, and beside it the mail that failed (bounced or rejected). */
function trafficChart(report) {
    const received = report.series.received;
    const failed = report.series.bounced.map((value, index) => value + report.series.rejected[index]);
    const count = report.buckets.length;
    const width = 640;
    const height = 220;
    const left = 36;
    const bottom = 24;
    const plot = { width: width - left - 8, height: height - bottom - 12 };
    const top = Math.max(1, ...received, ...failed);
    const slot = plot.width / Math.max(1, count);
    const bar = Math.max(0.5, slot * 0.42);
    const y = value => 12 + plot.height - (value / top) * plot.height;
    const chart = svg('svg', { class: 'chart analytics-chart', viewBox: `0 0 ${width} ${height}` });
    chart.append(
        svg('line', { class: 'axis', x1: left, y1: 12 + plot.height, x2: width - 8, y2: 12 + plot.height }),
        svg('line', { class: 'axis', x1: left, y1: 12, x2: left, y2: 12 + plot.height }),
        svg('text', { x: left - 4, y: 22, 'text-anchor': 'end' }, String(top)),
        svg('text', { x: left - 4, y: 12 + plot.height, 'text-anchor': 'end' }, '0'));
    report.buckets.forEach((bucket, index) => {
        const x = left + index * slot + slot * 0.08;
        const label = bucketLabel(bucket, report.interval);
        if (received[index]) {
            chart.append(svg('rect', { class: 'bar', x, y: y(received[index]), width: bar, height: 12 + plot.height - y(received[index]) },
                svg('title', {}, `${label}: ${received[index]} received`)));
        }
        if (failed[index]) {
            chart.append(svg('rect', { class: 'bar fail', x: x + bar, y: y(failed[index]), width: bar, height: 12 + plot.height - y(failed[index]) },
                svg('title', {}, `${label}: ${failed[index]} bounced or rejected`)));
        }
    });
    if (count) {
        chart.append(
            svg('text', { x: left, y: height - 6 }, bucketLabel(report.buckets[0], report.interval)),
            svg('text', { x: width - 8, y: height - 6, 'text-anchor': 'end' }, bucketLabel(report.buckets[count - 1], report.interval)));
    }
    const busiest = received.indexOf(Math.max(...received, 0));
    const unit = report.interval === 'day' ? 'day' : 'hour';
    const summary = `Mail per ${unit} over ${count} ${unit}s: ${sum(received)} received, ${sum(failed)} bounced or rejected`
        + (sum(received) ? `; busiest ${unit} ${bucketLabel(report.buckets[busiest], report.interval)} with ${received[busiest]} received.` : '.');
    const rows = report.buckets.map((bucket, index) => ({ bucket, index }))
        .filter(({ index }) => FIGURES.some(([name]) => report.series[name] && report.series[name][index]));
    return chartFigure({
        id: 'traffic-chart',
        caption: `Mail per ${unit} (UTC)`,
        legend: [h('span', { class: 'swatch' }), ' received ', h('span', { class: 'swatch fail' }), ' bounced or rejected'],
        summary,
        chart,
        numbers: [
            h('p', { class: 'small' }, `${unit === 'day' ? 'Days' : 'Hours'} without any mail are left out.`),
            table({
                caption: `Counts per ${unit}`,
                rows,
                empty: 'No mail in this period.',
                columns: [
                    { label: unit === 'day' ? 'Day' : 'Hour', value: ({ bucket }) => bucketLabel(bucket, report.interval) },
                    ...['received', 'forwarded', 'delivered', 'deferred', 'bounced', 'rejected'].map(name =>
                        ({ label: name[0].toUpperCase() + name.slice(1), class: 'num', value: ({ index }) => String(report.series[name][index]) })),
                ],
            }),
        ],
    });
}

/** Horizontal bars of a breakdown ({name: count}), most frequent first. */
function breakdownChart({ id, caption, counts, what }) {
    const entries = Object.entries(counts || {}).sort((a, b) => b[1] - a[1]);
    if (!entries.length) {
        return h('section', { class: 'chart-box', id }, h('h3', {}, caption), h('p', { class: 'empty' }, `No ${what} in this period.`));
    }
    const row = 28;
    const width = 640;
    const labelWidth = 150;
    const top = Math.max(...entries.map(([, count]) => count));
    const chart = svg('svg', { class: 'chart breakdown-chart', viewBox: `0 0 ${width} ${entries.length * row + 8}` });
    entries.forEach(([name, count], index) => {
        const length = Math.max(2, ((width - labelWidth - 60) * count) / top);
        chart.append(
            svg('text', { x: labelWidth - 8, y: index * row + 20, 'text-anchor': 'end' }, name),
            svg('rect', { class: 'bar fail', x: labelWidth, y: index * row + 6, width: length, height: row - 10 },
                svg('title', {}, `${name}: ${count}`)),
            svg('text', { x: labelWidth + length + 6, y: index * row + 20 }, String(count)));
    });
    return chartFigure({
        id,
        caption,
        summary: `${caption}: ${entries.map(([name, count]) => `${name} ${count}`).join(', ')}.`,
        chart,
        numbers: table({
            caption,
            rows: entries,
            columns: [{ label: 'Kind', value: ([name]) => name }, { label: 'Count', class: 'num', value: ([, count]) => String(count) }],
        }),
    });
}

function topTable(caption, items, empty) {
    return table({
        caption,
        rows: items || [],
        empty,
        columns: [
            { label: 'Value', value: item => h('span', { class: 'wrap' }, item.value) },
            { label: 'Count', class: 'num', value: item => String(item.count) },
        ],
    });
}

function milliseconds(value) {
    if (value === null || value === undefined) {
        return '—';
    }
    return value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(1)} s`;
}

export default async function analytics({ domain }, { query, go }) {
    const base = `/domains/${encodeURIComponent(domain)}/analytics`;
    const helpText = {
        what: 'What happened to the mail of this domain (or of one alias) over a period: how much came in, was forwarded and delivered, and how much was deferred, bounced, refused, quarantined or found to be spam or a virus. Counts come from hourly roll-ups, so they show at once and never scan the events.',
        good: 'Hours for a day or a week (at most 31 days of hours), days for a month or a year (at most 366). A healthy domain delivers nearly all it forwards; many bounces of one class point at a destination that refuses your mail.',
        more: 'events',
    };
    if (!can('events:read')) {
        return screen({ title: 'Analytics', help: helpText }, domainTabs(domain, 'analytics'),
            notice('Your role cannot read this domain\'s mail figures: ask an owner or admin of the account.'));
    }
    const interval = query.get('interval') === 'day' ? 'day' : 'hour';
    const fromDay = query.get('from') || '';
    const toDay = query.get('to') || '';
    const alias = query.get('alias') || '';
    const parameters = {
        interval,
        from: fromDay ? `${fromDay}T00:00:00Z` : '',
        to: toDay ? new Date(Date.parse(`${toDay}T00:00:00Z`) + DAY).toISOString() : '',
        alias,
    };

    let report = null;
    let failure = null;
    try {
        report = await get(withQuery(enc`/smtpy/domains/${domain}/analytics`, parameters));
    } catch (error) {
        if (error.status !== 400) {
            throw error;
        }
        failure = error;
    }

    const period = form({
        id: 'analytics-period',
        label: 'Period',
        submit: 'Show',
        fields: [h('div', { class: 'filter-grid' },
            field({ name: 'interval', label: 'By', type: 'select', id: 'analytics-interval', value: interval,
                options: [['hour', 'Hour'], ['day', 'Day']] }),
            field({ name: 'from', label: 'From (day, UTC)', type: 'date', id: 'analytics-from', value: fromDay }),
            field({ name: 'to', label: 'To (day, UTC, included)', type: 'date', id: 'analytics-to', value: toDay,
                hint: 'Empty: the last 24 hours by hour, the last 30 days by day.' }),
            field({ name: 'alias', label: 'Alias', id: 'analytics-alias', value: alias, placeholder: 'sales',
                hint: 'Only this alias (its local part); empty for the whole domain.' }))],
        secondary: fromDay || toDay || alias || interval !== 'hour' ? linkButton('Last 24 hours', `#${base}`) : null,
        onSubmit: async values => go(withQuery(base, {
            interval: values.interval === 'hour' ? '' : values.interval, from: values.from, to: values.to, alias: values.alias.trim(),
        })),
    });

    const content = [];
    if (failure) {
        content.push(errorBox(failure));
    } else {
        const totals = Object.fromEntries(FIGURES.map(([name]) => [name, sum(report.series[name] || [])]));
        const latency = report.latencyMs || {};
        content.push(
            h('p', { class: 'small', id: 'analytics-span' }, report.alias ? `Alias ${report.alias}, from ` : 'From ',
                h('time', { datetime: report.from }, bucketLabel(report.from, 'hour')), ' to ',
                h('time', { datetime: report.to }, bucketLabel(report.to, 'hour')), ' UTC.'),
            h('dl', { class: 'figures', id: 'analytics-figures' }, FIGURES.map(([name, label]) =>
                h('div', { class: `figure ${name}${totals[name] ? ' some' : ''}`, dataset: { series: name } },
                    h('dt', {}, label), h('dd', {}, String(totals[name]))))),
            trafficChart(report),
            h('h2', {}, 'Refusals and bounces'),
            h('div', { class: 'breakdowns' },
                breakdownChart({ id: 'rejected-chart', caption: 'Rejected by reason', counts: report.rejectedByReason, what: 'refusal' }),
                breakdownChart({ id: 'bounced-chart', caption: 'Bounced by class', counts: report.bouncedByClass, what: 'bounce' })),
            h('h2', {}, 'Delivery time'),
            h('p', { class: 'small' }, 'From receiving a mail to its delivery at the destination: half the deliveries took at most the median, 9 in 10 at most the 90th percentile.'),
            facts([['Median', milliseconds(latency.p50)], ['90th percentile', milliseconds(latency.p90)], ['99th percentile', milliseconds(latency.p99)]]),
            h('h2', {}, 'Top senders, aliases and destinations'),
            h('div', { class: 'tops' },
                topTable('Senders', report.top && report.top.senders, 'No mail received.'),
                topTable('Aliases', report.top && report.top.aliases, 'No mail received.'),
                topTable('Destinations', report.top && report.top.destinations, 'Nothing forwarded.')));
    }

    return screen({
        title: 'Analytics',
        lead: `How the mail of ${domain} fared over a period.`,
        help: helpText,
    },
    domainTabs(domain, 'analytics'),
    h('details', { class: 'filter-box', open: Boolean(fromDay || toDay || alias || interval !== 'hour') },
        h('summary', {}, 'Period and alias'), period),
    content);
}

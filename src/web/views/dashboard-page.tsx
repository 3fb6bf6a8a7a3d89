// The dashboard: three charts drawn by Chart.js from JSON blocks (app.js), then the same numbers in
// tables so the page says everything without script, and the held scopes waiting for this caller.
import type { FC } from 'hono/jsx';
import {
  type AccountsOverview,
  type Dashboard,
  EVENT_GROUPS,
  type EventsOverview,
  type OutboxOverview,
} from '../services/dashboard-service.js';
import { dashboardText } from '../text/dashboard-text.js';
import { formatDate, formatNumber } from '../text/i18n.js';
import { runsText, wordFor } from '../text/runs-text.js';
import type { Lang } from '../web-types.js';
import { DashboardAppeals } from './appeal-parts.js';
import { DataTable, type Frame, JsonData, Layout } from './layout.js';

const COLOURS: Record<string, string> = {
  active: '#067647',
  deactivating: '#dc6803',
  suspended: '#b42318',
  deleted: '#98a2b3',
  pending: '#fdb022',
  sending: '#2e90fa',
  sent: '#067647',
  failed: '#b42318',
  joined: '#0b6e4f',
  moved: '#2e90fa',
  left: '#b42318',
  other: '#98a2b3',
};
const STACKED = { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } };
const sum = (values: Record<string, number> | undefined) =>
  Object.values(values ?? {}).reduce((a, b) => a + b, 0);

export function DashboardPage(props: { frame: Frame; data: Dashboard }) {
  const { lang, caller } = props.frame;
  const t = dashboardText(lang);
  const { accounts, events, outbox } = props.data;
  const area =
    !caller || caller.scope.role === 'nasional'
      ? t.national
      : t.areaOf(caller.scope.role, caller.scope.scope);
  return (
    <Layout frame={props.frame} title={t.title} active="dashboard" scripts={['/static/chart.umd.min.js']}>
      <p class="muted" id="dashboard-scope">
        {t.scopeNote(area)}
      </p>
      <Stats lang={lang} data={props.data} />
      <Pending lang={lang} data={props.data} />
      <DashboardAppeals lang={lang} overview={props.data.appeals} />
      <div class="cards">
        <ChartCard id="chart-accounts" title={t.accountsTitle} spec={accountsChart(accounts, lang)} />
        <ChartCard id="chart-events" title={t.eventsTitle} spec={eventsChart(events, lang)} />
        <ChartCard id="chart-outbox" title={t.outboxTitle} spec={outboxChart(outbox, lang)} />
      </div>
      <AccountsTable lang={lang} accounts={accounts} />
      <EventsTable lang={lang} events={events} />
      <OutboxTable lang={lang} outbox={outbox} />
    </Layout>
  );
}

const ChartCard: FC<{ id: string; title: string; spec: unknown }> = ({ id, title, spec }) => (
  <section class="card">
    <h2>{title}</h2>
    <canvas id={id} role="img" aria-label={title} />
    <JsonData id={`${id}-data`} chart={id} data={spec} />
  </section>
);

const Stats: FC<{ lang: Lang; data: Dashboard }> = ({ lang, data }) => {
  const t = dashboardText(lang).stats;
  const last = data.events.runs.at(-1);
  const stats: [string, string, number][] = [
    ['accounts', t.accounts, data.accounts.total],
    ['active', t.active, data.accounts.byStatus.active ?? 0],
    ['last-run', t.lastRun, last ? sum(data.events.counts[last.id]) : 0],
    ['outbox-pending', t.pendingMail, data.outbox.byStatus.pending ?? 0],
    ['outbox-failed', t.failedMail, data.outbox.byStatus.failed ?? 0],
  ];
  return (
    <div class="cards stats" id="stats">
      {stats.map(([key, label, n]) => (
        <div class="card" data-stat={key}>
          <div class="muted">{label}</div>
          <div class="stat" data-value={String(n)}>
            {formatNumber(n, lang)}
          </div>
        </div>
      ))}
    </div>
  );
};

const Pending: FC<{ lang: Lang; data: Dashboard }> = ({ lang, data }) => {
  const t = dashboardText(lang);
  const r = runsText(lang);
  const c = t.columns;
  return (
    <section id="pending-holds">
      <h2>{t.pendingTitle}</h2>
      {data.pending.length === 0 ? (
        <p class="muted">{t.pendingNone}</p>
      ) : (
        <DataTable
          lang={lang}
          columns={[c.run, c.scope, c.reason, c.count, '']}
          rows={data.pending}
          row={(h) => (
            <tr data-run={String(h.run_id)} data-scope={h.scope}>
              <td>
                <a href={`/runs/${h.run_id}`}>
                  {t.pendingItem(h.run_id, h.taken_at ? formatDate(h.taken_at, lang) : '—')}
                </a>
              </td>
              <td>
                {r.scopeLabel(h.scope, h.school ?? undefined)} <code>{h.scope}</code>
              </td>
              <td>{wordFor(r.heldReasons, h.reason)}</td>
              <td class="num">{formatNumber(h.count, lang)}</td>
              <td>
                <a href={`/runs/${h.run_id}#held-scopes`}>{t.open}</a>
              </td>
            </tr>
          )}
        />
      )}
    </section>
  );
};

function accountsChart(a: AccountsOverview, lang: Lang) {
  const t = dashboardText(lang);
  return {
    type: 'bar',
    data: {
      labels: a.jenjang.map((j) => wordFor(t.jenjang, j)),
      datasets: a.statuses.map((s) => ({
        label: wordFor(t.accountStatus, s),
        data: a.jenjang.map((j) => a.counts[j]?.[s] ?? 0),
        backgroundColor: COLOURS[s],
      })),
    },
    options: STACKED,
  };
}

function runLabel(run: EventsOverview['runs'][number], lang: Lang): string {
  const date = run.taken_at ? formatDate(run.taken_at, lang) : run.started_at.slice(0, 10);
  return `#${run.id} · ${date}`;
}

function eventsChart(e: EventsOverview, lang: Lang) {
  const t = dashboardText(lang);
  return {
    type: 'bar',
    data: {
      labels: e.runs.map((r) => runLabel(r, lang)),
      datasets: EVENT_GROUPS.map((g) => ({
        label: t.groups[g],
        data: e.runs.map((r) => e.counts[r.id]?.[g] ?? 0),
        backgroundColor: COLOURS[g],
      })),
    },
    options: STACKED,
  };
}

function outboxChart(o: OutboxOverview, lang: Lang) {
  const t = dashboardText(lang);
  return {
    type: 'doughnut',
    data: {
      labels: o.statuses.map((s) => wordFor(t.outboxStatus, s)),
      datasets: [
        {
          data: o.statuses.map((s) => o.byStatus[s] ?? 0),
          backgroundColor: o.statuses.map((s) => COLOURS[s]),
        },
      ],
    },
    options: { plugins: { legend: { position: 'bottom' } } },
  };
}

const AccountsTable: FC<{ lang: Lang; accounts: AccountsOverview }> = ({ lang, accounts: a }) => {
  const t = dashboardText(lang);
  return (
    <section id="accounts-numbers">
      <h2>{t.accountsTitle}</h2>
      <DataTable
        lang={lang}
        id="accounts-table"
        columns={[t.columns.jenjang, ...a.statuses.map((s) => wordFor(t.accountStatus, s)), t.columns.total]}
        rows={a.jenjang.length === 0 ? [] : [...a.jenjang, 'total']}
        row={(j) => (
          <tr data-jenjang={j}>
            <td>{j === 'total' ? t.columns.total : wordFor(t.jenjang, j)}</td>
            {a.statuses.map((s) => (
              <td class="num" data-status={s}>
                {formatNumber(j === 'total' ? (a.byStatus[s] ?? 0) : (a.counts[j]?.[s] ?? 0), lang)}
              </td>
            ))}
            <td class="num" data-status="total">
              {formatNumber(j === 'total' ? a.total : sum(a.counts[j]), lang)}
            </td>
          </tr>
        )}
      />
    </section>
  );
};

const EventsTable: FC<{ lang: Lang; events: EventsOverview }> = ({ lang, events: e }) => {
  const t = dashboardText(lang);
  return (
    <section id="events-numbers">
      <h2>{t.eventsTitle}</h2>
      <p class="muted">{t.groupsNote}</p>
      <DataTable
        lang={lang}
        id="events-table"
        columns={[t.columns.run, ...EVENT_GROUPS.map((g) => t.groups[g]), t.columns.total]}
        rows={[...e.runs].reverse()}
        row={(run) => (
          <tr data-run={String(run.id)}>
            <td>
              <a href={`/runs/${run.id}`}>{runLabel(run, lang)}</a>
            </td>
            {EVENT_GROUPS.map((g) => (
              <td class="num" data-group={g}>
                {formatNumber(e.counts[run.id]?.[g] ?? 0, lang)}
              </td>
            ))}
            <td class="num" data-group="total">
              {formatNumber(sum(e.counts[run.id]), lang)}
            </td>
          </tr>
        )}
      />
    </section>
  );
};

const OutboxTable: FC<{ lang: Lang; outbox: OutboxOverview }> = ({ lang, outbox: o }) => {
  const t = dashboardText(lang);
  return (
    <section id="outbox-numbers">
      <h2>{t.outboxTitle}</h2>
      <DataTable
        lang={lang}
        id="outbox-table"
        columns={[t.columns.channel, ...o.statuses.map((s) => wordFor(t.outboxStatus, s)), t.columns.total]}
        rows={o.channels.length === 0 ? [] : [...o.channels, 'total']}
        row={(ch) => (
          <tr data-channel={ch}>
            <td>{ch === 'total' ? t.columns.total : wordFor(t.channels, ch)}</td>
            {o.statuses.map((s) => (
              <td class="num" data-status={s}>
                {formatNumber(ch === 'total' ? (o.byStatus[s] ?? 0) : (o.counts[ch]?.[s] ?? 0), lang)}
              </td>
            ))}
            <td class="num" data-status="total">
              {formatNumber(sum(ch === 'total' ? o.byStatus : o.counts[ch]), lang)}
            </td>
          </tr>
        )}
      />
    </section>
  );
};

// The runs list and a run's page: facts, changes by kind and by reason inside the caller's scope, and
// the held scopes the caller covers (views/held-scopes-view.tsx).
import type { FC } from 'hono/jsx';
import { EVENT_TYPES } from '../../domain/accounts.js';
import type { RunDetail, RunListItem, StateCounts } from '../services/run-service.js';
import { formatDate, formatNumber, formatTimestamp } from '../text/i18n.js';
import { reasonWords, runsText, wordFor } from '../text/runs-text.js';
import type { Lang } from '../web-types.js';
import { HeldScopes, type Refusal } from './held-scopes-view.js';
import { DataTable, type Frame, Layout } from './layout.js';
import { Badge, Pager } from './list-parts.js';

export function RunsListPage(props: { frame: Frame; runs: RunListItem[]; page: number; pages: number }) {
  const { lang } = props.frame;
  const t = runsText(lang);
  const c = t.columns;
  return (
    <Layout frame={props.frame} title={t.listTitle} active="runs">
      <p class="muted">{t.intro}</p>
      <DataTable
        lang={lang}
        id="runs-table"
        columns={[c.id, c.kind, c.status, c.snapshot, c.takenAt, c.started, c.finished, c.applied, c.held]}
        rows={props.runs}
        row={(run) => (
          <tr data-run-id={String(run.id)}>
            <td>
              <a href={`/runs/${run.id}`}>#{run.id}</a>
            </td>
            <td>{wordFor(t.kinds, run.kind)}</td>
            <td>
              <Badge status={run.status} label={wordFor(t.runStatus, run.status)} />
            </td>
            <td>{run.snapshot_id ? <code>{run.snapshot_id}</code> : t.none}</td>
            <td>{run.taken_at ? formatDate(run.taken_at, lang) : t.none}</td>
            <td>{formatTimestamp(run.started_at)}</td>
            <td>{run.finished_at ? formatTimestamp(run.finished_at) : t.none}</td>
            <td class="num" data-count="applied">
              {formatNumber(run.events.applied ?? 0, lang)}
            </td>
            <td class="num" data-count="held">
              {formatNumber(run.events.held ?? 0, lang)}
            </td>
          </tr>
        )}
      />
      <Pager lang={lang} path="/runs" page={props.page} pages={props.pages} />
    </Layout>
  );
}

export interface RunPageNotice {
  done: 'approved' | 'rejected';
  scope: string;
}

export function RunDetailPage(props: {
  frame: Frame;
  detail: RunDetail;
  notice?: RunPageNotice | undefined;
  refusal?: Refusal | undefined;
}) {
  const { lang } = props.frame;
  const t = runsText(lang);
  const { run } = props.detail;
  const done = props.notice ? t.done[props.notice.done] : undefined;
  return (
    <Layout frame={props.frame} title={t.detailTitle(run.id)} active="runs">
      {props.notice && done ? (
        <p class="notice" id="decision-notice" data-done={props.notice.done} data-scope={props.notice.scope}>
          {done(t.scopeLabel(props.notice.scope, props.detail.school_names[props.notice.scope.slice(8)]))}
        </p>
      ) : null}
      <RunFactsList lang={lang} detail={props.detail} />
      <h2>{t.byType}</h2>
      <p class="muted">{t.scopeNote}</p>
      <CountsTable
        lang={lang}
        id="counts-by-type"
        keyName="type"
        heading={t.columns.event}
        counts={props.detail.by_type}
        order={[...EVENT_TYPES]}
        label={(type) => wordFor(t.eventTypes, type)}
      />
      <h2>{t.byReason}</h2>
      <CountsTable
        lang={lang}
        id="counts-by-reason"
        keyName="reason"
        heading={t.columns.reason}
        counts={props.detail.by_reason}
        order={[]}
        label={(reason) => reasonWords(reason, lang)}
      />
      <HeldScopes frame={props.frame} detail={props.detail} refusal={props.refusal} />
    </Layout>
  );
}

const RunFactsList: FC<{ lang: Lang; detail: RunDetail }> = ({ lang, detail }) => {
  const t = runsText(lang);
  const f = t.facts;
  const { run } = detail;
  return (
    <dl class="facts" id="run-facts" data-status={run.status}>
      <dt>{f.status}</dt>
      <dd>
        <Badge status={run.status} label={wordFor(t.runStatus, run.status)} />
      </dd>
      <dt>{f.kind}</dt>
      <dd>{wordFor(t.kinds, run.kind)}</dd>
      <dt>{f.snapshot}</dt>
      <dd>{run.snapshot_id ? <code>{run.snapshot_id}</code> : t.none}</dd>
      <dt>{f.takenAt}</dt>
      <dd>{run.taken_at ? formatDate(run.taken_at, lang) : t.none}</dd>
      <dt>{f.started}</dt>
      <dd>{formatTimestamp(run.started_at)}</dd>
      <dt>{f.finished}</dt>
      <dd>{run.finished_at ? formatTimestamp(run.finished_at) : t.none}</dd>
      <dt>{f.rejectedRows}</dt>
      <dd id="rejected-rows">{formatNumber(detail.rejected_rows, lang)}</dd>
      {run.message ? (
        <>
          <dt>{f.message}</dt>
          <dd>{run.message}</dd>
        </>
      ) : null}
    </dl>
  );
};

const total = (counts: StateCounts, key: string) =>
  Object.values(counts[key] ?? {}).reduce((a, b) => a + b, 0);

/** Rows are `order` first (those with events), then any others, largest first. */
function rowsOf(counts: StateCounts, order: string[]): string[] {
  const keys = Object.keys(counts);
  const others = keys.filter((k) => !order.includes(k));
  others.sort((a, b) => total(counts, b) - total(counts, a) || a.localeCompare(b));
  return [...order.filter((k) => keys.includes(k)), ...others];
}

/** The states seen, in the usual order; `applied` always, so an empty run still shows a column. */
function statesOf(counts: StateCounts): string[] {
  const seen = new Set(Object.values(counts).flatMap((byState) => Object.keys(byState)));
  const states = ['applied', 'held', 'rejected', 'superseded', 'planned'].filter(
    (s) => s === 'applied' || seen.has(s),
  );
  for (const s of seen) if (!states.includes(s)) states.push(s);
  return states;
}

function CountsTable(props: {
  lang: Lang;
  id: string;
  keyName: string;
  heading: string;
  counts: StateCounts;
  order: string[];
  label: (key: string) => string;
}) {
  const t = runsText(props.lang);
  const rows = rowsOf(props.counts, props.order);
  const states = statesOf(props.counts);
  return (
    <DataTable
      lang={props.lang}
      id={props.id}
      columns={[props.heading, ...states.map((s) => wordFor(t.eventStates, s)), t.columns.total]}
      rows={rows}
      row={(key) => (
        <tr {...{ [`data-${props.keyName}`]: key }}>
          <td>
            {props.label(key)} {key ? <code class="muted">{key}</code> : null}
          </td>
          {states.map((s) => (
            <td class="num" data-state={s}>
              {formatNumber(props.counts[key]?.[s] ?? 0, props.lang)}
            </td>
          ))}
          <td class="num" data-state="total">
            {formatNumber(total(props.counts, key), props.lang)}
          </td>
        </tr>
      )}
    />
  );
}

// The console's appeals (issue 10): the list inside the caller's scope with each appeal's age, and one
// appeal with what the person wrote, what to check in Dapodik, the two decisions and its story.

import { APPEAL_NOTE_MAX } from '../../domain/appeals.js';
import { appealCopy } from '../../notify/templates/appeal-copy.js';
import { reasonLabel } from '../../notify/templates/mail-format.js';
import type { AppealRow } from '../../store/appeal-repository.js';
import { APPEAL_FILTERS, type AppealFilterName, type AppealItem } from '../services/appeal-view-service.js';
import { appealsText } from '../text/appeals-text.js';
import { DIRECTORY_TEXT, wordFor } from '../text/directory-text.js';
import { formatDate, formatNumber } from '../text/i18n.js';
import type { Lang } from '../web-types.js';
import { StatusBadge } from './accounts-pages.js';
import { AppealStory } from './appeal-parts.js';
import { DataTable, type Frame, Layout, PostForm } from './layout.js';

export interface AppealsListView {
  appeals: AppealItem[];
  total: number;
  filter: AppealFilterName;
  npsn: string | undefined;
  page: number;
  pages: number;
  holdDays: number;
}

function listHref(filter: AppealFilterName, npsn: string | undefined, page = 1): string {
  const q = new URLSearchParams({ status: filter });
  if (npsn) q.set('npsn', npsn);
  if (page > 1) q.set('page', String(page));
  return `/appeals?${q.toString()}`;
}

export function statusWords(lang: Lang, a: Pick<AppealRow, 'status' | 'outcome'>): string {
  const c = appealsText(lang).console;
  return a.status === 'closed'
    ? (c.outcomes[a.outcome ?? ''] ?? a.outcome ?? '')
    : (c.statuses[a.status] ?? a.status);
}

export function AppealsListPage(props: { frame: Frame; view: AppealsListView }) {
  const { frame, view } = props;
  const lang = frame.lang;
  const c = appealsText(lang).console;
  return (
    <Layout frame={frame} title={c.title} active="appeals">
      <p class="muted">{c.intro(view.holdDays)}</p>
      <nav class="filters" id="appeal-filters" aria-label={c.title}>
        {APPEAL_FILTERS.map((f, i) => (
          <>
            {i > 0 ? ' · ' : ''}
            {f === view.filter ? (
              <strong data-filter={f} aria-current="page">
                {c.filters[f]}
              </strong>
            ) : (
              <a href={listHref(f, view.npsn)} data-filter={f}>
                {c.filters[f]}
              </a>
            )}
          </>
        ))}
      </nav>
      <p id="appeal-count" data-count={String(view.total)}>
        {c.count(formatNumber(view.total, lang))}
      </p>
      <DataTable
        lang={lang}
        id="appeals-table"
        columns={c.columns}
        rows={view.appeals}
        row={(a) => (
          <tr
            data-appeal-id={String(a.id)}
            data-status={a.status}
            data-outcome={a.outcome ?? ''}
            data-npsn={a.npsn}
          >
            <td>
              <a href={`/appeals/${a.id}`}>#{a.id}</a>
            </td>
            <td>{formatDate(a.filed_on, lang)}</td>
            <td class="num" data-age-days={String(a.age_days)}>
              {c.days(a.age_days)}
            </td>
            <td>{a.primary_address}</td>
            <td>{a.nama}</td>
            <td>
              <a href={`/schools/${encodeURIComponent(a.npsn)}`}>{a.school_name ?? a.npsn}</a>
            </td>
            <td>
              <span class={`badge ${a.status === 'closed' ? (a.outcome ?? 'closed') : a.status}`}>
                {statusWords(lang, a)}
              </span>
            </td>
            <td>{a.status === 'closed' ? '–' : formatDate(a.hold_until, lang)}</td>
          </tr>
        )}
      />
      {view.pages > 1 ? (
        <nav class="pager" data-page={String(view.page)} data-pages={String(view.pages)}>
          {view.page > 1 ? <a href={listHref(view.filter, view.npsn, view.page - 1)}>‹</a> : null}{' '}
          <span class="muted">
            {view.page} / {view.pages}
          </span>{' '}
          {view.page < view.pages ? <a href={listHref(view.filter, view.npsn, view.page + 1)}>›</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}

export function AppealDetailPage(props: {
  frame: Frame;
  appeal: AppealItem;
  noticeDays: number;
  done?: string | undefined;
}) {
  const { frame, appeal: a } = props;
  const lang = frame.lang;
  const c = appealsText(lang).console;
  const done = props.done ? c.done[props.done] : undefined;
  return (
    <Layout frame={frame} title={c.detailTitle(a.id)} active="appeals">
      {done ? (
        <p class="notice" id="appeal-decided" data-done={props.done}>
          {done}
        </p>
      ) : null}
      <AppealFacts lang={lang} appeal={a} />
      <h2>{c.wrote}</h2>
      <blockquote id="appeal-message">
        {a.message.split('\n').map((line) => (
          <p>{line}</p>
        ))}
      </blockquote>
      <h2>{c.check}</h2>
      <ul id="appeal-check">
        {appealCopy(lang)
          .filed.check({
            id: a.id,
            kind: a.person_kind === 'ptk' ? 'ptk' : 'pd',
            nama: a.nama,
            address: a.primary_address,
            school: a.school_name ?? a.npsn,
            npsn: a.npsn,
            filedOn: '',
            holdUntil: '',
            reason: reasonLabel(a.deactivate_reason, lang),
            noticeDays: props.noticeDays,
          })
          .map((line) => (
            <li>{line}</li>
          ))}
      </ul>
      <h2>{c.decide}</h2>
      <Decisions frame={frame} appeal={a} noticeDays={props.noticeDays} />
      <h2>{c.story}</h2>
      <AppealStory lang={lang} appeal={a} />
    </Layout>
  );
}

function AppealFacts(props: { lang: Lang; appeal: AppealItem }) {
  const { lang, appeal: a } = props;
  const c = appealsText(lang).console;
  const l = c.labels;
  const date = (d: string | null) => (d ? formatDate(d, lang) : '');
  return (
    <dl
      class="facts"
      id="appeal-facts"
      data-appeal-id={String(a.id)}
      data-status={a.status}
      data-outcome={a.outcome ?? ''}
    >
      <dt>{l.account}</dt>
      <dd>
        <a href={`/accounts/${a.account_id}`} id="appeal-account" data-account-id={String(a.account_id)}>
          {a.primary_address}
        </a>
      </dd>
      <dt>{l.nama}</dt>
      <dd id="appeal-nama">{a.nama}</dd>
      <dt>{l.school}</dt>
      <dd>
        <a href={`/schools/${encodeURIComponent(a.npsn)}`}>{`${a.school_name ?? a.npsn} (${a.npsn})`}</a>
      </dd>
      <dt>{l.accountStatus}</dt>
      <dd>
        <StatusBadge lang={lang} status={a.account_status_now} id="appeal-account-status" />
      </dd>
      <dt>{l.reason}</dt>
      <dd>{a.deactivate_reason ? wordFor(DIRECTORY_TEXT[lang].reasons, a.deactivate_reason) : '–'}</dd>
      <dt>{l.schedule}</dt>
      <dd id="appeal-schedule" data-suspend-on={a.suspend_on ?? ''} data-delete-on={a.delete_on ?? ''}>
        {c.schedule(a.account_status_now === 'suspended' ? '' : date(a.suspend_on), date(a.delete_on))}
      </dd>
      <dt>{l.status}</dt>
      <dd>
        <span class={`badge ${a.status}`} id="appeal-status" data-status={a.status}>
          {statusWords(lang, a)}
        </span>
      </dd>
      <dt>{l.filed}</dt>
      <dd>{date(a.filed_on)}</dd>
      <dt>{l.age}</dt>
      <dd id="appeal-age" data-age-days={String(a.age_days)}>
        {c.days(a.age_days)}
      </dd>
      {a.status === 'closed' ? null : (
        <>
          <dt>{l.holdUntil}</dt>
          <dd id="appeal-hold-until">{date(a.hold_until)}</dd>
        </>
      )}
    </dl>
  );
}

/** An open appeal takes either decision; one being corrected can still be found correct. */
function Decisions(props: { frame: Frame; appeal: AppealItem; noticeDays: number }) {
  const { frame, appeal: a } = props;
  const c = appealsText(frame.lang).console;
  if (a.status === 'closed') return <p id="appeal-closed">{c.closedNote}</p>;
  const decisions =
    a.status === 'open' ? (['correcting', 'data_correct'] as const) : (['data_correct'] as const);
  return (
    <div class="cards" id="appeal-decisions">
      <p class="muted">{c.decideIntro}</p>
      {decisions.map((d) => (
        <section class="card" data-decision={d}>
          <p>
            {d === 'data_correct'
              ? c.decisions.data_correct.help(props.noticeDays)
              : c.decisions.correcting.help}
          </p>
          <PostForm frame={frame} action={`/appeals/${a.id}/resolve`} class="stacked" id={`decide-${d}`}>
            <input type="hidden" name="decision" value={d} />
            <label>
              {c.note}
              <textarea name="note" maxlength={APPEAL_NOTE_MAX} rows={3} />
            </label>
            <button type="submit">{c.decisions[d].button}</button>
          </PostForm>
        </section>
      ))}
    </div>
  );
}

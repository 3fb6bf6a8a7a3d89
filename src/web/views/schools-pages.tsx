// The school search and the school page: facts, accounts by status and role, its accounts page by
// page, recent changes, and the Unduh Akun form for those allowed to download initial passwords.
import { ACCOUNT_STATUSES } from '../../domain/accounts.js';
import { ACCOUNT_ROLES } from '../../domain/policy.js';
import type { SchoolListRow, StatusRoleCount } from '../../store/directory-repository.js';
import { SCHOOL_PAGE_SIZE, type SchoolDetail, SEARCH_LIMIT } from '../services/directory-service.js';
import { COMMON_TEXT } from '../text/common-text.js';
import { DIRECTORY_TEXT, wordFor } from '../text/directory-text.js';
import { formatDate, formatNumber } from '../text/i18n.js';
import type { Lang } from '../web-types.js';
import { AccountTable, EventSide, eventWords } from './accounts-pages.js';
import { DataTable, type Frame, Layout, PostForm } from './layout.js';

export function SchoolsSearchPage(props: {
  frame: Frame;
  query: string;
  schools: SchoolListRow[];
  more: boolean;
}) {
  const { frame } = props;
  const lang = frame.lang;
  const t = DIRECTORY_TEXT[lang].schools;
  return (
    <Layout frame={frame} title={t.title} active="schools">
      <form method="get" action="/schools" class="search" id="school-search">
        <label for="school-q">{t.search}</label>
        <input id="school-q" name="q" value={props.query} maxlength={100} aria-describedby="school-hint" />
        <button type="submit">{t.searchButton}</button>
      </form>
      <p class="muted" id="school-hint">
        {t.searchHint}
      </p>
      {props.more ? (
        <p class="notice" id="school-more">
          {t.tooMany(formatNumber(SEARCH_LIMIT, lang))}
        </p>
      ) : null}
      <DataTable
        lang={lang}
        id="school-results"
        columns={t.columns}
        rows={props.schools}
        row={(s) => (
          <tr data-npsn={s.npsn} data-active={s.active} data-total={s.total}>
            <td>
              <a href={`/schools/${encodeURIComponent(s.npsn)}`}>{s.npsn}</a>
            </td>
            <td>{s.nama}</td>
            <td>{s.bentuk_pendidikan}</td>
            <td>{s.kode_wilayah}</td>
            <td class="num">{formatNumber(s.active, lang)}</td>
            <td class="num">{formatNumber(s.total, lang)}</td>
            <td>{s.present === 1 ? t.present : t.closed}</td>
          </tr>
        )}
      />
    </Layout>
  );
}

export function SchoolPage(props: { frame: Frame; detail: SchoolDetail; mayDownload: boolean }) {
  const { frame, detail } = props;
  const lang = frame.lang;
  const t = DIRECTORY_TEXT[lang].school;
  const s = detail.school;
  return (
    <Layout frame={frame} title={`${s.nama} (${s.npsn})`} active="schools">
      <h2>{t.facts}</h2>
      <dl class="facts" id="school-facts" data-npsn={s.npsn}>
        <dt>{t.npsn}</dt>
        <dd>{s.npsn}</dd>
        <dt>{t.bentuk}</dt>
        <dd>{s.bentuk_pendidikan}</dd>
        <dt>{t.statusSekolah}</dt>
        <dd>{s.status_sekolah}</dd>
        <dt>{t.kodeWilayah}</dt>
        <dd>{s.kode_wilayah}</dd>
        <dt>{t.state}</dt>
        <dd>
          {s.present === 1 ? DIRECTORY_TEXT[lang].schools.present : DIRECTORY_TEXT[lang].schools.closed}
        </dd>
        <dt>{t.lastTakenAt}</dt>
        <dd>{formatDate(s.last_taken_at, lang)}</dd>
      </dl>
      {props.mayDownload ? (
        <UnduhAkun frame={frame} npsn={s.npsn} undownloaded={detail.undownloaded} />
      ) : null}
      <h2>{t.counts}</h2>
      <CountsTable lang={lang} counts={detail.counts} />
      <h2>{t.accounts}</h2>
      <AccountTable lang={lang} id="school-accounts" rows={detail.accounts} />
      <Pager
        frame={frame}
        npsn={s.npsn}
        page={detail.page}
        more={detail.more}
        shown={detail.accounts.length}
      />
      <h2>{t.changes}</h2>
      <Changes lang={lang} detail={detail} />
    </Layout>
  );
}

function UnduhAkun(props: { frame: Frame; npsn: string; undownloaded: number }) {
  const lang = props.frame.lang;
  const t = DIRECTORY_TEXT[lang].school;
  return (
    <section id="unduh-akun">
      <h2>{t.unduh}</h2>
      <p class="muted">{t.unduhHint}</p>
      <p id="unduh-new-count" data-count={props.undownloaded}>
        {t.undownloaded(formatNumber(props.undownloaded, lang))}
      </p>
      <PostForm
        frame={props.frame}
        action={`/schools/${encodeURIComponent(props.npsn)}/unduh-akun`}
        id="unduh-akun-form"
      >
        <p>
          <label>
            <input type="radio" name="which" value="new" checked /> {t.whichNew}
          </label>
          <br />
          <label>
            <input type="radio" name="which" value="all" /> {t.whichAll}
          </label>
        </p>
        <p>
          <button type="submit" id="unduh-akun-button">
            {t.unduhButton}
          </button>
        </p>
      </PostForm>
    </section>
  );
}

/** One row per role, one column per status, totals at the end. */
function CountsTable(props: { lang: Lang; counts: StatusRoleCount[] }) {
  const all = DIRECTORY_TEXT[props.lang];
  const t = all.school;
  const count = (role: string | null, status: string | null) =>
    props.counts
      .filter((c) => (role === null || c.role === role) && (status === null || c.status === status))
      .reduce((sum, c) => sum + c.count, 0);
  const roles = [...ACCOUNT_ROLES, null];
  return (
    <table class="data" id="school-counts">
      <thead>
        <tr>
          {t.countColumns.map((c) => (
            <th>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {roles.map((role) => (
          <tr data-role={role ?? 'total'}>
            <th>{role === null ? t.total : wordFor(all.roles, role)}</th>
            {[...ACCOUNT_STATUSES, null].map((status) => (
              <td class="num" data-status={status ?? 'total'}>
                {formatNumber(count(role, status), props.lang)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Pager(props: { frame: Frame; npsn: string; page: number; more: boolean; shown: number }) {
  const t = COMMON_TEXT[props.frame.lang].table;
  const from = (props.page - 1) * SCHOOL_PAGE_SIZE + 1;
  const href = (page: number) => `/schools/${encodeURIComponent(props.npsn)}?page=${page}`;
  if (props.page === 1 && !props.more) return null;
  return (
    <p class="pager" id="school-accounts-pager">
      {props.page > 1 ? (
        <a href={href(props.page - 1)} rel="prev">
          {t.previous}
        </a>
      ) : null}{' '}
      {props.shown > 0
        ? DIRECTORY_TEXT[props.frame.lang].school.page(String(from), String(from + props.shown - 1))
        : null}{' '}
      {props.more ? (
        <a href={href(props.page + 1)} rel="next">
          {t.next}
        </a>
      ) : null}
    </p>
  );
}

function Changes(props: { lang: Lang; detail: SchoolDetail }) {
  const { lang } = props;
  const all = DIRECTORY_TEXT[lang];
  return (
    <DataTable
      lang={lang}
      id="school-events"
      columns={all.school.changeColumns}
      rows={props.detail.events}
      row={(e) => (
        <tr data-event-id={e.id} data-event-type={e.type} data-run-id={e.run_id}>
          <td>{formatDate(e.effective_date, lang)}</td>
          <td>
            <a href={`/runs/${e.run_id}`}>#{e.run_id}</a>
          </td>
          <td>{eventWords(lang, e)}</td>
          <td>
            {e.account_id === null ? (
              '–'
            ) : (
              <a href={`/accounts/${e.account_id}`}>
                {e.from?.address ?? e.to?.address ?? `#${e.account_id}`}
              </a>
            )}
          </td>
          <td>
            <EventSide side={e.from} lang={lang} />
          </td>
          <td>
            <EventSide side={e.to} lang={lang} />
          </td>
          <td>
            <span class={`badge ${e.state}`}>{wordFor(all.eventStates, e.state)}</span>
          </td>
        </tr>
      )}
    />
  );
}

// Appeal pieces other pages show (issue 10): the "Data saya salah" form and the appeal's state on a Cek
// Akun account card, the dashboard's appeals per school, and an account's appeal story. What a person
// wrote is text like any other, escaped by JSX; it is never markup.
import { APPEAL_MESSAGE_MAX } from '../../domain/appeals.js';
import type { AppealRow } from '../../store/appeal-repository.js';
import type { AppealsOverview, PublicAppeal } from '../services/appeal-view-service.js';
import type { AccountStatusView } from '../services/cek-akun-service.js';
import { type AppealDates, appealsText } from '../text/appeals-text.js';
import { formatDate, formatNumber, formatTimestamp } from '../text/i18n.js';
import type { Lang } from '../web-types.js';
import { DataTable, type Frame, PostForm } from './layout.js';

export const APPEAL_FIELDS = ['message', 'email'] as const;
export type AppealField = (typeof APPEAL_FIELDS)[number];

/** What the appeal forms of a found answer need: a sealed proof per account, and a form shown again. */
export interface FoundAppeals {
  proofs: Record<number, string>;
  holdDays: number;
  form?: { accountId: number; errors: AppealField[]; typed: { message: string; email: string } };
  /** The account whose appeal was just filed. */
  filed?: number;
}

function datesOf(a: PublicAppeal | AppealRow, lang: Lang): AppealDates {
  const date = (d: string | null | undefined) => (d ? formatDate(d.slice(0, 10), lang) : '');
  const isRow = 'filed_on' in a;
  return {
    filedOn: date(isRow ? a.filed_on : a.filedOn),
    holdUntil: date(isRow ? a.hold_until : a.holdUntil),
    decidedOn: date(isRow ? a.decided_at : a.decidedOn),
    closedOn: date(isRow ? a.closed_at : a.closedOn),
    suspendOn: date(isRow ? a.suspend_on_after : a.suspendOnAfter),
    deleteOn: date(isRow ? a.delete_on_after : a.deleteOnAfter),
  };
}

/** On a Cek Akun card: the latest appeal's state, then the form when a new appeal may be filed. */
export function CekAkunAppealPart(props: {
  frame: Frame;
  account: AccountStatusView;
  appeals: FoundAppeals;
}) {
  const { frame, account, appeals } = props;
  const t = appealsText(frame.lang).public;
  const a = account.appeal;
  const state = a ? (a.status === 'closed' ? a.outcome : a.status) : null;
  const proof = appeals.proofs[account.id];
  return (
    <>
      {a && state && state in t.state ? (
        <div
          class="change notice"
          id={`appeal-state-${account.id}`}
          data-appeal-status={a.status}
          data-appeal-outcome={a.outcome ?? ''}
        >
          {t.state[state as keyof typeof t.state](datesOf(a, frame.lang)).map((line) => (
            <p>{line}</p>
          ))}
        </div>
      ) : null}
      {account.canAppeal && proof ? (
        <AppealForm frame={frame} accountId={account.id} proof={proof} appeals={appeals} />
      ) : null}
    </>
  );
}

function AppealForm(props: { frame: Frame; accountId: number; proof: string; appeals: FoundAppeals }) {
  const { frame, accountId, appeals } = props;
  const t = appealsText(frame.lang).public;
  const shown = appeals.form?.accountId === accountId ? appeals.form : undefined;
  const max = formatNumber(APPEAL_MESSAGE_MAX, frame.lang);
  return (
    <details class="appeal" id={`appeal-${accountId}`} open={shown ? true : undefined}>
      <summary>{t.cta}</summary>
      <p>{t.intro(appeals.holdDays)}</p>
      {shown && shown.errors.length > 0 ? (
        <div class="error" id={`appeal-errors-${accountId}`}>
          <p>{t.errors.heading}</p>
          <ul>
            {shown.errors.map((field) => (
              <li data-field={field}>{field === 'message' ? t.errors.message(max) : t.errors.email}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <PostForm frame={frame} action="/cek-akun/banding" class="stacked" id={`appeal-form-${accountId}`}>
        <input type="hidden" name="proof" value={props.proof} />
        <label>
          {t.message}
          <textarea name="isi" required maxlength={APPEAL_MESSAGE_MAX} rows={5}>
            {shown?.typed.message ?? ''}
          </textarea>
          <small class="muted">{t.messageHint(max)}</small>
        </label>
        <label>
          {t.email}
          <input
            name="email"
            type="email"
            maxlength={254}
            autocomplete="email"
            value={shown?.typed.email ?? ''}
          />
          <small class="muted">{t.emailHint}</small>
        </label>
        <button type="submit">{t.submit}</button>
      </PostForm>
    </details>
  );
}

/** The dashboard's section: appeals waiting per school and their age, and those that expired. */
export function DashboardAppeals(props: { lang: Lang; overview: AppealsOverview }) {
  const { lang, overview } = props;
  const t = appealsText(lang);
  const c = t.console;
  return (
    <section
      id="appeals-overview"
      data-open={String(overview.open)}
      data-correcting={String(overview.correcting)}
      data-expired={String(overview.expired)}
    >
      <h2>{t.dashboard.title}</h2>
      {overview.expired > 0 ? (
        <p class="notice" id="appeals-expired-flag">
          {t.dashboard.expiredFlag}
        </p>
      ) : null}
      {overview.schools.length === 0 ? (
        <p class="muted">{t.dashboard.none}</p>
      ) : (
        <DataTable
          lang={lang}
          id="appeals-by-school"
          columns={t.dashboard.columns}
          rows={overview.schools}
          row={(s) => (
            <tr
              data-npsn={s.npsn}
              data-open={String(s.open)}
              data-correcting={String(s.correcting)}
              data-expired={String(s.expired)}
              data-oldest-days={s.oldest_age_days === null ? '' : String(s.oldest_age_days)}
            >
              <td>
                <a href={`/appeals?status=all&npsn=${encodeURIComponent(s.npsn)}`}>
                  {s.school_name ?? s.npsn}
                </a>{' '}
                ({s.npsn})
              </td>
              <td class="num">{formatNumber(s.open, lang)}</td>
              <td class="num">{formatNumber(s.correcting, lang)}</td>
              <td class="num">{s.oldest_age_days === null ? '–' : c.days(s.oldest_age_days)}</td>
              <td class="num">
                {s.expired > 0 ? <strong class="badge failed">{formatNumber(s.expired, lang)}</strong> : '0'}
              </td>
            </tr>
          )}
        />
      )}
      <p>
        <a href="/appeals">{t.dashboard.all}</a>
      </p>
    </section>
  );
}

/** An appeal's story: filed, decided, finished, with the dates and who acted. */
export function AppealStory(props: { lang: Lang; appeal: AppealRow }) {
  const { lang, appeal: a } = props;
  const c = appealsText(lang).console;
  const d = datesOf(a, lang);
  const word = (table: Record<string, string>, code: string | null) => (code ? (table[code] ?? code) : '');
  return (
    <ol class="timeline appeal-story" data-appeal-id={String(a.id)}>
      <li data-step="filed">
        <strong>{formatTimestamp(a.filed_at)}</strong> · {c.steps.filed(d.holdUntil)}
      </li>
      {a.decided_at && a.decision ? (
        <li data-step="decided" data-decision={a.decision}>
          <strong>{formatTimestamp(a.decided_at)}</strong> ·{' '}
          {c.steps.decided(word(c.decisionsShort, a.decision), a.decided_by ?? '')}
          {a.decision_note ? (
            <div class="muted">
              {c.steps.note}: <q>{a.decision_note}</q>
            </div>
          ) : null}
        </li>
      ) : null}
      {a.closed_at && a.outcome ? (
        <li data-step="closed" data-outcome={a.outcome}>
          <strong>{formatTimestamp(a.closed_at)}</strong> ·{' '}
          {c.steps.closed(word(c.outcomes, a.outcome), a.closed_by ?? '')}
          {a.closed_run_id ? (
            <>
              {' '}
              <a href={`/runs/${a.closed_run_id}`}>#{a.closed_run_id}</a>
            </>
          ) : null}
          {a.closing_note ? (
            <div class="muted">
              {c.steps.note}: <q>{a.closing_note}</q>
            </div>
          ) : null}
          {a.suspend_on_after || a.delete_on_after ? (
            <div>
              {c.steps.newSchedule(
                c.schedule(a.account_status === 'suspended' ? '' : d.suspendOn, d.deleteOn),
              )}
            </div>
          ) : null}
        </li>
      ) : null}
    </ol>
  );
}

/** The account page's appeals: each with its story and a link to decide it. */
export function AccountAppeals(props: { lang: Lang; appeals: AppealRow[] }) {
  const c = appealsText(props.lang).console;
  if (props.appeals.length === 0) return <p id="account-appeals-empty">{c.noAppeals}</p>;
  return (
    <div id="account-appeals">
      {props.appeals.map((a) => (
        <section
          class="card"
          data-appeal-id={String(a.id)}
          data-status={a.status}
          data-outcome={a.outcome ?? ''}
        >
          <h3>
            <a href={`/appeals/${a.id}`}>{c.detailTitle(a.id)}</a> ·{' '}
            <span class={`badge ${a.status}`}>
              {a.status === 'closed' ? (c.outcomes[a.outcome ?? ''] ?? a.outcome) : c.statuses[a.status]}
            </span>
          </h3>
          <AppealStory lang={props.lang} appeal={a} />
        </section>
      ))}
    </div>
  );
}

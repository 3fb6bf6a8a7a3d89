// /provision (the queue, accounts by their standing at the target, the ones that need attention) and
// the account page's provisioning section. Ids and data attributes name what tests check.
import type { AccountProvisioning, ProvisionStatusReport } from '../../provision/provision-status.js';
import { formatNumber, formatTimestamp } from '../text/i18n.js';
import { PROVISION_TEXT } from '../text/provision-text.js';
import type { Lang } from '../web-types.js';
import { DataTable, type Frame, Layout } from './layout.js';
import { ageText } from './mail-pages.js';

const QUEUE_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
const STATES = ['synced', 'retrying', 'failed'] as const;

export function ProvisionPage(props: { frame: Frame; report: ProvisionStatusReport }) {
  const { frame, report } = props;
  const lang = frame.lang;
  const t = PROVISION_TEXT[lang];
  const scoped = frame.caller !== undefined && frame.caller.scope.role !== 'nasional';
  return (
    <Layout frame={frame} title={t.title} active="provision">
      <h2>{t.target.heading}</h2>
      <p id="provision-target" data-target={report.target ?? ''}>
        {report.target ? t.target.configured(report.target) : t.target.none}
      </p>
      <h2>{t.queue.heading}</h2>
      {scoped ? <p class="muted">{t.queue.scoped}</p> : null}
      <dl class="facts" id="provision-queue">
        {QUEUE_STATUSES.map((s) => (
          <>
            <dt>{t.queue.statuses[s]}</dt>
            <dd data-status={s} data-count={String(report.queue[s])}>
              {formatNumber(report.queue[s], lang)}
            </dd>
          </>
        ))}
        <dt>{t.queue.oldest}</dt>
        <dd data-oldest={report.oldest_pending_at ?? ''}>
          {report.oldest_pending_age_seconds === null
            ? t.queue.none
            : ageText(report.oldest_pending_age_seconds, lang)}
        </dd>
      </dl>
      <p id="provision-waiting" data-count={String(report.waiting_accounts)}>
        {t.queue.waiting(formatNumber(report.waiting_accounts, lang))}
      </p>
      <h2>{t.accounts.heading}</h2>
      <dl class="facts" id="provision-accounts">
        {STATES.map((s) => (
          <>
            <dt>{t.accounts.states[s]}</dt>
            <dd data-state={s} data-count={String(report.accounts[s])}>
              {formatNumber(report.accounts[s], lang)}
            </dd>
          </>
        ))}
      </dl>
      <h2>{t.problems.heading}</h2>
      <p class="muted">
        {t.problems.hint} <code>selaras provision retry</code>
      </p>
      <DataTable
        lang={lang}
        id="provision-problems"
        columns={t.problems.columns}
        rows={report.problems}
        row={(p) => (
          <tr data-account-id={String(p.account_id)} data-state={p.state}>
            <td>
              <a href={`/accounts/${p.account_id}`}>{p.address ?? p.account_id}</a>
            </td>
            <td>
              <StateBadge lang={lang} state={p.state} />
            </td>
            <td class="num">{formatNumber(p.attempts, lang)}</td>
            <td>{p.last_error ?? ''}</td>
            <td>{formatTimestamp(p.updated_at)}</td>
          </tr>
        )}
      />
    </Layout>
  );
}

function StateBadge(props: { lang: Lang; state: string; id?: string }) {
  const states = PROVISION_TEXT[props.lang].accounts.states;
  return (
    <span class={`badge ${props.state}`} id={props.id} data-state={props.state}>
      {states[props.state] ?? props.state}
    </span>
  );
}

/** The account page's section: its standing at the target and its latest provisioning rows. */
export function AccountProvisioningSection(props: { lang: Lang; view: AccountProvisioning }) {
  const { lang, view } = props;
  const t = PROVISION_TEXT[lang].account;
  const s = view.status;
  return (
    <section id="account-provisioning" data-state={s?.state ?? 'none'} data-waiting={String(view.waiting)}>
      {s ? (
        <dl class="facts">
          <dt>{t.state}</dt>
          <dd>
            <StateBadge lang={lang} state={s.state} id="provision-state" />
          </dd>
          <dt>{t.target}</dt>
          <dd>{s.target}</dd>
          <dt>{t.remoteId}</dt>
          <dd id="provision-remote-id">{s.remote_id ?? '–'}</dd>
          <dt>{t.syncedAt}</dt>
          <dd>{s.synced_at ? formatTimestamp(s.synced_at) : t.never}</dd>
          {s.last_error ? (
            <>
              <dt>{t.lastError}</dt>
              <dd id="provision-error">{s.last_error}</dd>
            </>
          ) : null}
          <dt>{t.waiting}</dt>
          <dd>{formatNumber(view.waiting, lang)}</dd>
        </dl>
      ) : (
        <p id="provision-not-yet">{t.notYet}</p>
      )}
      <DataTable
        lang={lang}
        id="account-provision-rows"
        columns={t.columns}
        rows={view.changes}
        row={(c) => (
          <tr data-outbox-id={String(c.id)} data-status={c.status}>
            <td>{formatTimestamp(c.created_at)}</td>
            <td>{c.changes.map((x) => t.changes[x] ?? x).join(', ')}</td>
            <td>
              <span class={`badge ${c.status}`}>
                {PROVISION_TEXT[lang].queue.statuses[c.status as 'sent'] ?? c.status}
              </span>
            </td>
            <td class="num">{c.attempts}</td>
            <td>{c.sent_at ? formatTimestamp(c.sent_at) : '–'}</td>
            <td>{c.last_error ?? ''}</td>
          </tr>
        )}
      />
    </section>
  );
}

// The account search and the account page: facts, every address it ever had, its history with the
// rule and evidence of each event, and the mails sent about it (subjects only). Ids and data
// attributes name what tests and the browser check.
import type { AccountRef } from '../../domain/accounts.js';
import type { AccountProvisioning } from '../../provision/provision-status.js';
import type { AppealRow } from '../../store/appeal-repository.js';
import type { AccountRow } from '../../store/directory-repository.js';
import type { AccountDetail, AccountSearch, TimelineEvent } from '../services/directory-service.js';
import { SEARCH_LIMIT } from '../services/directory-service.js';
import { appealsText } from '../text/appeals-text.js';
import { DIRECTORY_TEXT, wordFor } from '../text/directory-text.js';
import { formatDate, formatNumber, formatTimestamp } from '../text/i18n.js';
import { PROVISION_TEXT } from '../text/provision-text.js';
import type { Lang } from '../web-types.js';
import { AccountAppeals } from './appeal-parts.js';
import { DataTable, type Frame, Layout } from './layout.js';
import { AccountProvisioningSection } from './provision-pages.js';

export function StatusBadge(props: { lang: Lang; status: string; id?: string }) {
  const t = DIRECTORY_TEXT[props.lang];
  return (
    <span class={`badge ${props.status}`} id={props.id} data-status={props.status}>
      {wordFor(t.statuses, props.status)}
    </span>
  );
}

/** One side of an event: the address and the school, linked. */
export function EventSide(props: { side: AccountRef | undefined; lang: Lang }) {
  const { side } = props;
  if (!side) return <span class="muted">–</span>;
  const t = DIRECTORY_TEXT[props.lang];
  return (
    <span class="event-side">
      {side.address} ({wordFor(t.roles, side.role)}, {wordFor(t.jenjang, side.jenjang)},{' '}
      <a href={`/schools/${encodeURIComponent(side.npsn)}`}>{side.npsn}</a>)
    </span>
  );
}

/** "Akun dibuat" or "Akun PTK dinonaktifkan — pensiun". */
export function eventWords(lang: Lang, e: { type: string; reason?: string }): string {
  const t = DIRECTORY_TEXT[lang];
  const type = wordFor(t.eventTypes, e.type);
  return e.reason ? `${type} — ${wordFor(t.reasons, e.reason)}` : type;
}

export function AccountsSearchPage(props: { frame: Frame; search: AccountSearch }) {
  const { frame, search } = props;
  const lang = frame.lang;
  const t = DIRECTORY_TEXT[lang];
  return (
    <Layout frame={frame} title={t.accounts.title} active="accounts">
      <form method="get" action="/accounts" class="search" id="account-search">
        <label for="account-q">{t.accounts.search}</label>
        <input id="account-q" name="q" value={search.query} maxlength={200} aria-describedby="account-hint" />
        <button type="submit">{t.accounts.searchButton}</button>
      </form>
      <p class="muted" id="account-hint">
        {t.accounts.searchHint}
      </p>
      {search.query === '' ? (
        <p id="account-no-query">{t.accounts.noQuery}</p>
      ) : (
        <>
          <p id="account-count" data-count={search.accounts.length}>
            {t.accounts.found(formatNumber(search.accounts.length, lang))}
          </p>
          {search.more ? (
            <p class="notice" id="account-more">
              {t.accounts.tooMany(formatNumber(SEARCH_LIMIT, lang))}
            </p>
          ) : null}
          <AccountTable lang={lang} id="account-results" rows={search.accounts} />
        </>
      )}
    </Layout>
  );
}

export function AccountTable(props: { lang: Lang; id: string; rows: AccountRow[] }) {
  const t = DIRECTORY_TEXT[props.lang];
  return (
    <DataTable
      lang={props.lang}
      id={props.id}
      columns={t.accounts.columns}
      rows={props.rows}
      row={(a) => (
        <tr data-account-id={a.id} data-address={a.primary_address} data-status={a.status}>
          <td>
            <a href={`/accounts/${a.id}`}>{a.primary_address}</a>
          </td>
          <td>{a.nama}</td>
          <td>{wordFor(t.roles, a.role)}</td>
          <td>{wordFor(t.jenjang, a.jenjang)}</td>
          <td>
            <a href={`/schools/${encodeURIComponent(a.npsn)}`}>{a.npsn}</a>
          </td>
          <td>
            <StatusBadge lang={props.lang} status={a.status} />
          </td>
        </tr>
      )}
    />
  );
}

export function AccountPage(props: {
  frame: Frame;
  detail: AccountDetail;
  appeals?: AppealRow[];
  provisioning?: AccountProvisioning;
}) {
  const { frame, detail } = props;
  const t = DIRECTORY_TEXT[frame.lang].account;
  return (
    <Layout frame={frame} title={`${t.title} ${detail.account.primary_address}`} active="accounts">
      <h2>{t.facts}</h2>
      <AccountFacts lang={frame.lang} detail={detail} />
      <h2>{t.history}</h2>
      <Timeline lang={frame.lang} events={detail.events} />
      <h2>{appealsText(frame.lang).console.title}</h2>
      <AccountAppeals lang={frame.lang} appeals={props.appeals ?? []} />
      {props.provisioning ? (
        <>
          <h2>{PROVISION_TEXT[frame.lang].account.heading}</h2>
          <AccountProvisioningSection lang={frame.lang} view={props.provisioning} />
        </>
      ) : null}
      <h2>{t.mails}</h2>
      <DataTable
        lang={frame.lang}
        id="account-mails"
        columns={t.mailColumns}
        rows={detail.mails}
        row={(m) => (
          <tr data-mail-id={m.id} data-status={m.status}>
            <td class="subject">{m.subject ?? t.unreadable}</td>
            <td>
              <span class={`badge ${m.status}`}>
                {wordFor(DIRECTORY_TEXT[frame.lang].mailStatuses, m.status)}
              </span>
            </td>
            <td>{formatTimestamp(m.created_at)}</td>
            <td>{m.sent_at ? formatTimestamp(m.sent_at) : '–'}</td>
            <td class="num">{m.attempts}</td>
          </tr>
        )}
      />
    </Layout>
  );
}

function AccountFacts(props: { lang: Lang; detail: AccountDetail }) {
  const { lang, detail } = props;
  const { account: a, school } = detail;
  const all = DIRECTORY_TEXT[lang];
  const t = all.account;
  return (
    <dl class="facts" id="account-facts" data-account-id={a.id}>
      <dt>{t.name}</dt>
      <dd id="account-name">{a.nama}</dd>
      <dt>{t.kind}</dt>
      <dd>{wordFor(all.personKinds, a.person_kind)}</dd>
      <dt>{t.address}</dt>
      <dd id="account-address">{a.primary_address}</dd>
      <dt>{t.addresses}</dt>
      <dd>
        <ul id="account-addresses">
          {detail.addresses.map((x) => (
            <li data-address={x.address} data-kind={x.kind}>
              {x.address} <span class="muted">({x.kind === 'primary' ? t.primary : t.alias})</span>
            </li>
          ))}
        </ul>
      </dd>
      <dt>{t.role}</dt>
      <dd data-role={a.role}>{wordFor(all.roles, a.role)}</dd>
      <dt>{t.jenjang}</dt>
      <dd data-jenjang={a.jenjang}>{wordFor(all.jenjang, a.jenjang)}</dd>
      <dt>{t.school}</dt>
      <dd>
        <a href={`/schools/${encodeURIComponent(a.npsn)}`} id="account-school" data-npsn={a.npsn}>
          {school ? `${school.nama} (${a.npsn})` : a.npsn}
        </a>
      </dd>
      <LifecycleFacts lang={lang} account={a} />
    </dl>
  );
}

/** The status and the dates that come with it: suspension, deletion, continuation, a waiting exit. */
function LifecycleFacts(props: { lang: Lang; account: AccountRow }) {
  const { lang, account: a } = props;
  const all = DIRECTORY_TEXT[lang];
  const t = all.account;
  const date = (d: string) => formatDate(d, lang);
  return (
    <>
      <dt>{t.status}</dt>
      <dd>
        <StatusBadge lang={lang} status={a.status} id="account-status" />
      </dd>
      <dt>{t.statusSince}</dt>
      <dd>{date(a.status_since)}</dd>
      {a.deactivate_reason ? (
        <Fact label={t.reason} id="account-reason" value={wordFor(all.reasons, a.deactivate_reason)} />
      ) : null}
      {a.suspend_on ? <Fact label={t.suspendOn} id="account-suspend-on" value={date(a.suspend_on)} /> : null}
      {a.delete_on ? <Fact label={t.deleteOn} id="account-delete-on" value={date(a.delete_on)} /> : null}
      {a.continuation_deadline ? (
        <Fact label={t.continuation} id="account-continuation" value={date(a.continuation_deadline)} />
      ) : null}
      {a.waiting_since ? (
        <Fact
          label={t.waiting}
          id="account-waiting"
          value={`${date(a.waiting_since)} (${wordFor(all.reasons, a.waiting_reason)})`}
        />
      ) : null}
    </>
  );
}

function Fact(props: { label: string; id: string; value: string }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd id={props.id}>{props.value}</dd>
    </>
  );
}

function Timeline(props: { lang: Lang; events: TimelineEvent[] }) {
  const { lang } = props;
  const all = DIRECTORY_TEXT[lang];
  const t = all.account;
  if (props.events.length === 0) return <p id="account-timeline-empty">{t.noHistory}</p>;
  return (
    <ol class="timeline" id="account-timeline">
      {props.events.map((e) => (
        <li data-event-id={e.id} data-event-type={e.type} data-run-id={e.run_id} data-state={e.state}>
          <div>
            <strong>{formatDate(e.effective_date, lang)}</strong> ·{' '}
            <a href={`/runs/${e.run_id}`}>
              {t.run} #{e.run_id}
            </a>{' '}
            · <span class="event-type">{eventWords(lang, e)}</span>{' '}
            <span class={`badge ${e.state}`}>{wordFor(all.eventStates, e.state)}</span>
          </div>
          {e.from || e.to ? (
            <div>
              {t.from}: <EventSide side={e.from} lang={lang} /> → {t.to}:{' '}
              <EventSide side={e.to} lang={lang} />
            </div>
          ) : null}
          <div class="muted">
            {t.rule}: <code class="rule">{e.rule}</code>
          </div>
          <details>
            <summary>{t.evidence}</summary>
            <pre class="evidence">{JSON.stringify(e.evidence, null, 2)}</pre>
          </details>
        </li>
      ))}
    </ol>
  );
}

// /mail (outbox health), /mail/kotak (the local mailbox) and /mail/kotak/:file (one message). A
// message's HTML is shown only inside a sandboxed iframe with no permissions: no script, no form, no
// navigation of this page, and its own origin, whatever the HTML holds.
import type {
  ChannelHealth,
  MailboxPage as MailboxListing,
  MailboxMessage,
  OutboxOverview,
} from '../services/mail-view-service.js';
import { OUTBOX_STATUSES } from '../services/mail-view-service.js';
import { COMMON_TEXT } from '../text/common-text.js';
import { formatNumber, formatTimestamp } from '../text/i18n.js';
import { MAIL_TEXT } from '../text/mail-text.js';
import type { Lang } from '../web-types.js';
import { DataTable, type Frame, Layout, withLang } from './layout.js';

/** How mail leaves: over SMTP (the server, without credentials), or into the local mailbox. */
export type Delivery = { kind: 'smtp'; server: string } | { kind: 'mailbox'; canOpen: boolean };

export function MailPage(props: { frame: Frame; overview: OutboxOverview; delivery: Delivery }) {
  const { frame, overview, delivery } = props;
  const t = MAIL_TEXT[frame.lang];
  const scoped = frame.caller !== undefined && frame.caller.scope.role !== 'nasional';
  return (
    <Layout frame={frame} title={t.title} active="mail">
      <h2>{t.delivery.heading}</h2>
      <DeliveryNote lang={frame.lang} delivery={delivery} />
      <h2>{t.outbox.heading}</h2>
      {scoped ? <p class="muted">{t.outbox.scoped}</p> : null}
      <DataTable
        lang={frame.lang}
        id="outbox-counts"
        columns={[t.outbox.channel, ...OUTBOX_STATUSES.map((s) => t.outbox.statuses[s]), t.outbox.oldest]}
        rows={overview.channels}
        row={(health) => <ChannelRow lang={frame.lang} health={health} />}
      />
      <h2>{t.failures.heading}</h2>
      <p class="muted">{t.failures.hint}</p>
      <DataTable
        lang={frame.lang}
        id="outbox-failures"
        columns={[
          t.failures.queued,
          t.outbox.channel,
          t.failures.status,
          t.failures.attempts,
          t.failures.error,
          t.failures.subject,
        ]}
        rows={overview.failures}
        row={(f) => (
          <tr data-outbox-id={String(f.id)}>
            <td>{formatTimestamp(f.created_at)}</td>
            <td>{t.outbox.channels[f.channel] ?? f.channel}</td>
            <td>
              <span class={`badge ${f.status}`}>
                {f.status === 'failed' ? t.outbox.statuses.failed : t.failures.retrying}
              </span>
            </td>
            <td class="num">{formatNumber(f.attempts, frame.lang)}</td>
            <td>{f.last_error ?? ''}</td>
            <td>{f.subject ?? ''}</td>
          </tr>
        )}
      />
    </Layout>
  );
}

function DeliveryNote(props: { lang: Lang; delivery: Delivery }) {
  const t = MAIL_TEXT[props.lang].delivery;
  const { delivery } = props;
  if (delivery.kind === 'smtp')
    return (
      <p id="mail-delivery" data-delivery="smtp">
        {t.smtp(delivery.server)}
      </p>
    );
  return (
    <div id="mail-delivery" data-delivery="mailbox">
      <p>{t.mailbox}</p>
      {delivery.canOpen ? (
        <p>
          <a href="/mail/kotak" id="mailbox-link">
            {t.open}
          </a>
        </p>
      ) : (
        <p class="muted">{t.nasionalOnly}</p>
      )}
    </div>
  );
}

function ChannelRow(props: { lang: Lang; health: ChannelHealth }) {
  const t = MAIL_TEXT[props.lang];
  const { health } = props;
  return (
    <tr data-channel={health.channel}>
      <td>{t.outbox.channels[health.channel] ?? health.channel}</td>
      {OUTBOX_STATUSES.map((status) => (
        <td class="num" data-status={status} data-count={String(health.counts[status])}>
          {formatNumber(health.counts[status], props.lang)}
        </td>
      ))}
      <td data-oldest={health.oldestPendingAt ?? ''}>
        {health.oldestPendingAgeSeconds === null
          ? t.outbox.none
          : ageText(health.oldestPendingAgeSeconds, props.lang)}
      </td>
    </tr>
  );
}

/** 3725 → '1 jam 2 menit' / '1 h 2 min': the two largest units. */
export function ageText(seconds: number, lang: Lang): string {
  const u = MAIL_TEXT[lang].age;
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), u.days],
    [Math.floor(seconds / 3600) % 24, u.hours],
    [Math.floor(seconds / 60) % 60, u.minutes],
    [seconds % 60, u.seconds],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return `0 ${u.seconds}`;
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}

export function MailboxPage(props: { frame: Frame; listing: MailboxListing }) {
  const { frame, listing } = props;
  const t = MAIL_TEXT[frame.lang].mailbox;
  return (
    <Layout frame={frame} title={t.title} active="mail">
      <p>{t.intro}</p>
      <p class="muted" id="mailbox-total" data-total={String(listing.total)}>
        {t.total(formatNumber(listing.total, frame.lang))}
      </p>
      <DataTable
        lang={frame.lang}
        id="mailbox"
        columns={[t.date, t.to, t.subject]}
        rows={listing.entries}
        row={(entry) => (
          <tr data-file={entry.file}>
            <td>{formatTimestamp(entry.date)}</td>
            <td>{entry.to}</td>
            <td>
              <a href={`/mail/kotak/${encodeURIComponent(entry.file)}`}>{entry.subject || t.noSubject}</a>
            </td>
          </tr>
        )}
      />
      <Pager frame={frame} page={listing.page} pages={listing.pages} />
    </Layout>
  );
}

function Pager(props: { frame: Frame; page: number; pages: number }) {
  const { frame, page, pages } = props;
  if (pages <= 1) return null;
  const common = COMMON_TEXT[frame.lang].table;
  const href = (n: number) => withLang(`/mail/kotak?page=${n}`, frame.lang);
  return (
    <nav class="pager" id="mailbox-pager">
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          {common.previous}
        </a>
      ) : null}{' '}
      <span>{MAIL_TEXT[frame.lang].mailbox.page(String(page), String(pages))}</span>{' '}
      {page < pages ? (
        <a href={href(page + 1)} rel="next">
          {common.next}
        </a>
      ) : null}
    </nav>
  );
}

export function MessagePage(props: { frame: Frame; message: MailboxMessage }) {
  const { frame, message } = props;
  const t = MAIL_TEXT[frame.lang];
  return (
    <Layout frame={frame} title={message.subject || t.mailbox.noSubject} active="mail">
      <p>
        <a href="/mail/kotak">{t.mailbox.back}</a>
      </p>
      <dl class="facts" id="message-headers">
        <dt>{t.message.from}</dt>
        <dd data-header="from">{message.from}</dd>
        <dt>{t.message.to}</dt>
        <dd data-header="to">{message.to}</dd>
        <dt>{t.message.subject}</dt>
        <dd data-header="subject">{message.subject}</dd>
        <dt>{t.message.date}</dt>
        <dd data-header="date">{message.date ? formatTimestamp(message.date) : ''}</dd>
        <dt>{t.message.messageId}</dt>
        <dd data-header="message-id">{message.messageId}</dd>
      </dl>
      <h2>{t.message.html}</h2>
      {message.html === null ? (
        <p class="muted">{t.message.noHtml}</p>
      ) : (
        <iframe
          class="mail"
          id="message-html"
          title={t.message.frameTitle}
          sandbox=""
          srcdoc={message.html}
        />
      )}
      <h2>{t.message.text}</h2>
      <pre id="message-text">{message.text}</pre>
    </Layout>
  );
}

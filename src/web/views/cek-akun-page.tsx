// The public Cek Akun page: an answer, if any, above the form (a found account replaces the form).
// The "not found" answer has no part that depends on what was typed, so two of them in one browser
// are the same bytes.
import type { AccountRole, Jenjang } from '../../domain/policy.js';
import { jenjangLabel, reasonLabel, roleLabel } from '../../notify/templates/mail-format.js';
import type {
  AccountStatusView,
  CekAkunField,
  PendingChange,
  TypedValues,
} from '../services/cek-akun-service.js';
import { appealsText } from '../text/appeals-text.js';
import { CEK_AKUN_TEXT, type ChangeDates } from '../text/cek-akun-text.js';
import { formatDate } from '../text/i18n.js';
import type { Lang } from '../web-types.js';
import { CekAkunAppealPart, type FoundAppeals } from './appeal-parts.js';
import { type Frame, Layout, PostForm } from './layout.js';

export type CekAkunAnswer =
  | { kind: 'form' }
  | { kind: 'invalid'; errors: CekAkunField[]; typed: TypedValues }
  | { kind: 'not_found' }
  | { kind: 'found'; accounts: AccountStatusView[]; appeals: FoundAppeals }
  | { kind: 'limited'; retryAfterSeconds: number }
  | { kind: 'appeal_refused'; reason: 'open' | 'decided' | 'not_pending' }
  | { kind: 'appeal_invalid' };

export function CekAkunPage(props: { frame: Frame; answer: CekAkunAnswer }) {
  const t = CEK_AKUN_TEXT[props.frame.lang];
  const { answer } = props;
  return (
    <Layout frame={props.frame} title={t.title}>
      <p>{t.intro}</p>
      <p class="muted">{t.privacy}</p>
      <Answer frame={props.frame} answer={answer} />
      {answer.kind === 'found' || answer.kind.startsWith('appeal_') ? null : (
        <CekAkunForm frame={props.frame} typed={answer.kind === 'invalid' ? answer.typed : {}} />
      )}
    </Layout>
  );
}

function CekAkunForm(props: { frame: Frame; typed: TypedValues }) {
  const t = CEK_AKUN_TEXT[props.frame.lang].form;
  const { typed } = props;
  return (
    <PostForm frame={props.frame} action="/cek-akun" class="stacked" id="cek-akun-form">
      <fieldset>
        <legend>{t.kind}</legend>
        {(['ptk', 'pd'] as const).map((kind) => (
          <label>
            <input type="radio" name="kind" value={kind} required checked={typed.kind === kind} />{' '}
            {t.kinds[kind]}
          </label>
        ))}
      </fieldset>
      <label>
        {t.npsn}
        <input name="npsn" required minlength={8} maxlength={8} autocomplete="off" value={typed.npsn ?? ''} />
        <small class="muted">{t.npsnHint}</small>
      </label>
      <label>
        {t.nama}
        <input name="nama" required maxlength={100} autocomplete="name" value={typed.nama ?? ''} />
        <small class="muted">{t.namaHint}</small>
      </label>
      <label>
        {t.tanggalLahir}
        <input name="tanggal_lahir" type="date" required autocomplete="bday" />
      </label>
      <button type="submit">{t.submit}</button>
    </PostForm>
  );
}

function Answer(props: { frame: Frame; answer: CekAkunAnswer }) {
  const t = CEK_AKUN_TEXT[props.frame.lang];
  const { answer } = props;
  switch (answer.kind) {
    case 'form':
      return null;
    case 'invalid':
      return (
        <section id="cek-akun-result" data-result="invalid" class="error">
          <p>{t.errors.heading}</p>
          <ul>
            {answer.errors.map((field) => (
              <li data-field={field}>{t.errors[field]}</li>
            ))}
          </ul>
        </section>
      );
    case 'not_found':
      return (
        <section id="cek-akun-result" data-result="not_found">
          <h2>{t.notFound.heading}</h2>
          {t.notFound.body.map((line) => (
            <p>{line}</p>
          ))}
        </section>
      );
    case 'limited':
      return (
        <section id="cek-akun-result" data-result="limited">
          <h2>{t.limited.heading}</h2>
          <p>{t.limited.body(t.limited.seconds(answer.retryAfterSeconds))}</p>
        </section>
      );
    case 'found':
      return <Found frame={props.frame} accounts={answer.accounts} appeals={answer.appeals} />;
    case 'appeal_refused':
    case 'appeal_invalid':
      return <AppealAnswer lang={props.frame.lang} answer={answer} />;
  }
}

function Found(props: { frame: Frame; accounts: AccountStatusView[]; appeals: FoundAppeals }) {
  const lang = props.frame.lang;
  const t = CEK_AKUN_TEXT[lang];
  const filed = props.appeals.filed !== undefined;
  return (
    <section id="cek-akun-result" data-result={filed ? 'appeal_filed' : 'found'}>
      {filed ? <AppealFiled lang={lang} /> : null}
      <h2>{t.found.heading}</h2>
      {props.accounts.length === 0 ? <p class="notice">{t.found.none}</p> : null}
      <div class="cards">
        {props.accounts.map((account) => (
          <AccountCard frame={props.frame} account={account} appeals={props.appeals} />
        ))}
      </div>
      <p>
        <a href="/cek-akun">{t.found.again}</a>
      </p>
    </section>
  );
}

function AccountCard(props: { frame: Frame; account: AccountStatusView; appeals: FoundAppeals }) {
  const lang = props.frame.lang;
  const t = CEK_AKUN_TEXT[lang];
  const a = props.account;
  return (
    <article class="card account" data-status={a.status}>
      <dl class="facts">
        <dt>{t.labels.address}</dt>
        <dd>
          <strong data-field="address">{a.address}</strong>
        </dd>
        <dt>{t.labels.status}</dt>
        <dd>
          <span class={`badge ${a.status}`} data-field="status">
            {t.statuses[a.status]}
          </span>
        </dd>
        <dt>{t.labels.school}</dt>
        <dd data-field="school">{`${a.schoolName} (${a.npsn})`}</dd>
        <dt>{t.labels.role}</dt>
        <dd>{`${roleLabel(a.role as AccountRole, lang)}, ${jenjangLabel(a.jenjang as Jenjang, lang)}`}</dd>
      </dl>
      {a.changes.length === 0 && a.status === 'active' ? <p>{t.activeNext}</p> : null}
      {a.changes.map((change) => (
        <ChangeNote lang={lang} change={change} />
      ))}
      <CekAkunAppealPart frame={props.frame} account={a} appeals={props.appeals} />
    </article>
  );
}

function AppealFiled(props: { lang: Lang }) {
  const t = appealsText(props.lang).public.filed;
  return (
    <div class="notice" id="appeal-filed">
      <h2>{t.heading}</h2>
      {t.body.map((line) => (
        <p>{line}</p>
      ))}
    </div>
  );
}

function AppealAnswer(props: {
  lang: Lang;
  answer: { kind: 'appeal_refused'; reason: string } | { kind: 'appeal_invalid' };
}) {
  const t = appealsText(props.lang).public;
  const { answer } = props;
  const heading = answer.kind === 'appeal_refused' ? t.refused.heading : t.invalid.heading;
  const body =
    answer.kind === 'appeal_refused' ? t.refused[answer.reason as keyof typeof t.refused] : t.invalid.body;
  return (
    <section
      id="cek-akun-result"
      data-result={answer.kind}
      data-reason={answer.kind === 'appeal_refused' ? answer.reason : undefined}
    >
      <h2>{heading}</h2>
      <p>{body}</p>
      <p>
        <a href="/cek-akun">{t.again}</a>
      </p>
    </section>
  );
}

function ChangeNote(props: { lang: Lang; change: PendingChange }) {
  const { lang, change } = props;
  const lines = CEK_AKUN_TEXT[lang].change[change.kind](datesOf(change, lang)).filter((l) => l !== '');
  return (
    <div class="change notice" data-change={change.kind}>
      {lines.map((line) => (
        <p>{line}</p>
      ))}
    </div>
  );
}

function datesOf(change: PendingChange, lang: Lang): ChangeDates {
  const date = (value: string | null | undefined) => (value ? formatDate(value, lang) : '');
  const reason = 'reason' in change ? reasonLabel(change.reason, lang) : '';
  return {
    lastDay: change.kind === 'deactivating' ? date(change.lastDay) : '',
    suspendOn: change.kind === 'deactivating' ? date(change.suspendOn) : '',
    deleteOn: change.kind === 'deactivating' || change.kind === 'suspended' ? date(change.deleteOn) : '',
    since: change.kind === 'suspended' || change.kind === 'waiting' ? date(change.since) : '',
    deadline: change.kind === 'continuation' ? date(change.deadline) : '',
    decideOn: change.kind === 'waiting' ? date(change.decideOn) : '',
    reason,
  };
}

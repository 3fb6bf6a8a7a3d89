// The held scopes of a run that the caller covers: why each is held, what it holds, who decided, and
// for a pending one the Approve and Reject forms. Scopes outside the caller's area are only counted.
import type { FC } from 'hono/jsx';
import { CSRF_FIELD } from '../security/csrf.js';
import type { HoldView, RunDetail } from '../services/run-service.js';
import { formatNumber, formatTimestamp } from '../text/i18n.js';
import { reasonWords, runsText, wordFor } from '../text/runs-text.js';
import type { Lang } from '../web-types.js';
import type { Frame } from './layout.js';
import { Badge } from './list-parts.js';

/** A decision the approval flow refused, with the hold as it stands after the refusal. */
export interface Refusal {
  scope: string;
  message: string;
  hold: HoldView | null;
}

export function HeldScopes(props: { frame: Frame; detail: RunDetail; refusal?: Refusal | undefined }) {
  const { lang } = props.frame;
  const t = runsText(lang);
  const { holds, hidden_holds } = props.detail;
  return (
    <section id="held-scopes">
      <h2>{t.heldTitle}</h2>
      {props.refusal ? <RefusalNote lang={lang} refusal={props.refusal} /> : null}
      {holds.length === 0 ? <p class="muted">{t.noHolds}</p> : null}
      {hidden_holds > 0 ? (
        <p class="muted" id="hidden-holds" data-count={String(hidden_holds)}>
          {t.hiddenHolds(hidden_holds)}
        </p>
      ) : null}
      {holds.map((hold) => (
        <HoldCard
          frame={props.frame}
          runId={props.detail.run.id}
          hold={hold}
          names={props.detail.school_names}
        />
      ))}
    </section>
  );
}

const RefusalNote: FC<{ lang: Lang; refusal: Refusal }> = ({ lang, refusal }) => {
  const t = runsText(lang);
  const hold = refusal.hold;
  let explained: string | null = null;
  if (hold && (hold.status === 'approved' || hold.status === 'rejected')) {
    explained = t.refused.alreadyDecided(
      wordFor(t.holdStatus, hold.status),
      hold.decided_by ?? '?',
      hold.decided_at ? formatTimestamp(hold.decided_at) : '?',
    );
  } else if (hold?.status === 'superseded' && hold.superseded_by_run !== null) {
    explained = t.refused.superseded(hold.superseded_by_run);
  }
  return (
    <div class="error" id="decision-refused" data-scope={refusal.scope} role="alert">
      <p>{t.refused.title}</p>
      {explained ? (
        <p>{explained}</p>
      ) : (
        <p>
          {t.refused.other} <code>{refusal.message}</code>
        </p>
      )}
    </div>
  );
};

function HoldCard(props: { frame: Frame; runId: number; hold: HoldView; names: Record<string, string> }) {
  const { lang } = props.frame;
  const t = runsText(lang);
  const { hold } = props;
  const school = hold.scope.startsWith('sekolah:') ? props.names[hold.scope.slice(8)] : undefined;
  return (
    <section class="card hold" data-scope={hold.scope} data-status={hold.status}>
      <h3>
        {t.scopeLabel(hold.scope, school)} <code>{hold.scope}</code>
      </h3>
      <HoldFacts lang={lang} hold={hold} />
      <Sample lang={lang} hold={hold} />
      {hold.status === 'pending' ? (
        <div class="decisions">
          <DecisionForm frame={props.frame} runId={props.runId} hold={hold} decision="approve" />
          <DecisionForm frame={props.frame} runId={props.runId} hold={hold} decision="reject" />
        </div>
      ) : null}
    </section>
  );
}

const HoldFacts: FC<{ lang: Lang; hold: HoldView }> = ({ lang, hold }) => {
  const t = runsText(lang);
  return (
    <dl class="facts">
      <dt>{t.hold.status}</dt>
      <dd>
        <Badge status={hold.status} label={wordFor(t.holdStatus, hold.status)} />
      </dd>
      <dt>{t.hold.reason}</dt>
      <dd>{wordFor(t.heldReasons, hold.reason)}</dd>
      <dt>{t.hold.count}</dt>
      <dd data-count="held">{formatNumber(hold.count, lang)}</dd>
      <dt>{t.hold.byEvent}</dt>
      <dd>{listOf(hold.by_event, (k) => wordFor(t.eventTypes, k), lang)}</dd>
      <dt>{t.hold.byReason}</dt>
      <dd>{listOf(hold.by_reason, (k) => reasonWords(k, lang), lang)}</dd>
      <dt>{t.hold.plan}</dt>
      <dd>
        <code>{hold.plan_hash.slice(0, 16)}</code>
      </dd>
      <Decided lang={lang} hold={hold} />
    </dl>
  );
};

function listOf(counts: Record<string, number>, label: (key: string) => string, lang: Lang): string {
  return Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${label(k)}: ${formatNumber(n, lang)}`)
    .join('; ');
}

const Decided: FC<{ lang: Lang; hold: HoldView }> = ({ lang, hold }) => {
  const t = runsText(lang);
  return (
    <>
      {hold.decided_by ? (
        <>
          <dt>{t.hold.decision}</dt>
          <dd data-decided-by={hold.decided_by}>
            {t.hold.decided(hold.decided_by, hold.decided_at ? formatTimestamp(hold.decided_at) : '?')}
          </dd>
        </>
      ) : null}
      {hold.decision_reason ? (
        <>
          <dt>{t.hold.decisionReason}</dt>
          <dd>{hold.decision_reason}</dd>
        </>
      ) : null}
      {hold.superseded_by_run !== null ? (
        <>
          <dt>{t.hold.decision}</dt>
          <dd>
            <a href={`/runs/${hold.superseded_by_run}`}>{t.hold.supersededBy(hold.superseded_by_run)}</a>
          </dd>
        </>
      ) : null}
    </>
  );
};

const Sample: FC<{ lang: Lang; hold: HoldView }> = ({ lang, hold }) => {
  const t = runsText(lang);
  if (hold.sample.length === 0) return null;
  return (
    <details>
      <summary>{t.hold.sample}</summary>
      <table class="data">
        <thead>
          <tr>
            <th>{t.columns.event}</th>
            <th>{t.columns.address}</th>
            <th>{t.columns.person}</th>
          </tr>
        </thead>
        <tbody>
          {hold.sample.map((p) => (
            <tr>
              <td>{wordFor(t.eventTypes, p.type)}</td>
              <td>{p.address}</td>
              <td>
                <code>{p.person_id}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
};

/**
 * Approve or Reject one held scope. Written out rather than through layout's PostForm because it
 * needs `data-confirm` (app.js asks before sending); it carries the same CSRF field.
 */
function DecisionForm(props: {
  frame: Frame;
  runId: number;
  hold: HoldView;
  decision: 'approve' | 'reject';
}) {
  const t = runsText(props.frame.lang);
  const { hold, decision } = props;
  const confirm =
    decision === 'approve'
      ? t.decide.confirmApprove(hold.scope, hold.count)
      : t.decide.confirmReject(hold.scope, hold.count);
  return (
    <form
      method="post"
      action={`/runs/${props.runId}/${decision}`}
      class="stacked decision"
      data-decision={decision}
      data-scope={hold.scope}
      data-confirm={confirm}
    >
      <input type="hidden" name={CSRF_FIELD} value={props.frame.csrf} />
      <input type="hidden" name="scope" value={hold.scope} />
      <label>
        {t.decide.reason}
        <input type="text" name="reason" maxlength={500} />
      </label>
      <button type="submit" class={decision === 'reject' ? 'danger' : undefined}>
        {decision === 'approve' ? t.decide.approve : t.decide.reject}
      </button>
    </form>
  );
}

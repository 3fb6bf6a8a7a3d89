// The audit log, newest first. Details are shown as JSON text, escaped like any other text.
import type { AuditEntry } from '../services/audit-service.js';
import { auditText } from '../text/audit-text.js';
import { formatTimestamp } from '../text/i18n.js';
import { runsText, wordFor } from '../text/runs-text.js';
import { DataTable, type Frame, Layout } from './layout.js';
import { Pager } from './list-parts.js';

export function AuditPage(props: { frame: Frame; entries: AuditEntry[]; page: number; pages: number }) {
  const { lang, caller } = props.frame;
  const t = auditText(lang);
  const c = t.columns;
  const none = runsText(lang).none;
  return (
    <Layout frame={props.frame} title={t.title} active="audit">
      <p class="muted">{t.intro}</p>
      {caller && caller.scope.role !== 'nasional' ? <p class="muted">{t.scopedNote}</p> : null}
      <DataTable
        lang={lang}
        id="audit-table"
        columns={[c.at, c.actor, c.action, c.run, c.scope, c.details]}
        rows={props.entries}
        row={(e) => (
          <tr data-id={String(e.id)} data-action={e.action} data-actor={e.actor} data-scope={e.scope ?? ''}>
            <td>{formatTimestamp(e.at)}</td>
            <td>{e.actor}</td>
            <td>
              {wordFor(t.actions, e.action)} <code class="muted">{e.action}</code>
            </td>
            <td>{e.run_id === null ? none : <a href={`/runs/${e.run_id}`}>#{e.run_id}</a>}</td>
            <td>{e.scope ? <code>{e.scope}</code> : none}</td>
            <td>
              <code class="details">{e.details}</code>
            </td>
          </tr>
        )}
      />
      <Pager lang={lang} path="/audit" page={props.page} pages={props.pages} />
    </Layout>
  );
}

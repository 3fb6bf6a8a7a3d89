// The frame of every page: header with navigation and the language switch, the content, and only
// local assets (no CDN: the machines have no internet). No inline script: the CSP forbids it, and
// pages pass data to app.js in <script type="application/json"> blocks.
import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import { formatOperatorScope } from '../../domain/operator-scope.js';
import { COMMON_TEXT } from '../text/common-text.js';
import type { Caller, Lang } from '../web-types.js';

/** What every page needs to draw its frame. */
export interface Frame {
  lang: Lang;
  csrf: string;
  /** The request path with its query, for the language switch. */
  path: string;
  caller?: Caller;
}

export type NavKey = keyof (typeof COMMON_TEXT)['id']['nav'];

const NAV: { key: NavKey; href: string }[] = [
  { key: 'dashboard', href: '/' },
  { key: 'runs', href: '/runs' },
  { key: 'accounts', href: '/accounts' },
  { key: 'schools', href: '/schools' },
  { key: 'appeals', href: '/appeals' },
  { key: 'mail', href: '/mail' },
  { key: 'provision', href: '/provision' },
  { key: 'audit', href: '/audit' },
];

export function withLang(path: string, lang: Lang): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}

export const Layout: FC<
  PropsWithChildren<{ frame: Frame; title: string; active?: NavKey; scripts?: string[] }>
> = ({ frame, title, active, scripts = [], children }) => {
  const t = COMMON_TEXT[frame.lang];
  return (
    <html lang={frame.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content={frame.csrf} />
        <title>{`${title} · ${t.product}`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/static/app.css" />
      </head>
      <body>
        <header class="top">
          <a class="brand" href={frame.caller ? '/' : '/cek-akun'}>
            {t.product}
          </a>
          {frame.caller ? (
            <nav>
              {NAV.map((item) => (
                <a href={item.href} class={item.key === active ? 'active' : undefined}>
                  {t.nav[item.key]}
                </a>
              ))}
            </nav>
          ) : null}
          <div class="who">
            <LangSwitch frame={frame} />
            {frame.caller ? <SignedIn frame={frame} caller={frame.caller} /> : null}
          </div>
        </header>
        <main>
          <h1>{title}</h1>
          {children}
        </main>
        {scripts.map((src) => (
          <script src={src} defer />
        ))}
        <script src="/static/app.js" defer />
      </body>
    </html>
  );
};

const LangSwitch: FC<{ frame: Frame }> = ({ frame }) => (
  <nav class="lang" aria-label={COMMON_TEXT[frame.lang].language}>
    <a href={withLang(frame.path, 'id')} class={frame.lang === 'id' ? 'active' : undefined} hreflang="id">
      ID
    </a>
    {' | '}
    <a href={withLang(frame.path, 'en')} class={frame.lang === 'en' ? 'active' : undefined} hreflang="en">
      EN
    </a>
  </nav>
);

const SignedIn: FC<{ frame: Frame; caller: Caller }> = ({ frame, caller }) => {
  const t = COMMON_TEXT[frame.lang];
  return (
    <span class="signed-in">
      {t.signedInAs} <strong>{caller.name}</strong> ({t.roles[caller.scope.role]}
      {caller.scope.role === 'nasional' ? '' : ` ${formatOperatorScope(caller.scope).split(':')[1]}`})
      <PostForm frame={frame} action="/logout" class="inline">
        <button type="submit" class="link">
          {t.logout}
        </button>
      </PostForm>
    </span>
  );
};

/** Every form that changes something posts its CSRF token (security/csrf.ts). */
export const PostForm: FC<
  PropsWithChildren<{ frame: Frame; action: string; class?: string; id?: string }>
> = (props) => (
  <form method="post" action={props.action} class={props.class} id={props.id}>
    <input type="hidden" name="_csrf" value={props.frame.csrf} />
    {props.children}
  </form>
);

/** A table with a header row and an "empty" line when there are no rows. */
export function DataTable<T>(props: {
  lang: Lang;
  columns: string[];
  rows: T[];
  row: (item: T) => Child;
  id?: string;
}) {
  return (
    <table class="data" id={props.id}>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.length === 0 ? (
          <tr>
            <td colspan={props.columns.length} class="empty">
              {COMMON_TEXT[props.lang].table.empty}
            </td>
          </tr>
        ) : (
          props.rows.map(props.row)
        )}
      </tbody>
    </table>
  );
}

/**
 * Data for app.js, in a block the browser does not execute; `<` is escaped so it cannot close it.
 * With `chart`, the data is a Chart.js config ({type, data, options}) that app.js draws on the
 * canvas of that id (and marks it `data-rendered`).
 */
export function JsonData(props: { id: string; data: unknown; chart?: string }) {
  const json = JSON.stringify(props.data).replace(/</g, '\\u003c');
  return (
    <script
      type="application/json"
      id={props.id}
      data-chart={props.chart}
      dangerouslySetInnerHTML={{ __html: json }}
    />
  );
}

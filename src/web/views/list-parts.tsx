// Small pieces the console's lists share: a status badge and previous / next links.
import type { FC } from 'hono/jsx';
import { COMMON_TEXT } from '../text/common-text.js';
import type { Lang } from '../web-types.js';

export const Badge: FC<{ status: string; label: string }> = ({ status, label }) => (
  <span class={`badge ${status}`} data-status={status}>
    {label}
  </span>
);

/** Previous / next links of a paged list (`?page=N`, counted from 1). */
export const Pager: FC<{ lang: Lang; path: string; page: number; pages: number }> = (props) => {
  if (props.pages <= 1) return null;
  const t = COMMON_TEXT[props.lang].table;
  const link = (n: number) => `${props.path}?page=${n}`;
  return (
    <nav class="pager" data-page={String(props.page)} data-pages={String(props.pages)}>
      {props.page > 1 ? (
        <a href={link(props.page - 1)} rel="prev">
          {t.previous}
        </a>
      ) : null}{' '}
      <span class="muted">
        {props.page} / {props.pages}
      </span>{' '}
      {props.page < props.pages ? (
        <a href={link(props.page + 1)} rel="next">
          {t.next}
        </a>
      ) : null}
    </nav>
  );
};

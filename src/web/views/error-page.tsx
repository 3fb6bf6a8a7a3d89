import type { ErrorCode } from '../../errors.js';
import { COMMON_TEXT } from '../text/common-text.js';
import { type Frame, Layout } from './layout.js';

export function ErrorPage(props: { frame: Frame; code: ErrorCode | 'csrf'; detail?: string }) {
  const t = COMMON_TEXT[props.frame.lang].errors;
  return (
    <Layout frame={props.frame} title={t.title}>
      <p class="error" id="error-message" data-code={props.code}>
        {t[props.code]}
      </p>
      {props.detail ? <p class="detail">{props.detail}</p> : null}
      <p>
        <a href={props.frame.caller ? '/' : '/cek-akun'}>{t.back}</a>
      </p>
    </Layout>
  );
}

import { COMMON_TEXT } from '../text/common-text.js';
import { type Frame, Layout, PostForm } from './layout.js';

export function LoginPage(props: {
  frame: Frame;
  next: string;
  error?: 'failed' | 'throttled';
  login?: string;
}) {
  const t = COMMON_TEXT[props.frame.lang].login;
  return (
    <Layout frame={props.frame} title={t.title}>
      {props.error ? (
        <p class="error" id="login-error">
          {t[props.error]}
        </p>
      ) : null}
      <PostForm frame={props.frame} action="/login" class="stacked" id="login-form">
        <input type="hidden" name="next" value={props.next} />
        <label>
          {t.login}
          <input name="login" autocomplete="username" required value={props.login ?? ''} />
        </label>
        <label>
          {t.password}
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit">{t.submit}</button>
      </PostForm>
    </Layout>
  );
}

import { Button } from '../components/Button';

interface LoginViewProps {
  platformName: 'zzd' | 'dingtalk' | 'local';
  busy: boolean;
  error: string | null;
  onLogin: () => void;
}

/**
 * Shown until a session exists. In 浙政钉 / DingTalk the login runs by itself (免登) and this only
 * shows progress or the error; in the browser the user starts the demo login.
 */
export function LoginView(props: LoginViewProps) {
  const local = props.platformName === 'local';
  return (
    <div class="lb-login" data-testid="login">
      <div class="lb-login__brand">联办</div>
      <div class="lb-login__sub">一件事 · 一次办</div>
      {props.busy ? (
        <div class="lb-login__status" data-testid="login-busy">
          正在登录…
        </div>
      ) : null}
      {props.error ? (
        <div class="lb-login__error" role="alert" data-testid="login-error">
          {props.error}
        </div>
      ) : null}
      {!props.busy && (local || props.error) ? (
        <Button kind="primary" block testid="login-button" onClick={props.onLogin}>
          {local ? '选择演示账号登录' : '重新登录'}
        </Button>
      ) : null}
      {local ? <div class="lb-login__hint">本地开发环境 · 演示账号由本地浙政钉网关签发免登码</div> : null}
    </div>
  );
}

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createApi, ApiError } from '../api';
import type { AppConfig, Platform } from '../platform/types';
import { clearDrafts } from '../lib/draft';
import { clearSession, getSession, getToken, saveSession, type Staff } from '../session';
import { Loading } from '../components/State';
import { LoginView } from '../shell/LoginView';
import { Shell } from '../shell/Shell';
import '../pages';
import { AppContext, type AppServices } from './context';
import { fetchMe, login } from './login';

type Phase = { kind: 'starting' } | { kind: 'login'; busy: boolean; error: string | null } | { kind: 'in'; staff: Staff };

function messageOf(e: unknown): string {
  return e instanceof Error && e.message ? e.message : '登录失败，请重试';
}

/**
 * Start-up and login: wait for the container, reuse a stored session if `/api/me` accepts it,
 * otherwise log in — by itself inside 浙政钉 / DingTalk, on the user's click in the browser.
 * A 401 from any API call clears the session and comes back here.
 */
export function App(props: { platform: Platform; config: AppConfig }) {
  const { platform, config } = props;
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const loggingIn = useRef(false);

  const api = useMemo(
    () =>
      createApi({
        base: config.apiBase,
        getToken,
        onUnauthorized: (error) => {
          clearSession();
          setPhase({ kind: 'login', busy: false, error: error.message });
        },
      }),
    [config.apiBase],
  );

  const runLogin = () => {
    if (loggingIn.current) return;
    loggingIn.current = true;
    setPhase({ kind: 'login', busy: true, error: null });
    login(platform, api).then(
      (session) => {
        loggingIn.current = false;
        setPhase({ kind: 'in', staff: session.staff });
      },
      (e) => {
        loggingIn.current = false;
        clearSession();
        setPhase({ kind: 'login', busy: false, error: e instanceof ApiError || e instanceof Error ? messageOf(e) : '登录失败，请重试' });
      },
    );
  };

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        await platform.ready();
      } catch (e) {
        if (live) setPhase({ kind: 'login', busy: false, error: messageOf(e) });
        return;
      }
      const stored = getSession();
      if (stored) {
        try {
          const staff = await fetchMe(api);
          saveSession({ token: stored.token, staff });
          if (live) setPhase({ kind: 'in', staff });
          return;
        } catch (e) {
          // 401 already cleared the session; any other failure: log in afresh
          if (!(e instanceof ApiError && e.status === 401)) clearSession();
        }
      }
      if (!live) return;
      if (platform.name === 'local') setPhase({ kind: 'login', busy: false, error: null });
      else runLogin();
    })();
    return () => {
      live = false;
    };
  }, []);

  if (phase.kind === 'starting') return <Loading text="正在启动…" />;
  if (phase.kind === 'login') return <LoginView platformName={platform.name} busy={phase.busy} error={phase.error} onLogin={runLogin} />;

  const services: AppServices = {
    api,
    platform,
    staff: phase.staff,
    logout: () => {
      // The server revokes the token for every instance (POST /api/logout); here the session goes at once,
      // whatever the server answers (the request has already read the token).
      api.post('/api/logout').catch(() => undefined);
      clearSession();
      clearDrafts();
      setPhase({ kind: 'login', busy: false, error: null });
    },
  };
  return (
    <AppContext.Provider value={services}>
      <Shell />
    </AppContext.Provider>
  );
}

import './styles.css';
import { Api } from './api';
import { App } from './app';
import { Auth } from './auth';
import { loadConfig } from './config';
import { useResizeSizes } from './renditions';
import { h, stateBlock } from './dom';
import { CookieSession, SessionError } from './session';
import { SignInView } from './views/signin';
import { SharedView } from './views/shared';
import { shareId } from './urls';

const root = document.getElementById('app')!;

async function boot(): Promise<void> {
  root.replaceChildren(stateBlock('loading', 'Opening the family photos…'));
  let config;
  try {
    config = await loadConfig();
  } catch (err) {
    root.replaceChildren(
      h('main.content', {}, stateBlock('error', 'The gallery is not set up right', `${(err as Error).message}. Tell the family admin.`, { label: 'Reload', run: () => location.reload() })),
    );
    return;
  }
  useResizeSizes(config.resizeSizes);
  // A share link opens one album with no account and no sign-in.
  const share = shareId(location.hash);
  if (share) {
    await new SharedView(root, config, share).mount();
    return;
  }
  const auth = new Auth(config);
  let app: App | null = null;
  const session = new CookieSession({
    path: config.sessionPath,
    accessToken: () => auth.accessToken(),
    onLost: () => app?.lost(),
  });
  const api = new Api(config.apiBase, () => auth.accessToken());

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') session.renewIfDue();
  });
  window.addEventListener('online', () => session.renewIfDue());

  const signIn = (notice?: string) => {
    app = null;
    new SignInView(auth, enter, notice).mount(root);
  };

  async function enter(): Promise<void> {
    root.replaceChildren(stateBlock('loading', 'Opening the family photos…'));
    try {
      await session.start();
    } catch (err) {
      if ((err as Error).name === 'AuthLost') return signIn((err as Error).message);
      if (err instanceof SessionError && (err.status === 401 || err.status === 403)) {
        // The signer refused a token Cognito still had in this browser: the account was disabled,
        // removed or signed out everywhere. Forget it here and ask for a sign-in.
        await auth.signOut().catch(() => undefined);
        return signIn('Your sign-in has ended. Sign in again to keep looking.');
      }
      root.replaceChildren(
        h('main.content', {}, stateBlock('error', 'Could not open the photos', `${(err as Error).message}. Check your connection and try again.`, { label: 'Try again', run: () => enter() })),
      );
      return;
    }
    app = new App(root, api, auth, session, signIn);
    await app.mount();
  }

  if (await auth.session()) await enter();
  else signIn();
}

boot();

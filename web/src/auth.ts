import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  CognitoUserSession,
} from 'amazon-cognito-identity-js';
import type { GalleryConfig } from './config';

/** What signing in led to. */
export type SignInResult =
  | { kind: 'signedIn' }
  | { kind: 'newPasswordRequired'; requiredAttributes: string[]; complete: (password: string, attributes: Record<string, string>) => Promise<SignInResult> };

/** The refresh token is gone or refused: the user must sign in again. */
export class AuthLost extends Error {
  override name = 'AuthLost';
}

/** A Cognito error turned into a sentence for the person at the keyboard. */
export function describeAuthError(err: unknown, during: 'signIn' | 'newPassword' | 'reset' = 'signIn'): string {
  const e = err as { code?: string; name?: string; message?: string } | null;
  let code = e?.code ?? e?.name ?? '';
  // The local emulator answers a wrong sign-in password with InvalidPasswordException; AWS says NotAuthorized.
  if (during === 'signIn' && code === 'InvalidPasswordException') code = 'NotAuthorizedException';
  const msg = e?.message ?? '';
  if (/temporary password has expired/i.test(msg)) {
    return 'Your invitation has expired. Ask the person who invited you to send a new one.';
  }
  switch (code) {
    case 'NotAuthorizedException':
      if (/disabled/i.test(msg)) return 'This account is disabled. Ask the family admin to enable it.';
      if (/attempts exceeded/i.test(msg)) return 'Too many attempts. Wait a few minutes, then try again.';
      return 'That email or password is not right. Check them and try again, or reset your password.';
    case 'UserNotFoundException':
      return 'That email or password is not right. Check them and try again, or reset your password.';
    case 'PasswordResetRequiredException':
      return 'Your password has to be reset. Use "Forgot password" to get a code.';
    case 'UserNotConfirmedException':
      return 'This account is not confirmed yet. Ask the family admin.';
    case 'InvalidPasswordException':
      return `That password is not allowed: ${msg.replace(/^Password does not conform to policy: /, '') || 'choose a longer one'}.`;
    case 'CodeMismatchException':
      return 'That code is not right. Check the email and try again.';
    case 'ExpiredCodeException':
      return 'That code has expired. Ask for a new one.';
    case 'LimitExceededException':
    case 'TooManyRequestsException':
    case 'TooManyFailedAttemptsException':
      return 'Too many attempts. Wait a few minutes, then try again.';
    case 'InvalidParameterException':
      return msg || 'Something in the form is not right.';
  }
  if (/network/i.test(msg) || err instanceof TypeError) return 'Cannot reach the sign-in service. Check your connection and try again.';
  return msg || 'Sign-in failed. Try again.';
}

/** Cognito through amazon-cognito-identity-js; the library keeps tokens in localStorage, so a reload stays signed in. */
export class Auth {
  private readonly pool: CognitoUserPool;

  constructor(private readonly config: GalleryConfig) {
    this.pool = new CognitoUserPool({
      UserPoolId: config.userPoolId,
      ClientId: config.clientId,
      endpoint: config.cognitoEndpoint ? new URL(config.cognitoEndpoint, location.href).toString() : undefined,
    });
  }

  private user(username: string): CognitoUser {
    const user = new CognitoUser({ Username: username, Pool: this.pool });
    // SRP in AWS; USER_PASSWORD_AUTH against the local emulator, which does not do SRP.
    user.setAuthenticationFlowType(this.config.authFlow);
    return user;
  }

  signIn(username: string, password: string): Promise<SignInResult> {
    const user = this.user(username.trim());
    const details = new AuthenticationDetails({ Username: username.trim(), Password: password });
    return new Promise((resolve, reject) => {
      user.authenticateUser(details, {
        onSuccess: () => resolve({ kind: 'signedIn' }),
        onFailure: reject,
        newPasswordRequired: (userAttributes: Record<string, string> | undefined, requiredAttributes: string[] | undefined) => {
          const required = (requiredAttributes ?? []).map((a) => a.replace(/^userAttributes\./, ''));
          // The gallery greets people by name: ask for it at first login when the invitation did not set one.
          if (!userAttributes?.name && !required.includes('name')) required.unshift('name');
          resolve({
            kind: 'newPasswordRequired',
            requiredAttributes: required,
            complete: (newPassword, attributes) =>
              new Promise((ok, fail) => {
                user.completeNewPasswordChallenge(newPassword, attributes, {
                  onSuccess: () => {
                    // The local emulator ignores attributes sent with the challenge; setting them again
                    // is harmless in AWS and makes the name stick there too.
                    const list = Object.entries(attributes).map(([Name, Value]) => new CognitoUserAttribute({ Name, Value }));
                    if (list.length) user.updateAttributes(list, () => ok({ kind: 'signedIn' }));
                    else ok({ kind: 'signedIn' });
                  },
                  onFailure: fail,
                });
              }),
          });
        },
      });
    });
  }

  forgotPassword(username: string): Promise<string | undefined> {
    const user = this.user(username.trim());
    return new Promise((resolve, reject) => {
      user.forgotPassword({
        onSuccess: () => resolve(undefined),
        onFailure: reject,
        inputVerificationCode: (data: { CodeDeliveryDetails?: { Destination?: string } } | undefined) =>
          resolve(data?.CodeDeliveryDetails?.Destination),
      });
    });
  }

  confirmPassword(username: string, code: string, newPassword: string): Promise<void> {
    const user = this.user(username.trim());
    return new Promise((resolve, reject) => {
      user.confirmPassword(code.trim(), newPassword, { onSuccess: () => resolve(), onFailure: reject });
    });
  }

  /** The current session, refreshed with the refresh token when the access token has expired. */
  session(): Promise<CognitoUserSession | null> {
    const user = this.pool.getCurrentUser();
    if (!user) return Promise.resolve(null);
    return new Promise((resolve) => {
      user.getSession((err: Error | null, session: CognitoUserSession | null) => {
        resolve(err || !session || !session.isValid() ? null : session);
      });
    });
  }

  /**
   * An access token valid for at least `minValidityMs` more. The signer caps the cookies' lifetime
   * at the token's expiry, so renewing cookies with a nearly expired token would only buy minutes:
   * refresh the token first.
   */
  async accessToken(minValidityMs = 5 * 60 * 1000): Promise<string> {
    const user = this.pool.getCurrentUser();
    const session = await this.session();
    if (!user || !session) throw new AuthLost('You have been signed out. Sign in again to keep looking.');
    const token = session.getAccessToken();
    if (token.getExpiration() * 1000 - Date.now() >= minValidityMs) return token.getJwtToken();
    try {
      const fresh = await new Promise<CognitoUserSession>((resolve, reject) =>
        user.refreshSession(session.getRefreshToken(), (err: Error | null, s: CognitoUserSession) => (err ? reject(err) : resolve(s))),
      );
      return fresh.getAccessToken().getJwtToken();
    } catch (err) {
      if ((err as { code?: string }).code === 'NotAuthorizedException') {
        throw new AuthLost('Your sign-in has expired. Sign in again to keep looking.');
      }
      // Offline for a moment: the current token is still valid, use it.
      return token.getJwtToken();
    }
  }

  /** Name and email from the ID token, for the header when the API has no name. */
  async profile(): Promise<{ name?: string; email?: string }> {
    const s = await this.session();
    const p = s?.getIdToken().decodePayload() ?? {};
    return { name: typeof p.name === 'string' ? p.name : undefined, email: typeof p.email === 'string' ? p.email : undefined };
  }

  /** Forgets the tokens here and, where Cognito supports it, revokes the refresh token. */
  async signOut(): Promise<void> {
    const user = this.pool.getCurrentUser();
    if (!user) return;
    await new Promise<void>((resolve) => {
      try {
        user.signOut(() => resolve());
      } catch {
        resolve();
      }
    });
    // If revocation failed (e.g. offline), signOut with a callback left the tokens; drop them regardless.
    user.signOut();
  }
}

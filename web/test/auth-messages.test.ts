import { describe, expect, it } from 'vitest';
import { describeAuthError } from '../src/auth';

const cognitoError = (code: string, message: string) => Object.assign(new Error(message), { code, name: code });

describe('describeAuthError', () => {
  it('tells an invited user whose temporary password expired to ask for a new invitation', () => {
    const err = cognitoError('NotAuthorizedException', 'Temporary password has expired and must be reset by an administrator.');
    expect(describeAuthError(err)).toMatch(/invitation has expired/);
  });
  it('says a wrong password is wrong, as AWS and as the local emulator report it', () => {
    expect(describeAuthError(cognitoError('NotAuthorizedException', 'Incorrect username or password.'))).toMatch(/email or password is not right/);
    expect(describeAuthError(cognitoError('InvalidPasswordException', 'Invalid password'), 'signIn')).toMatch(/email or password is not right/);
    expect(describeAuthError(cognitoError('UserNotFoundException', 'User does not exist.'))).toMatch(/email or password is not right/);
  });
  it('explains a new password the pool refuses', () => {
    const err = cognitoError('InvalidPasswordException', 'Password does not conform to policy: Password must have uppercase characters');
    expect(describeAuthError(err, 'newPassword')).toBe('That password is not allowed: Password must have uppercase characters.');
  });
  it('handles reset codes and throttling', () => {
    expect(describeAuthError(cognitoError('CodeMismatchException', 'Invalid code'), 'reset')).toMatch(/code is not right/);
    expect(describeAuthError(cognitoError('ExpiredCodeException', 'expired'), 'reset')).toMatch(/code has expired/);
    expect(describeAuthError(cognitoError('LimitExceededException', 'Attempt limit exceeded'))).toMatch(/Too many attempts/);
  });
  it('points at the connection when the service cannot be reached', () => {
    expect(describeAuthError(new Error('Network error'))).toMatch(/Cannot reach the sign-in service/);
  });
});

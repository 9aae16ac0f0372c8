import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config';

const local = { region: 'local', userPoolId: 'local_abc123', clientId: 'client1', cognitoEndpoint: '/cognito/', authFlow: 'USER_PASSWORD_AUTH', sizes: [1280, 256, 640] };

describe('parseConfig', () => {
  it('reads the local stack settings, sizes ascending, signer at /session by default', () => {
    expect(parseConfig(local)).toEqual({ ...local, sizes: [256, 640, 1280], resizeSizes: [], sessionPath: '/session', apiBase: '/api' });
  });
  it('takes the signer path and API base from the file when given', () => {
    expect(parseConfig({ ...local, sessionPath: '/auth/session', apiBase: '/v2/api/' })).toMatchObject({ sessionPath: '/auth/session', apiBase: '/v2/api' });
  });
  it('defaults to SRP, the AWS Cognito endpoint and the preset sizes', () => {
    const c = parseConfig({ userPoolId: 'eu-west-1_AbC', clientId: 'x' });
    expect(c).toMatchObject({ region: 'eu-west-1', authFlow: 'USER_SRP_AUTH', cognitoEndpoint: undefined, sizes: [256, 320, 400, 512, 640, 800, 1280, 1920, 2560] });
  });
  it('reads the resizer\'s sizes, ascending', () => {
    expect(parseConfig({ ...local, resizeSizes: [1024, 16, 936] }).resizeSizes).toEqual([16, 936, 1024]);
    expect(() => parseConfig({ ...local, resizeSizes: [1.5] })).toThrow('"resizeSizes" should be a list of positive integers');
  });
  it('names the field that is wrong', () => {
    expect(() => parseConfig({ clientId: 'x' })).toThrow('"userPoolId" is missing');
    expect(() => parseConfig({ ...local, userPoolId: 'nope' })).toThrow('"userPoolId" should look like <region>_<id>, found "nope"');
    expect(() => parseConfig({ ...local, authFlow: 'CUSTOM_AUTH' })).toThrow('"authFlow" should be USER_PASSWORD_AUTH or USER_SRP_AUTH, found "CUSTOM_AUTH"');
    expect(() => parseConfig({ ...local, sizes: [0, 'x'] })).toThrow('"sizes" should be a non-empty list of positive integers');
    expect(() => parseConfig({ ...local, clientId: 42 })).toThrow('"clientId" should be a string, found number');
    expect(() => parseConfig('nope')).toThrow('expected a JSON object');
  });
});

/** Deploy-time settings the edge serves at /config.json (see docs/architecture.md). */
export interface GalleryConfig {
  region: string;
  userPoolId: string;
  clientId: string;
  /** Local stack only: the edge proxies this path to the Cognito emulator. Absent in AWS. */
  cognitoEndpoint?: string;
  authFlow: 'USER_PASSWORD_AUTH' | 'USER_SRP_AUTH';
  /** Longest-edge sizes of the rendition preset, ascending. */
  sizes: number[];
  /**
   * The on-demand resizer's output sizes (gallery.resize.SizeLadder, ascending), so the viewer asks for the canonical
   * URL at once; empty when absent, and then the resizer redirects to it (one more round trip).
   */
  resizeSizes: number[];
  /** Where the signer lives; POST issues signed cookies, DELETE clears them. Default /session (docs/architecture.md, Routes). */
  sessionPath: string;
  /** Prefix of the gallery API. */
  apiBase: string;
}

export class ConfigError extends Error {}

// core/preset/Presets.DEFAULT, which /config.json carries; this is only the fallback.
const DEFAULT_SIZES = [256, 320, 400, 512, 640, 800, 1280, 1920, 2560];

/** Checks /config.json once, at start-up, and names the field that is wrong. */
export function parseConfig(raw: unknown): GalleryConfig {
  if (typeof raw !== 'object' || raw === null) throw new ConfigError('/config.json: expected a JSON object');
  const o = raw as Record<string, unknown>;
  const str = (name: string, required: boolean): string | undefined => {
    const v = o[name];
    if (v === undefined || v === null || v === '') {
      if (required) throw new ConfigError(`/config.json: "${name}" is missing`);
      return undefined;
    }
    if (typeof v !== 'string') throw new ConfigError(`/config.json: "${name}" should be a string, found ${typeof v}`);
    return v;
  };
  const userPoolId = str('userPoolId', true)!;
  if (!/^[\w-]+_[0-9a-zA-Z]+$/.test(userPoolId)) {
    throw new ConfigError(`/config.json: "userPoolId" should look like <region>_<id>, found "${userPoolId}"`);
  }
  const authFlow = str('authFlow', false) ?? 'USER_SRP_AUTH';
  if (authFlow !== 'USER_PASSWORD_AUTH' && authFlow !== 'USER_SRP_AUTH') {
    throw new ConfigError(`/config.json: "authFlow" should be USER_PASSWORD_AUTH or USER_SRP_AUTH, found "${authFlow}"`);
  }
  let sizes = DEFAULT_SIZES;
  if (o.sizes !== undefined) {
    if (!Array.isArray(o.sizes) || o.sizes.length === 0 || !o.sizes.every((s) => Number.isInteger(s) && s > 0)) {
      throw new ConfigError(`/config.json: "sizes" should be a non-empty list of positive integers, found ${JSON.stringify(o.sizes)}`);
    }
    sizes = [...(o.sizes as number[])].sort((a, b) => a - b);
  }
  let resizeSizes: number[] = [];
  if (o.resizeSizes !== undefined) {
    if (!Array.isArray(o.resizeSizes) || !o.resizeSizes.every((s) => Number.isInteger(s) && s > 0)) {
      throw new ConfigError(`/config.json: "resizeSizes" should be a list of positive integers, found ${JSON.stringify(o.resizeSizes)}`);
    }
    resizeSizes = [...(o.resizeSizes as number[])].sort((a, b) => a - b);
  }
  return {
    region: str('region', false) ?? userPoolId.split('_')[0],
    userPoolId,
    clientId: str('clientId', true)!,
    cognitoEndpoint: str('cognitoEndpoint', false),
    authFlow,
    sizes,
    resizeSizes,
    sessionPath: str('sessionPath', false) ?? '/session',
    apiBase: (str('apiBase', false) ?? '/api').replace(/\/+$/, ''),
  };
}

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<GalleryConfig> {
  const res = await fetchImpl('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new ConfigError(`/config.json answered ${res.status}`);
  return parseConfig(await res.json());
}

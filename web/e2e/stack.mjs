// The local stack for the browser tests: started from local/target/local.jar (or an already running
// one named by E2E_ENDPOINTS=<path to endpoints.json>), on free ports, stopped by PID afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const JAR = process.env.E2E_LOCAL_JAR ?? join(root, 'local/target/local.jar');

export function javaBinary() {
  const candidates = [process.env.JAVA_HOME && join(process.env.JAVA_HOME, 'bin/java'), '/usr/lib/jvm/temurin-25-jdk-amd64/bin/java', 'java'];
  for (const c of candidates.filter(Boolean)) {
    const r = spawnSync(c, ['-XshowSettings:properties', '-version'], { encoding: 'utf8' });
    const m = /java\.specification\.version = (\d+)/.exec(r.stderr ?? '');
    if (m && Number(m[1]) >= 21) return c;
  }
  throw new Error('the local stack needs Java 21 or newer: set JAVA_HOME');
}

/** The jar's usage: which `--*-port` options to give 0 (a free port), and which other options it takes. */
function options(java) {
  const r = spawnSync(java, ['--enable-native-access=ALL-UNNAMED', '-jar', JAR, '--help'], { encoding: 'utf8', timeout: 60_000 });
  const usage = `${r.stdout}\n${r.stderr}`;
  const has = (o) => new RegExp(`${o}\\b`).test(usage);
  return { ports: [...new Set(usage.match(/--[a-z0-9-]+-port\b/g) ?? [])], web: has('--web'), tools: has('--tools'), noPhotos: has('--no-photos') };
}

export async function startStack() {
  if (process.env.E2E_ENDPOINTS) {
    return { deployment: JSON.parse(readFileSync(process.env.E2E_ENDPOINTS, 'utf8')), stop: async () => undefined, log: () => '' };
  }
  if (!existsSync(JAR)) {
    throw new Error(`${JAR} is missing: build the local stack first (mvn -B -q install -DskipTests), or point E2E_ENDPOINTS at a running stack's endpoints.json`);
  }
  const java = javaBinary();
  const { ports, web, tools, noPhotos } = options(java);
  const data = mkdtempSync(join(tmpdir(), 'gallery-e2e-'));
  const args = ['--enable-native-access=ALL-UNNAMED', '-jar', JAR, '--data', data, ...ports.flatMap((p) => [p, '0'])];
  // The edge serves the UI we just built; the test uploads its own photos, so no samples.
  if (web) args.push('--web', join(root, 'web/dist'));
  if (tools) args.push('--tools', join(root, 'tools'));
  if (noPhotos) args.push('--no-photos');
  const proc = spawn(java, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  let exited = null;
  proc.on('exit', (code) => (exited = code));
  const stop = async () => {
    if (exited === null) {
      proc.kill('SIGTERM');
      await Promise.race([new Promise((r) => proc.once('exit', r)), new Promise((r) => setTimeout(r, 20_000))]);
      if (exited === null) proc.kill('SIGKILL');
    }
    rmSync(data, { recursive: true, force: true });
  };
  const file = join(data, 'endpoints.json');
  const deadline = Date.now() + 240_000;
  let deployment = null;
  let lastSeen = 'no endpoints.json';
  while (!deployment) {
    if (exited !== null) {
      rmSync(data, { recursive: true, force: true });
      throw new Error(`the local stack exited with ${exited}:\n${log.slice(-4000)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the local stack did not list the edge and Cognito in ${file} within 4 minutes (last: ${lastSeen}):\n${log.slice(-4000)}`);
    }
    if (existsSync(file)) {
      try {
        const d = JSON.parse(readFileSync(file, 'utf8'));
        // The stack rewrites the file as parts come up; the edge and Cognito are what the browser needs.
        if (d.endpoints?.edge && d.endpoints?.cognito) deployment = d;
        else lastSeen = JSON.stringify(d.endpoints);
      } catch {
        // Half-written; read again.
      }
    }
    if (!deployment) await new Promise((r) => setTimeout(r, 500));
  }
  return { deployment, stop, log: () => log };
}

/** Upload a file into the originals bucket with the AWS CLI, as any backup tool would. */
export function uploadToS3(deployment, file, key) {
  const r = spawnSync('aws', ['--endpoint-url', deployment.endpoints.s3, 's3', 'cp', file, `s3://${deployment.originalsBucket}/${key}`], {
    encoding: 'utf8',
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: deployment.accessKeyId ?? 'local',
      AWS_SECRET_ACCESS_KEY: deployment.secretAccessKey ?? 'local',
      AWS_DEFAULT_REGION: deployment.region,
    },
  });
  if (r.status !== 0) throw new Error(`aws s3 cp ${file} → ${key} failed: ${r.stderr || r.error}`);
}

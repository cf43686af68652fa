// A self-signed loopback certificate for the emulator's HTTPS listener, made once per process.
// Node only trusts it where told to: `ca`/tlsOptions in process, NODE_EXTRA_CA_CERTS in children.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
}

const cache = new Map<string, TestCertificate>();
let processTempDir: string | undefined;

export interface CertificateOptions {
  dir?: string;
  /** Extra DNS SANs (wildcards allowed), e.g. management.azure.com for a CONNECT-proxy setup. */
  dnsNames?: readonly string[];
}

/**
 * openssl, self-signed, SANs DNS:localhost, IP:127.0.0.1, IP:::1 plus any `dnsNames`; made once per
 * directory and name set.
 */
export function makeTestCertificate(dirOrOptions?: string | CertificateOptions): TestCertificate {
  const options = typeof dirOrOptions === 'string' ? { dir: dirOrOptions } : (dirOrOptions ?? {});
  const targetDir = options.dir ?? defaultDir();
  const dnsNames = [...new Set(options.dnsNames ?? [])].sort();
  const cacheKey = JSON.stringify([targetDir, dnsNames]);
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  mkdirSync(targetDir, { recursive: true });
  // The plain certificate keeps its historical file names; others get a suffix per name set.
  const suffix = dnsNames.length ? `-${createHash('sha256').update(dnsNames.join(',')).digest('hex').slice(0, 12)}` : '';
  const certPath = join(targetDir, `emulator-cert${suffix}.pem`);
  const keyPath = join(targetDir, `emulator-key${suffix}.pem`);
  const sans = ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1', ...dnsNames.map((name) => `DNS:${name}`)].join(',');
  // EC P-256 keeps generation to a few milliseconds; the SANs are what Node checks, not the CN.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      `subjectAltName=${sans}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 },
  );
  const made = { certPath, keyPath, cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  cache.set(cacheKey, made);
  return made;
}

function defaultDir(): string {
  if (!processTempDir) {
    const created = mkdtempSync(join(tmpdir(), 'azops-emulator-cert-'));
    processTempDir = created;
    process.once('exit', () => rmSync(created, { recursive: true, force: true }));
  }
  return processTempDir;
}

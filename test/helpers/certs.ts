// A self-signed loopback certificate for the emulator's HTTPS listener, made once per process.
// Node only trusts it where told to: `ca`/tlsOptions in process, NODE_EXTRA_CA_CERTS in children.
import { execFileSync } from 'node:child_process';
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

/** openssl, self-signed, SANs DNS:localhost, IP:127.0.0.1, IP:::1. */
export function makeTestCertificate(dir?: string): TestCertificate {
  const targetDir = dir ?? defaultDir();
  const cached = cache.get(targetDir);
  if (cached) return cached;
  mkdirSync(targetDir, { recursive: true });
  const certPath = join(targetDir, 'emulator-cert.pem');
  const keyPath = join(targetDir, 'emulator-key.pem');
  // EC P-256 keeps generation to a few milliseconds; the SANs are what Node checks, not the CN.
  execFileSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 },
  );
  const made = { certPath, keyPath, cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  cache.set(targetDir, made);
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

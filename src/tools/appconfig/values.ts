import { z } from 'zod';
import type { ConfigurationSetting } from '@azure/app-configuration';

// How a key-value's value is shown: Key Vault references as the secret's URI (never resolved), feature flags by
// their state, and anything that looks secret masked unless the caller asked to reveal it.

const KEY_VAULT_REFERENCE = 'application/vnd.microsoft.appconfig.keyvaultref+json';
const FEATURE_FLAG = 'application/vnd.microsoft.appconfig.ff+json';

/** Keys whose values are secrets by their name: *password*, *secret*, *key*, tokens, credentials, connection strings. */
const SECRET_KEY = /pass(word|wd)|pwd|secret|key|token|credential|conn(ection)?[\s._-]?str(ing)?|signature/i;

/** Values that are secrets by their shape, whatever the key: connection strings, SAS, credentials in URLs, keys, JWTs. */
const SECRET_VALUE = [
  /(^|[;,\s])\s*(AccountKey|SharedAccessKey|SharedAccessSignature|AccessKey|Secret|ClientSecret|Password|Pwd)\s*=/i,
  /[?&]sig=[^&\s]+/i,
  /:\/\/[^/\s:@]+:[^/\s@]+@/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./,
];

export const keyLooksSecret = (key: string): boolean => SECRET_KEY.test(key);
export const valueLooksSecret = (value: string | undefined | null): boolean => !!value && SECRET_VALUE.some((p) => p.test(value));

const isType = (contentType: string | undefined, type: string): boolean => (contentType ?? '').toLowerCase().startsWith(type);

export const valueKinds = ['plain', 'secret', 'keyVaultReference', 'featureFlag'] as const;

export const shownValue = {
  kind: z
    .enum(valueKinds)
    .describe('plain; secret (looks secret: masked unless reveal=true); keyVaultReference (value is the secret URI); featureFlag.'),
  value: z.string().nullable().describe('The value as shown: null when masked; cut to one line in lists.'),
  masked: z.boolean().describe('True when the value looks secret and was not revealed.'),
  truncated: z.boolean().describe('True when only the first line or 100 characters are shown.'),
  keyVaultSecretUri: z.string().nullable().describe('For a Key Vault reference: the secret it points to (never resolved).'),
  featureFlagEnabled: z.boolean().nullable().describe('For a feature flag: whether it is on.'),
};

export type ShownValue = { [K in keyof typeof shownValue]: z.infer<(typeof shownValue)[K]> };

/** One line of at most 100 characters, as lists show values. */
function oneLine(value: string): { text: string; cut: boolean } {
  const first = value.split(/\r?\n/, 1)[0] ?? '';
  const text = first.length > 100 ? `${first.slice(0, 100)}…` : first;
  return { text, cut: text !== value };
}

function parseJson(value: string | undefined): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(value ?? '');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function showValue(
  setting: Pick<ConfigurationSetting, 'key' | 'value' | 'contentType'>,
  options: { reveal: boolean; cut: boolean },
) {
  const raw = setting.value ?? null;
  const none = { keyVaultSecretUri: null, featureFlagEnabled: null };
  if (isType(setting.contentType, KEY_VAULT_REFERENCE)) {
    const uri = parseJson(raw ?? undefined)?.['uri'];
    const reference = typeof uri === 'string' ? uri : null;
    return { kind: 'keyVaultReference', value: reference, masked: false, truncated: false, ...none, keyVaultSecretUri: reference } as const;
  }
  if (isType(setting.contentType, FEATURE_FLAG)) {
    const enabled = parseJson(raw ?? undefined)?.['enabled'];
    const shown = raw !== null && options.cut ? oneLine(raw) : { text: raw, cut: false };
    return {
      kind: 'featureFlag',
      value: shown.text,
      masked: false,
      truncated: shown.cut,
      ...none,
      featureFlagEnabled: typeof enabled === 'boolean' ? enabled : null,
    } as const;
  }
  if (keyLooksSecret(setting.key) || valueLooksSecret(raw)) {
    if (!options.reveal || raw === null) return { kind: 'secret', value: null, masked: raw !== null, truncated: false, ...none } as const;
    const shown = options.cut ? oneLine(raw) : { text: raw, cut: false };
    return { kind: 'secret', value: shown.text, masked: false, truncated: shown.cut, ...none } as const;
  }
  const shown = raw !== null && options.cut ? oneLine(raw) : { text: raw, cut: false };
  return { kind: 'plain', value: shown.text, masked: false, truncated: shown.cut, ...none } as const;
}

/** The value for a line of text. */
export function valueText(shown: ShownValue): string {
  if (shown.kind === 'keyVaultReference') return `Key Vault reference → ${shown.keyVaultSecretUri ?? '(no secret URI)'} (not resolved)`;
  if (shown.masked) return '**** (looks secret; reveal=true shows it)';
  if (shown.kind === 'featureFlag' && shown.featureFlagEnabled !== null)
    return `feature flag ${shown.featureFlagEnabled ? 'on' : 'off'}: ${shown.value ?? ''}`;
  if (shown.value === null) return '(null)';
  return JSON.stringify(shown.value);
}

export const labelText = (label: string | null | undefined): string => (label ? `label '${label}'` : 'no label');

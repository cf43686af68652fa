import { z } from 'zod';
import type { AppConfigurationClient, ConfigurationSetting } from '@azure/app-configuration';
import { defineTool } from '../define.js';
import { UserFacingError } from '../../azure/errors.js';
import { optionalResourceGroupInput } from '../arm-common.js';
import { authOutput, authText, hasStatus, OWNER_ROLE, READER_ROLE, withKeyValues } from './data-plane.js';
import { encodeFilter, filterInput, keyInput, labelInput, revealInput, storeNameInput } from './inputs.js';
import { labelText, showValue, shownValue, valueText } from './values.js';

// Reading key-values: a bounded list with its own continuation, and one key-value in full.

export const KV_ROLE = `${READER_ROLE} or ${OWNER_ROLE} on the store (or Contributor, for the access-key fallback)`;
export const REVEAL_REASON = 'reveal=true shows values that look secret (connection strings, passwords, keys, tokens) in full.';

const storeField = z.string().describe('The store the key-values are in.');
const kvGroupInput = optionalResourceGroupInput.describe("The store's resource group; omit to find the store by name in the subscription.");

const kvRow = z.object({
  key: z.string(),
  label: z.string().nullable().describe('null: no label.'),
  contentType: z.string().nullable(),
  ...shownValue,
  locked: z.boolean().describe('Read-only: Azure refuses changes until it is unlocked.'),
  lastModified: z.string().nullable().describe('ISO 8601.'),
});
type KvRow = z.infer<typeof kvRow>;

function toRow(setting: ConfigurationSetting, reveal: boolean, cut: boolean): KvRow {
  return {
    key: setting.key,
    label: setting.label ?? null,
    contentType: setting.contentType ?? null,
    ...showValue(setting, { reveal, cut }),
    locked: setting.isReadOnly,
    lastModified: setting.lastModified ? setting.lastModified.toISOString() : null,
  };
}

/** A filter matching exactly this text: the service's filter syntax escapes '*', ',' and '\'. */
export const exactFilter = (text: string): string => text.replace(/[\\*,]/g, (c) => `\\${c}`);

/** Our continuation: Azure's page token plus how many items of that page were already shown, and the filters. */
interface Continuation {
  after: string | null;
  skip: number;
  key: string;
  label: string | null;
}

const encodeContinuation = (c: Continuation): string => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeContinuation(token: string, key: string, label: string | null): Continuation {
  let parsed: Partial<Continuation> | undefined;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Continuation>;
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed.skip !== 'number' || !(parsed.after === null || typeof parsed.after === 'string'))
    throw new UserFacingError('continuation is not one appconfig_kv_list gave; call it without continuation to start again.');
  if (parsed.key !== key || parsed.label !== label)
    throw new UserFacingError(
      `continuation belongs to a listing with key_filter='${parsed.key}' and label_filter='${parsed.label ?? ''}'; give the same filters, or leave continuation out to start again.`,
    );
  return { after: parsed.after, skip: Math.max(0, Math.floor(parsed.skip)), key, label };
}

/** Pages one call reads at most: Azure's pages hold up to 100 key-values, so 1,000 rows take about 10. */
const MAX_PAGES = 50;

async function readPages(client: AppConfigurationClient, start: Continuation, limit: number, signal: AbortSignal) {
  const rows: ConfigurationSetting[] = [];
  const options = {
    keyFilter: encodeFilter(start.key),
    ...(start.label !== null ? { labelFilter: encodeFilter(start.label) } : {}),
    abortSignal: signal,
  };
  let pageToken = start.after;
  let skip = start.skip;
  let pages = 0;
  const pager = client.listConfigurationSettings(options).byPage(pageToken ? { continuationToken: encodeFilter(pageToken) } : {});
  for await (const page of pager) {
    pages++;
    const items = page.items.slice(skip);
    const room = limit - rows.length;
    if (items.length > room) {
      rows.push(...items.slice(0, room));
      return { rows, next: { ...start, after: pageToken, skip: skip + room } };
    }
    rows.push(...items);
    skip = 0;
    const nextToken = (page as { continuationToken?: string }).continuationToken;
    if (!nextToken) return { rows, next: null };
    pageToken = nextToken;
    if (rows.length === limit || pages >= MAX_PAGES) return { rows, next: { ...start, after: pageToken, skip: 0 } };
  }
  return { rows, next: null };
}

export const listKeyValues = defineTool({
  name: 'appconfig_kv_list',
  title: 'List App Configuration key-values',
  description:
    "Lists a store's key-values matching a key filter (and label filter), in pages with a continuation: key, label, content type, value cut to one line, locked. Values that look secret are masked unless reveal=true; Key Vault references are shown as the secret's URI, never resolved.",
  access: 'read',
  role: KV_ROLE,
  example: { store_name: 'azops-demo-config', key_filter: 'app:*', label_filter: 'prod' },
  inputSchema: z.object({
    store_name: storeNameInput,
    resource_group: kvGroupInput,
    key_filter: filterInput('key')
      .default('*')
      .describe(
        "Keys to list: exact, a prefix ending in '*' (app:*), or several separated by ','; '\\' escapes * , \\. Default: every key.",
      ),
    label_filter: filterInput('label')
      .optional()
      .describe("Labels to list (same syntax; '\\0' matches key-values with no label); omit for every label."),
    limit: z.number().int().min(1).max(1000).default(50).describe('Maximum key-values to return (1-1000, default 50).'),
    continuation: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,4000}$/, 'not a continuation appconfig_kv_list gave')
      .optional()
      .describe('The continuation a previous call returned, to get the next key-values.'),
    reveal: revealInput,
  }),
  outputSchema: z.object({
    store: storeField,
    shown: z.number().describe('How many key-values are in `items`.'),
    items: z.array(kvRow),
    more: z.boolean().describe('True when more key-values match: call again with `continuation`.'),
    continuation: z.string().nullable().describe('Give this back as `continuation` for the next key-values; null at the end.'),
    hint: z.string().optional(),
    auth: authOutput,
  }),
  consentFor: ({ reveal }) => (reveal ? REVEAL_REASON : undefined),
  async handler({ store_name, resource_group, key_filter, label_filter, limit, continuation, reveal }, { session, signal }) {
    const labelFilter = label_filter ?? null;
    const start = continuation
      ? decodeContinuation(continuation, key_filter, labelFilter)
      : { after: null, skip: 0, key: key_filter, label: labelFilter };
    const { store, value, auth } = await withKeyValues(
      session,
      { storeName: store_name, resourceGroup: resource_group, signal },
      'read',
      (client) => readPages(client, start, limit, signal),
    );
    const items = value.rows.map((setting) => toRow(setting, reveal, true));
    const next = value.next ? encodeContinuation(value.next) : null;
    const masked = items.filter((row) => row.masked).length;
    const cut = items.some((row) => row.truncated);
    const hints = [
      next ? `More key-values match: call again with continuation='${next}' (same filters).` : '',
      cut ? 'Values are cut to one line: appconfig_kv_show shows one in full.' : '',
      masked
        ? `${masked === 1 ? '1 value is' : `${masked} values are`} masked because ${masked === 1 ? 'it looks' : 'they look'} secret: reveal=true shows ${masked === 1 ? 'it' : 'them'} (asks first).`
        : '',
    ].filter(Boolean);
    const data = {
      store: store.name,
      shown: items.length,
      items,
      more: next !== null,
      continuation: next,
      ...(hints.length ? { hint: hints.join(' ') } : {}),
      auth,
    };
    const matching = `matching key '${key_filter}'${label_filter === undefined ? ', every label' : `, label '${label_filter}'`}`;
    const lines = items.length
      ? [
          `Key-values in store ${store.name} ${matching} (${items.length}${next ? ', more exist' : ''}):`,
          ...items.map((row) => `- ${row.key} [${labelText(row.label)}]${row.locked ? ' (locked)' : ''} = ${valueText(row)}`),
          ...hints,
        ]
      : [`No key-values in store ${store.name} ${matching}.`];
    return { data, text: lines.join('\n') + authText(auth) };
  },
});

export const showKeyValue = defineTool({
  name: 'appconfig_kv_show',
  title: 'Show an App Configuration key-value',
  description:
    'Shows one key-value (a key and label): value, content type, etag, last modified, locked and tags. A value that looks secret is masked unless reveal=true; a Key Vault reference is shown as the secret URI, never resolved.',
  access: 'read',
  role: KV_ROLE,
  example: { store_name: 'azops-demo-config', key: 'app:title', label: 'dev' },
  inputSchema: z.object({
    store_name: storeNameInput,
    key: keyInput,
    resource_group: kvGroupInput,
    label: labelInput,
    reveal: revealInput,
  }),
  outputSchema: kvRow.extend({
    store: storeField,
    etag: z.string().describe('Give it as if_match to appconfig_kv_set or appconfig_kv_delete to change only this version.'),
    tags: z.record(z.string(), z.string()),
    auth: authOutput,
  }),
  consentFor: ({ reveal }) => (reveal ? REVEAL_REASON : undefined),
  async handler({ store_name, key, resource_group, label, reveal }, { session, signal }) {
    const {
      store,
      value: setting,
      auth,
    } = await withKeyValues(session, { storeName: store_name, resourceGroup: resource_group, signal }, 'read', async (client, store) => {
      try {
        return await client.getConfigurationSetting({ key, label }, { abortSignal: signal });
      } catch (error) {
        if (!hasStatus(error, 404)) throw error;
        throw new UserFacingError(await notFound(client, store.name, key, label, signal));
      }
    });
    const row = toRow(setting, reveal, false);
    const data = { ...row, store: store.name, etag: setting.etag ?? '', tags: setting.tags ?? {}, auth };
    const tags = Object.entries(data.tags);
    const text = [
      `${data.key} [${labelText(data.label)}] in store ${store.name}${data.locked ? ' (locked)' : ''}:`,
      `Value: ${valueText(row)}`,
      `Content type: ${data.contentType ?? 'none'}. Etag: ${data.etag}. Last modified: ${data.lastModified ?? '?'}.`,
      ...(tags.length ? [`Tags: ${tags.map(([k, v]) => `${k}=${v}`).join(', ')}`] : []),
    ].join('\n');
    return { data, text: text + authText(auth) };
  },
});

/** "No key-value 'k' with label 'x' …" and which labels the key does have. */
export async function notFound(
  client: AppConfigurationClient,
  storeName: string,
  key: string,
  label: string | undefined,
  signal: AbortSignal,
): Promise<string> {
  const labels: (string | null)[] = [];
  for await (const page of client
    .listConfigurationSettings({ keyFilter: encodeFilter(exactFilter(key)), fields: ['key', 'label'], abortSignal: signal })
    .byPage()) {
    labels.push(...page.items.map((item) => item.label ?? null));
    if (labels.length >= 20) break;
  }
  const what = `No key-value '${key}' with ${labelText(label)} in store ${storeName}`;
  if (!labels.length)
    return `${what}: the key does not exist in this store. appconfig_kv_list with a key_filter such as '${key.slice(0, 20)}*' shows similar keys.`;
  return `${what}. The key exists with: ${labels.map((l) => labelText(l)).join(', ')}; give that label.`;
}

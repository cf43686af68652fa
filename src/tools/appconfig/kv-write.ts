import { z } from 'zod';
import type { AppConfigurationClient, ConfigurationSetting } from '@azure/app-configuration';
import { defineTool } from '../define.js';
import { UserFacingError } from '../../azure/errors.js';
import { optionalResourceGroupInput } from '../arm-common.js';
import { authOutput, authText, hasStatus, OWNER_ROLE, withKeyValues } from './data-plane.js';
import { etagInput, keyInput, labelInput, storeNameInput } from './inputs.js';
import { keyLooksSecret, labelText, showValue, shownValue, valueLooksSecret, valueText } from './values.js';

// Changing key-values. Every write is conditional: on the etag the caller gives (if_match), else on the version just
// read (a replace) or on absence (a create), so the result can say truthfully whether it created or replaced.

const WRITE_ROLE = `${OWNER_ROLE} on the store (or Contributor, for the access-key fallback)`;
const kvGroupInput = optionalResourceGroupInput.describe("The store's resource group; omit to find the store by name in the subscription.");
const ifMatchInput = etagInput
  .optional()
  .describe(
    "Change only if the key-value still has this etag (from appconfig_kv_show); '*' means only if it exists. Omit to change whatever version is there.",
  );

const target = (key: string, label: string | undefined) => `'${key}' (${labelText(label)})`;

async function currentOf(client: AppConfigurationClient, key: string, label: string | undefined, signal: AbortSignal) {
  try {
    return await client.getConfigurationSetting({ key, label }, { abortSignal: signal });
  } catch (error) {
    if (hasStatus(error, 404)) return undefined;
    throw error;
  }
}

/** Why a conditional write failed (412), with what is there now. */
async function preconditionFailed(
  client: AppConfigurationClient,
  storeName: string,
  key: string,
  label: string | undefined,
  ifMatch: string | undefined,
  signal: AbortSignal,
): Promise<UserFacingError> {
  const now = await currentOf(client, key, label, signal);
  const state = now ? `its etag is now ${now.etag ?? '?'}` : 'it does not exist';
  if (ifMatch === '*')
    return new UserFacingError(
      `Not changed (412 Precondition Failed): key-value ${target(key, label)} does not exist in store ${storeName}, and if_match='*' changes only an existing one.`,
    );
  if (ifMatch)
    return new UserFacingError(
      `Not changed (412 Precondition Failed): key-value ${target(key, label)} in store ${storeName} no longer has etag ${ifMatch}; ${state}. Read it again with appconfig_kv_show and decide, then retry with its current etag as if_match (or without if_match to overwrite).`,
    );
  return new UserFacingError(
    `Not changed (412 Precondition Failed): key-value ${target(key, label)} in store ${storeName} was changed by someone else during this call; ${state}. Nothing was written; try again.`,
  );
}

export const setKeyValue = defineTool({
  name: 'appconfig_kv_set',
  title: 'Set an App Configuration key-value',
  description:
    'Creates a key-value, or replaces the value of an existing one (same key and label), keeping its tags and content type (unless content_type is given); a locked key-value is refused by Azure. Optional if_match makes the change only if the etag still matches. The result says created or replaced (with the previous etag) and never echoes a value that looks secret.',
  access: 'destructive',
  role: WRITE_ROLE,
  example: { store_name: 'azops-demo-config', key: 'app:sandbox:greeting', value: 'hello from the sandbox', label: 'dev' },
  inputSchema: z.object({
    store_name: storeNameInput,
    key: keyInput,
    value: z.string().max(10_000).describe('The new value (may be empty). Not echoed back when it, or the key, looks secret.'),
    resource_group: kvGroupInput,
    label: labelInput,
    content_type: z
      .string()
      .trim()
      .max(500)
      .regex(/^[^\p{Cc}]*$/u, 'The content type contains a control character.')
      .optional()
      .describe(
        'Content type, e.g. application/json or application/vnd.microsoft.appconfig.keyvaultref+json;charset=utf-8 for a Key Vault reference (value {"uri":"<secret URI>"}). Omit to keep the current one.',
      ),
    if_match: ifMatchInput,
  }),
  outputSchema: z.object({
    store: z.string(),
    key: z.string(),
    label: z.string().nullable(),
    outcome: z.enum(['created', 'replaced']),
    previousEtag: z.string().nullable().describe('The etag of the version that was replaced; null when created.'),
    etag: z.string().describe('The new etag.'),
    lastModified: z.string().nullable(),
    contentType: z.string().nullable(),
    ...shownValue,
    auth: authOutput,
  }),
  consentFor: () => 'If the key-value exists (same key and label), its value is replaced.',
  // A value set under a secret-looking key, or shaped like a secret, is never shown: not in the prompt, audit or errors.
  secretArguments: ({ key, value }) => (keyLooksSecret(key) || valueLooksSecret(value) ? ['value'] : []),
  async handler({ store_name, key, value, resource_group, label, content_type, if_match }, { session, signal }) {
    const {
      store,
      value: written,
      auth,
    } = await withKeyValues(session, { storeName: store_name, resourceGroup: resource_group, signal }, 'write', async (client, store) => {
      const current = await currentOf(client, key, label, signal);
      // Read-merge-write: what the call does not set is kept from the current version.
      const setting = {
        key,
        label,
        value,
        contentType: content_type ?? current?.contentType,
        tags: current?.tags,
        ...(current?.description !== undefined ? { description: current.description } : {}),
      };
      const condition = if_match ?? current?.etag;
      try {
        const result: ConfigurationSetting = condition
          ? await client.setConfigurationSetting({ ...setting, etag: condition }, { onlyIfUnchanged: true, abortSignal: signal })
          : await client.addConfigurationSetting(setting, { abortSignal: signal });
        return { result, previous: current };
      } catch (error) {
        if (hasStatus(error, 412)) throw await preconditionFailed(client, store.name, key, label, if_match, signal);
        throw error;
      }
    });
    const { result, previous } = written;
    const shown = showValue(result, { reveal: false, cut: true });
    const data = {
      store: store.name,
      key: result.key,
      label: result.label ?? null,
      outcome: previous ? ('replaced' as const) : ('created' as const),
      previousEtag: previous?.etag ?? null,
      etag: result.etag ?? '',
      lastModified: result.lastModified ? result.lastModified.toISOString() : null,
      contentType: result.contentType ?? null,
      ...shown,
      auth,
    };
    const what = `key-value ${target(key, label)} in store ${store.name}`;
    const text =
      data.outcome === 'created'
        ? `Created ${what}: ${valueText(shown)}. Etag ${data.etag}.`
        : `Replaced the value of ${what}: now ${valueText(shown)}. Previous etag ${data.previousEtag}, new etag ${data.etag}.`;
    return { data, text: text + authText(auth) };
  },
});

export const deleteKeyValue = defineTool({
  name: 'appconfig_kv_delete',
  title: 'Delete an App Configuration key-value',
  description:
    'Deletes one key-value (a key and label). Says "no such key" when there was nothing to delete. Optional if_match deletes only that version. Locked key-values are refused by Azure.',
  access: 'destructive',
  role: WRITE_ROLE,
  example: { store_name: 'azops-demo-config', key: 'app:sandbox:greeting', label: 'dev' },
  inputSchema: z.object({
    store_name: storeNameInput,
    key: keyInput,
    resource_group: kvGroupInput,
    label: labelInput,
    if_match: ifMatchInput,
  }),
  outputSchema: z.object({
    store: z.string(),
    key: z.string(),
    label: z.string().nullable(),
    deleted: z.boolean().describe('False when there was no such key-value: nothing was deleted.'),
    etag: z.string().nullable().describe('The etag of the version deleted.'),
    lastModified: z.string().nullable(),
    auth: authOutput,
  }),
  async handler({ store_name, key, resource_group, label, if_match }, { session, signal }) {
    const {
      store,
      value: result,
      auth,
    } = await withKeyValues(session, { storeName: store_name, resourceGroup: resource_group, signal }, 'write', async (client, store) => {
      try {
        return await client.deleteConfigurationSetting(
          { key, label, ...(if_match ? { etag: if_match } : {}) },
          { onlyIfUnchanged: if_match !== undefined, abortSignal: signal },
        );
      } catch (error) {
        if (hasStatus(error, 412)) throw await preconditionFailed(client, store.name, key, label, if_match, signal);
        throw error;
      }
    });
    // Azure answers 204 (and nothing else) when there was no such key-value; a 200 carries the deleted version,
    // which the SDK returns without declaring its fields.
    const deleted = result.statusCode === 200;
    const gone = result as typeof result & Partial<ConfigurationSetting>;
    const data = {
      store: store.name,
      key,
      label: label ?? null,
      deleted,
      etag: deleted ? (gone.etag ?? null) : null,
      lastModified: deleted && gone.lastModified ? gone.lastModified.toISOString() : null,
      auth,
    };
    const what = `key-value ${target(key, label)} in store ${store.name}`;
    const text = deleted ? `Deleted ${what} (its etag was ${data.etag ?? '?'}).` : `No such key: there is no ${what}; nothing was deleted.`;
    return { data, text: text + authText(auth) };
  },
});

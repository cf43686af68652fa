import { z } from 'zod';
import { printable, type NameRule } from '../../azure/arm-names.js';
import { nameInput } from '../arm-common.js';

// Inputs shared by the App Configuration tools. Keys travel in the request path (the SDK encodes them); labels and
// filters travel in the query, where the SDK leaves reserved characters as they are, so what could end a value or add
// a parameter is refused (labels) or encoded here (filters).

export const APP_CONFIG_STORE_RULE: NameRule = {
  what: 'App Configuration store name',
  pattern: /^[A-Za-z0-9][A-Za-z0-9-]{3,48}[A-Za-z0-9]$/,
  rule: '5-50 letters, digits and hyphens, starting and ending with a letter or digit',
};

export const storeNameInput = nameInput(APP_CONFIG_STORE_RULE).describe(
  'App Configuration store name (unique in Azure, any case); its endpoint is https://<name>.azconfig.io.',
);

const CONTROL = /[\p{Cc}\p{Cs}]/u;

/** A key-value's key: any text but '.', '..' and '%' (App Configuration's rule), and no control characters. */
export const keyInput = z
  .string()
  .trim()
  .superRefine((key, ctx) => {
    const problem =
      key === ''
        ? 'is empty'
        : key === '.' || key === '..'
          ? "is '.' or '..', which App Configuration does not allow"
          : key.includes('%')
            ? "contains '%', which App Configuration does not allow in keys"
            : CONTROL.test(key)
              ? 'contains a control character'
              : key.length > 10_000
                ? 'is longer than 10,000 characters'
                : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: `The key '${printable(key)}' ${problem}.` });
  })
  .describe('The key, exactly (case-sensitive), e.g. app:db:host or .appconfig.featureflag/beta.');

/** One label, literally; omitted means the key-value with no label. */
export const labelInput = z
  .string()
  .trim()
  .superRefine((label, ctx) => {
    const bad = /[%&#+*,\\]/.exec(label)?.[0];
    if (bad)
      ctx.addIssue({ code: 'custom', message: `The label '${printable(label)}' contains '${bad}', which this tool cannot address.` });
    else if (CONTROL.test(label))
      ctx.addIssue({ code: 'custom', message: `The label '${printable(label)}' contains a control character.` });
    else if (label.length > 1000) ctx.addIssue({ code: 'custom', message: 'The label is longer than 1,000 characters.' });
  })
  .optional()
  .describe('Label, exactly; omit for the key-value that has no label.');

/** A key or label filter as the service reads it; percent-encoded here so nothing in it can change the request. */
export function filterInput(what: 'key' | 'label') {
  return z
    .string()
    .trim()
    .superRefine((filter, ctx) => {
      if (CONTROL.test(filter)) ctx.addIssue({ code: 'custom', message: `The ${what} filter contains a control character.` });
      else if (filter.length > 1000) ctx.addIssue({ code: 'custom', message: `The ${what} filter is longer than 1,000 characters.` });
    });
}

/** The filter as it goes on the wire: the SDK leaves %XX as it is and does not encode '&', '#' or '+' itself. */
export const encodeFilter = (filter: string): string => encodeURIComponent(filter);

export const revealInput = z
  .boolean()
  .default(false)
  .describe(
    'Show values that look secret (connection strings, passwords, keys, tokens) in full; asks for confirmation first. Key Vault references are always shown as references, never resolved.',
  );

/** An etag as Azure returns it, with or without quotes; '*' means "only if it exists". */
export const etagInput = z
  .string()
  .trim()
  .transform((value) => value.replace(/^W\//, '').replace(/^"(.*)"$/, '$1'))
  .superRefine((etag, ctx) => {
    // App Configuration's etags are URL-safe base64 (letters, digits, - and _).
    if (etag !== '*' && !/^[A-Za-z0-9_-]{1,200}=*$/.test(etag))
      ctx.addIssue({ code: 'custom', message: `'${printable(etag)}' is not an etag (copy it from appconfig_kv_show).` });
  });

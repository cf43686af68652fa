import { z } from 'zod';

// The inputs of webapp_create_for_container that need more than a name rule: the plan SKU and its tier, the
// image reference, and env_variables (a JSON object whose values become app settings and are never echoed).

/** App Service plan SKU names and the tier each belongs to (Azure takes the tier from the name). */
export function tierOfSku(sku: string): string | undefined {
  const match = /^(F|D|B|S|P|I)(\d)(m?)(v(\d))?$/i.exec(sku);
  if (!match) return undefined;
  const base = { F: 'Free', D: 'Shared', B: 'Basic', S: 'Standard', P: 'Premium', I: 'Isolated' }[match[1]!.toUpperCase()]!;
  return match[5] ? `${base}V${match[5]}` : base;
}

export const planSkuInput = z
  .string()
  .trim()
  .default('P1v2')
  .refine((sku) => tierOfSku(sku) !== undefined, {
    message: 'plan_sku must be an App Service plan SKU such as B1, S1, P1v2, P1v3 or P1mv3.',
  })
  .describe('SKU of the plan when it has to be created (default P1v2). B1 is the cheapest with VNet integration.');

export const PLAN_TIERS = ['Free', 'Shared', 'Basic', 'Standard', 'Premium', 'PremiumV2', 'PremiumV3', 'Isolated', 'IsolatedV2'] as const;

export const planTierInput = z
  .enum(PLAN_TIERS)
  .optional()
  .describe('Tier of the plan to create; it follows from plan_sku, so it is only checked against it (PremiumV2 for the default P1v2).');

export const locationInput = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9]{1,39}$/, 'location must be an Azure region name such as eastus or westeurope (list_locations lists them).')
  .transform((value) => value.toLowerCase())
  .optional()
  .describe("Azure region name, e.g. westeurope; default the plan's region when it exists, else the resource group's.");

/** A container image reference: [registry/]repository[:tag][@digest], no spaces or other syntax. */
const IMAGE_REFERENCE =
  /^(?=.{1,512}$)[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

export function imageProblem(image: string): string | undefined {
  return IMAGE_REFERENCE.test(image)
    ? undefined
    : 'image must be a container image reference such as myregistry.azurecr.io/web/app:1.2.0 or nginx:latest (lower-case repository, optional tag).';
}

/** The registry host of an image (myregistry.azurecr.io/app:1 → myregistry.azurecr.io); Docker Hub when none. */
export function registryOfImage(image: string): string {
  const first = image.split('/')[0] ?? '';
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'index.docker.io';
}

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,255}$/;

/** env_variables → app settings: a JSON object (or its text) of names to strings, numbers or booleans. Values never appear in messages. */
export const envVariablesInput = z
  .union([z.string(), z.record(z.string(), z.unknown())])
  .transform((value, ctx) => {
    let parsed: unknown = value;
    if (typeof value === 'string') {
      try {
        parsed = JSON.parse(value);
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'env_variables must be a JSON object such as {"NAME": "value"}; the text given is not valid JSON.',
        });
        return z.NEVER;
      }
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      ctx.addIssue({
        code: 'custom',
        message: `env_variables must be a JSON object of names to values such as {"NAME": "value"}, not ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`}.`,
      });
      return z.NEVER;
    }
    const settings: Record<string, string> = {};
    for (const [name, raw] of Object.entries(parsed as Record<string, unknown>)) {
      if (!SETTING_NAME.test(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `env_variables: '${name.slice(0, 60)}' is not a valid app setting name (letters, digits, underscores, periods and hyphens, not starting with a digit).`,
        });
        return z.NEVER;
      }
      if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
        ctx.addIssue({ code: 'custom', message: `env_variables: the value of ${name} must be a string, number or boolean.` });
        return z.NEVER;
      }
      settings[name] = String(raw);
    }
    return settings;
  })
  .optional()
  .describe(
    'Environment variables for the container, as a JSON object {"NAME": "value"}; they become app settings with the names as given. Values are never shown.',
  );

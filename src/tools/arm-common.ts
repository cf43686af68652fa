import { z } from 'zod';

// Input fields and formatting shared by the Azure Resource Manager tools.

export const resourceGroupInput = z.string().trim().min(1).max(90).describe('Resource group name.');
export const optionalResourceGroupInput = z.string().trim().min(1).max(90).optional().describe('Resource group name; omit for the whole subscription.');

export const tagsText = (tags: Record<string, string> | undefined): string => {
  const entries = Object.entries(tags ?? {});
  return entries.length ? ` [${entries.map(([k, v]) => `${k}=${v}`).join(', ')}]` : '';
};

/** The scope part of an ARM id that names a child under /providers/{namespace}/{type}/{name}. */
export function scopeOf(id: string, providerSegment: string): string {
  const index = id.toLowerCase().lastIndexOf(`/providers/${providerSegment.toLowerCase()}/`);
  return index > 0 ? id.slice(0, index) : index === 0 ? '/' : id;
}

export const subscriptionScope = (subscriptionId: string) => `/subscriptions/${subscriptionId}`;
export const resourceGroupScope = (subscriptionId: string, resourceGroup: string) => `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;

/** The resource group and last name segment of an ARM resource id ('' when absent). */
export function parseArmId(id: string | undefined): { resourceGroup: string; name: string } {
  const value = id ?? '';
  return { resourceGroup: /\/resourceGroups\/([^/]+)/i.exec(value)?.[1] ?? '', name: value.split('/').filter(Boolean).pop() ?? '' };
}

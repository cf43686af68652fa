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

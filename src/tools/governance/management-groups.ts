import { z } from 'zod';
import type { ManagementGroupChildInfo } from '@azure/arm-managementgroups';
import { defineTool } from '../define.js';
import { managementGroupsClient } from '../../azure/clients.js';
import { describeError, isAzureError, UserFacingError } from '../../azure/errors.js';
import { InvalidArmIdError, nameProblem, NAME_RULES } from '../../azure/arm-names.js';
import { parsedInput, scopeOfKind } from '../arm-common.js';
import { boundedFirst, firstRows, limitInput, listOutput, listText } from '../list.js';

const groupRow = z.object({
  name: z.string().describe('Group id (name).'),
  displayName: z.string().nullable(),
  tenantId: z.string().nullable(),
  id: z.string(),
});

export const listManagementGroups = defineTool({
  name: 'list_management_groups',
  title: 'List management groups',
  description: 'Lists the management groups the signed-in identity can see in the tenant.',
  access: 'read',
  example: {},
  inputSchema: z.object({ limit: limitInput() }),
  outputSchema: listOutput(groupRow),
  async handler({ limit }, { session, signal }) {
    const client = await managementGroupsClient(session);
    const first = await firstRows(client.managementGroups.list({ abortSignal: signal }), limit, (g): z.infer<typeof groupRow> => ({
      name: g.name ?? '',
      displayName: g.displayName ?? null,
      tenantId: g.tenantId ?? null,
      id: g.id ?? '',
    }));
    const data = boundedFirst(first, 'use get_management_group for one subtree');
    return {
      data,
      text: listText('management groups', 'visible to the signed-in identity', data, (g) => `${g.displayName ?? g.name} (${g.name})`),
    };
  },
});

interface TreeNode {
  kind: 'managementGroup' | 'subscription';
  name: string;
  displayName: string | null;
  children: TreeNode[];
}
const treeNode: z.ZodType<TreeNode> = z.lazy(() =>
  z.object({
    kind: z.enum(['managementGroup', 'subscription']),
    name: z.string().describe('Group id or subscription id.'),
    displayName: z.string().nullable(),
    children: z.array(treeNode),
  }),
);

function toNode(child: ManagementGroupChildInfo): TreeNode {
  const isSubscription = (child.type ?? '').toLowerCase() === '/subscriptions';
  return {
    kind: isSubscription ? 'subscription' : 'managementGroup',
    name: child.name ?? '',
    displayName: child.displayName ?? null,
    children: (child.children ?? []).map(toNode),
  };
}

function treeLines(nodes: TreeNode[], depth: number): string[] {
  return nodes.flatMap((n) => [
    `${'  '.repeat(depth)}- ${n.kind === 'subscription' ? 'subscription' : 'group'} ${n.displayName ?? n.name} (${n.name})`,
    ...treeLines(n.children, depth + 1),
  ]);
}

// A management group's name: 1-90 letters, digits, '-', '_', '(', ')' or '.', not ending in '.'.
/** A management group's name, or its full id reduced to the name; both checked strictly before any request. */
const groupIdInput = parsedInput((value) => {
  const hint =
    "Give the group's name or its id /providers/Microsoft.Management/managementGroups/<name>; list_management_groups shows them.";
  try {
    if (value.startsWith('/')) return scopeOfKind(value, ['managementGroup']).managementGroup!;
    const problem = nameProblem(value, NAME_RULES.managementGroup);
    if (problem) throw new InvalidArmIdError(problem);
    return value;
  } catch (error) {
    throw error instanceof InvalidArmIdError ? new InvalidArmIdError(`${error.message} ${hint}`) : error;
  }
});

export const getManagementGroup = defineTool({
  name: 'get_management_group',
  title: 'Show a management group tree',
  description: 'Shows a management group and everything below it as a tree: child groups and subscriptions.',
  access: 'read',
  example: { group_id: 'mg-workloads' },
  inputSchema: z.object({
    group_id: groupIdInput.describe('Management group id (its name, e.g. mg-platform; the tenant id for the root group).'),
  }),
  outputSchema: z.object({
    name: z.string(),
    displayName: z.string().nullable(),
    tenantId: z.string().nullable(),
    parent: z.string().nullable().describe('Id of the parent group.'),
    children: z.array(treeNode),
  }),
  async handler({ group_id }, { session, signal }) {
    const name = group_id;
    const client = await managementGroupsClient(session);
    const group = await client.managementGroups
      .get(name, { expand: 'children', recurse: true, abortSignal: signal })
      .catch((error: unknown) => {
        // Azure answers 403, not 404, for a group that does not exist, so that its existence is not disclosed.
        if (isAzureError(error, 403)) {
          throw new UserFacingError(
            `Management group '${name}' was not found, or you have no access to it (Azure answers both with 403). list_management_groups shows the groups you can see. Azure said: ${describeError(error)}`,
          );
        }
        throw error;
      });
    const data = {
      name: group.name ?? name,
      displayName: group.displayName ?? null,
      tenantId: group.tenantId ?? null,
      parent: group.details?.parent?.name ?? null,
      children: (group.children ?? []).map(toNode),
    };
    const lines = [
      `${data.displayName ?? data.name} (${data.name})${data.parent ? `, under ${data.parent}` : ''}`,
      ...treeLines(data.children, 1),
    ];
    if (!data.children.length) lines.push('  (no child groups or subscriptions)');
    return { data, text: lines.join('\n') };
  },
});

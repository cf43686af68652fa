import { z } from 'zod';
import { defineTool } from '../define.js';
import { graphClient } from '../../azure/graph.js';
import { userPath } from '../../azure/graph-query.js';
import { UserFacingError } from '../../azure/errors.js';
import { entraList, entraListOutput, entraListText, filterInput, NEEDS, planFilter, topInput, userKeyInput } from './common.js';

/** Graph returns accountEnabled, department and userType only when $select names them. */
const LIST_SELECT = 'id,displayName,userPrincipalName,accountEnabled,mail,jobTitle,department,userType';

interface GraphUser {
  id: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  accountEnabled?: boolean | null;
  mail?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  userType?: string | null;
}

const userRow = z.object({
  id: z.string().describe('Object id.'),
  displayName: z.string(),
  userPrincipalName: z.string(),
  accountEnabled: z.boolean().nullable(),
  mail: z.string().nullable(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  userType: z.string().nullable().describe('Member or Guest.'),
});

const row = (u: GraphUser): z.infer<typeof userRow> => ({
  id: u.id,
  displayName: u.displayName ?? '',
  userPrincipalName: u.userPrincipalName ?? '',
  accountEnabled: u.accountEnabled ?? null,
  mail: u.mail ?? null,
  jobTitle: u.jobTitle ?? null,
  department: u.department ?? null,
  userType: u.userType ?? null,
});

const enabledText = (enabled: boolean | null): string => (enabled === false ? 'DISABLED' : enabled ? 'enabled' : 'enabled unknown');

export const listUsers = defineTool({
  name: 'aad_list_users',
  title: 'List Entra ID users',
  description:
    'Lists users in the Entra ID (Azure AD) tenant through Microsoft Graph: display name, userPrincipalName, object id, whether the account is enabled, job title and department. filter is an OData $filter, or plain text for a display-name prefix search.',
  access: 'read',
  example: { filter: 'Megan', top: 10 },
  inputSchema: z.object({ filter: filterInput('users'), top: topInput() }),
  outputSchema: entraListOutput(userRow),
  async handler({ filter, top }, { session, signal }) {
    const graph = await graphClient(session);
    const plan = planFilter(filter);
    const request = {
      path: '/users',
      query: { $filter: plan.$filter, $select: LIST_SELECT },
      eventual: plan.eventual,
      need: NEEDS.listUsers,
      signal,
    };
    const list = await graph.list<GraphUser>(request, top);
    const count = list.count ?? (list.more ? await graph.count(request) : undefined);
    const data = entraList(list, list.items.map(row), count, 'e.g. "accountEnabled eq false" or a name');
    const text = entraListText('users', plan, data, (u) => {
      const extra = [u.userType === 'Guest' ? 'guest' : '', u.jobTitle ?? '', u.department ?? ''].filter(Boolean).join(', ');
      return `${u.displayName} <${u.userPrincipalName}> id ${u.id}, ${enabledText(u.accountEnabled)}${extra ? `, ${extra}` : ''}`;
    });
    return { data, text };
  },
});

const SHOW_SELECT = [
  'id',
  'displayName',
  'givenName',
  'surname',
  'userPrincipalName',
  'mail',
  'accountEnabled',
  'userType',
  'jobTitle',
  'department',
  'officeLocation',
  'mobilePhone',
  'businessPhones',
  'preferredLanguage',
  'usageLocation',
  'city',
  'country',
  'createdDateTime',
].join(',');

/** One rule for both user tools: user_id takes an object id or a UPN; user_principal_name is its alias; never both. */
export function chooseUserKey(userId: string | undefined, upn: string | undefined): string {
  if (userId && upn) {
    throw new UserFacingError(
      'Give either user_id (an object id or a userPrincipalName) or user_principal_name, not both: the two could name different users.',
    );
  }
  const key = userId ?? upn;
  if (!key) throw new UserFacingError('user_id or user_principal_name is required (user_id also takes a userPrincipalName).');
  return key;
}

export const userKeyInputs = {
  user_id: userKeyInput()
    .optional()
    .describe('The user: object id (GUID) or userPrincipalName. Give this or user_principal_name, not both.'),
  user_principal_name: userKeyInput()
    .optional()
    .describe('The user by userPrincipalName (alias@domain); the same as giving it as user_id. Give this or user_id, not both.'),
};

const detail = z.object({
  id: z.string(),
  displayName: z.string(),
  userPrincipalName: z.string(),
  accountEnabled: z.boolean().nullable(),
  userType: z.string().nullable(),
  givenName: z.string().nullable(),
  surname: z.string().nullable(),
  mail: z.string().nullable(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  officeLocation: z.string().nullable(),
  mobilePhone: z.string().nullable(),
  businessPhones: z.array(z.string()),
  preferredLanguage: z.string().nullable(),
  usageLocation: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string().nullable(),
  createdDateTime: z.string().nullable(),
});
type Detail = z.infer<typeof detail>;

export const showUser = defineTool({
  name: 'aad_show_user',
  title: 'Show an Entra ID user',
  description:
    'Shows one Entra ID user by object id or userPrincipalName (Graph GET /users/{id or UPN}): name, UPN, object id, enabled, user type, job, department, office, phones, language, location and creation time.',
  access: 'read',
  example: { user_id: 'meganb@contoso.onmicrosoft.com' },
  inputSchema: z.object(userKeyInputs),
  outputSchema: detail,
  async handler({ user_id, user_principal_name }, { session, signal }) {
    const key = chooseUserKey(user_id, user_principal_name);
    const graph = await graphClient(session);
    const u = await graph.get<Partial<Record<keyof Detail, unknown>>>({
      path: userPath(key),
      query: { $select: SHOW_SELECT },
      need: NEEDS.readUser,
      signal,
    });
    const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
    const data: Detail = {
      id: str(u.id) ?? key,
      displayName: str(u.displayName) ?? '',
      userPrincipalName: str(u.userPrincipalName) ?? '',
      accountEnabled: typeof u.accountEnabled === 'boolean' ? u.accountEnabled : null,
      userType: str(u.userType),
      givenName: str(u.givenName),
      surname: str(u.surname),
      mail: str(u.mail),
      jobTitle: str(u.jobTitle),
      department: str(u.department),
      officeLocation: str(u.officeLocation),
      mobilePhone: str(u.mobilePhone),
      businessPhones: Array.isArray(u.businessPhones) ? u.businessPhones.filter((p): p is string => typeof p === 'string') : [],
      preferredLanguage: str(u.preferredLanguage),
      usageLocation: str(u.usageLocation),
      city: str(u.city),
      country: str(u.country),
      createdDateTime: str(u.createdDateTime),
    };
    const optional: [string, string | null][] = [
      ['Mail', data.mail],
      ['Job title', data.jobTitle],
      ['Department', data.department],
      ['Office', data.officeLocation],
      ['Mobile phone', data.mobilePhone],
      ['Business phones', data.businessPhones.join(', ') || null],
      ['Preferred language', data.preferredLanguage],
      ['Usage location', data.usageLocation],
      ['Address', [data.city, data.country].filter(Boolean).join(', ') || null],
      ['Created', data.createdDateTime],
    ];
    const text = [
      `${data.displayName} <${data.userPrincipalName}>`,
      `Object id: ${data.id}. Account: ${enabledText(data.accountEnabled)}. Type: ${data.userType ?? 'unknown'}.`,
      ...optional.filter(([, value]) => value).map(([label, value]) => `${label}: ${value}`),
    ].join('\n');
    return { data, text };
  },
});

import { z } from 'zod';
import { defineTool } from '../define.js';
import { graphClient } from '../../azure/graph.js';
import { graphPath, userPath } from '../../azure/graph-query.js';
import { NEEDS, upnInput } from './common.js';
import { chooseUserKey, userKeyInputs } from './users.js';
import { MASKED_PASSWORD, temporaryPassword } from './password.js';

// Graph's mailNickname: 1-64 printable ASCII characters, none of @ ( ) \ [ ] " ; : < > , or a space.
const MAIL_NICKNAME = /^(?:(?![@()\\[\]";:<>,])[\x21-\x7e]){1,64}$/;

const optionalText = (max: number, description: string) => z.string().trim().min(1).max(max).optional().describe(description);

export const createUser = defineTool({
  name: 'aad_create_user',
  title: 'Create an Entra ID user',
  description:
    'Creates an enabled Entra ID user who must change the password at first sign-in. Leave password out to have a strong temporary password generated and shown once in the result; a given password is never echoed, logged or audited. Graph checks it against the tenant password policy and its reason comes back when it is too weak.',
  access: 'write',
  role: 'User Administrator (Microsoft Entra)',
  example: { display_name: 'Test User', user_principal_name: 'testuser@contoso.onmicrosoft.com', department: 'Engineering' },
  inputSchema: z.object({
    display_name: z.string().trim().min(1).max(256).describe('Display name, e.g. "Megan Bowen".'),
    user_principal_name: upnInput().describe('Sign-in name, alias@domain; the domain must be a verified domain of the tenant.'),
    password: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe(
        'Initial password. Better left out: a strong temporary one is then generated and shown once. A given password is never repeated, logged or audited.',
      ),
    mail_nick_name: z
      .string()
      .trim()
      .regex(MAIL_NICKNAME, 'A mail nickname has 1-64 printable ASCII characters and none of @ ( ) \\ [ ] " ; : < > , or spaces.')
      .optional()
      .describe('Mail alias; default: the part of the UPN before @.'),
    department: optionalText(64, 'Department.'),
    job_title: optionalText(128, 'Job title.'),
  }),
  outputSchema: z.object({
    id: z.string().describe('Object id of the new user.'),
    displayName: z.string(),
    userPrincipalName: z.string(),
    mailNickname: z.string(),
    accountEnabled: z.boolean(),
    forceChangePasswordNextSignIn: z.boolean(),
    passwordSource: z.enum(['given', 'generated']),
    temporaryPassword: z.string().optional().describe('Always masked here; a generated password is shown once, in the text result only.'),
  }),
  async handler({ display_name, user_principal_name, password, mail_nick_name, department, job_title }, { session, signal }) {
    const generated = password === undefined;
    const secret = password ?? temporaryPassword();
    const mailNickname = mail_nick_name ?? user_principal_name.split('@')[0]!.replace(/^\$/, '');
    const graph = await graphClient(session);
    const created = await graph.post<{ id: string; displayName?: string; userPrincipalName?: string }>({
      path: '/users',
      body: {
        accountEnabled: true,
        displayName: display_name,
        userPrincipalName: user_principal_name,
        mailNickname,
        passwordProfile: { forceChangePasswordNextSignIn: true, password: secret },
        ...(department ? { department } : {}),
        ...(job_title ? { jobTitle: job_title } : {}),
      },
      need: NEEDS.createUser,
      signal,
    });
    const data = {
      id: created.id,
      displayName: created.displayName ?? display_name,
      userPrincipalName: created.userPrincipalName ?? user_principal_name,
      mailNickname,
      accountEnabled: true,
      forceChangePasswordNextSignIn: true,
      passwordSource: generated ? ('generated' as const) : ('given' as const),
      ...(generated ? { temporaryPassword: MASKED_PASSWORD } : {}),
    };
    const lines = [`Created user ${data.displayName} <${data.userPrincipalName}>, object id ${data.id}, account enabled.`];
    if (generated) {
      lines.push(
        `Temporary password (shown this once; azops-mcp does not keep or log it): ${secret}`,
        'Pass it to the user over a safe channel. They must change it at first sign-in.',
      );
    } else {
      lines.push('The password you gave was set (it is not repeated here). The user must change it at first sign-in.');
    }
    return { data, text: lines.join('\n') };
  },
});

export const deleteUser = defineTool({
  name: 'aad_delete_user',
  title: 'Delete an Entra ID user',
  description:
    'Deletes an Entra ID user by object id or userPrincipalName. The user goes to the tenant deleted items and can be restored for 30 days; after that the deletion is permanent.',
  access: 'destructive',
  role: 'User Administrator (Microsoft Entra)',
  example: { user_id: 'testuser@contoso.onmicrosoft.com' },
  inputSchema: z.object(userKeyInputs),
  outputSchema: z.object({
    id: z.string().describe('Object id of the deleted user.'),
    displayName: z.string(),
    userPrincipalName: z.string(),
    restorableUntil: z.string().describe('About when the soft-deleted user is purged for good (30 days).'),
  }),
  async handler({ user_id, user_principal_name }, { session, signal }) {
    const key = chooseUserKey(user_id, user_principal_name);
    const graph = await graphClient(session);
    const user = await graph.get<{ id: string; displayName?: string; userPrincipalName?: string }>({
      path: userPath(key),
      query: { $select: 'id,displayName,userPrincipalName' },
      need: NEEDS.readUser,
      signal,
    });
    // By the object id just read, so the user shown is the user deleted.
    await graph.delete({ path: graphPath('users', user.id), need: NEEDS.deleteUser, signal });
    const restorableUntil = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const data = {
      id: user.id,
      displayName: user.displayName ?? '',
      userPrincipalName: user.userPrincipalName ?? key,
      restorableUntil,
    };
    const text = [
      `Deleted user ${data.displayName} <${data.userPrincipalName}> (object id ${data.id}).`,
      `It is in the tenant's deleted items and can be restored until about ${restorableUntil} (30 days): Entra admin center > Users > Deleted users, or Graph POST /directory/deletedItems/${data.id}/restore. After that it is gone for good.`,
    ].join('\n');
    return { data, text };
  },
});

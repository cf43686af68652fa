// The Entra ID directory as Microsoft Graph shows it: users, groups, applications and service
// principals, each a directory object with a GUID id. The seeded service principal, CLI user and
// managed identity are here too, so Graph's /me and role-assignment principal checks know them.
import { SEED, TENANT_SEED } from '../../core/seed.js';
import { byLowerId, records, replace, type SnapshotPart } from '../../core/snapshot.js';
import { newGuid } from '../../core/util.js';

export interface DirectoryUser {
  kind: 'user';
  id: string;
  tenantId: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  userPrincipalName: string;
  mail: string | null;
  mailNickname: string;
  jobTitle: string | null;
  department: string | null;
  officeLocation: string | null;
  mobilePhone: string | null;
  businessPhones: string[];
  preferredLanguage: string | null;
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  usageLocation: string | null;
  createdDateTime: string;
  /** Entra directory roles held, by display name ("User Administrator"); absent means none. */
  directoryRoles?: string[];
}

export interface DirectoryGroup {
  kind: 'group';
  id: string;
  tenantId: string;
  displayName: string;
  description: string | null;
  mailNickname: string;
  mail: string | null;
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: string[];
  visibility: string | null;
  createdDateTime: string;
  /** Object ids of direct members (users, groups, service principals). */
  members: string[];
}

export interface DirectoryApplication {
  kind: 'application';
  id: string;
  appId: string;
  tenantId: string;
  displayName: string;
  description: string | null;
  signInAudience: string;
  identifierUris: string[];
  publisherDomain: string;
  redirectUris: string[];
  tags: string[];
  createdDateTime: string;
  passwordCredentials: { keyId: string; displayName: string | null; hint: string; startDateTime: string; endDateTime: string }[];
}

export interface DirectoryServicePrincipal {
  kind: 'servicePrincipal';
  id: string;
  appId: string;
  tenantId: string;
  displayName: string;
  servicePrincipalType: 'Application' | 'ManagedIdentity';
  accountEnabled: boolean;
  appOwnerOrganizationId: string | null;
  servicePrincipalNames: string[];
  /** Managed identities list `isExplicit=…` and their resource id here. */
  alternativeNames: string[];
  tags: string[];
  /** Microsoft Graph application permissions granted with admin consent ("User.Read.All"); absent means none. */
  graphPermissions?: string[];
}

export type DirectoryObject = DirectoryUser | DirectoryGroup | DirectoryApplication | DirectoryServicePrincipal;
export type DirectoryKind = DirectoryObject['kind'];

/** What the seeded service principal (the sandbox's identity) may do in Microsoft Graph. */
export const SEEDED_GRAPH_PERMISSIONS = ['User.ReadWrite.All', 'Group.ReadWrite.All', 'Application.ReadWrite.All', 'Organization.Read.All'];

/** Azure RBAC's `principalType` for a directory object. */
export type PrincipalType = 'User' | 'Group' | 'ServicePrincipal';

export class DirectoryState {
  /** Every directory object, by lower-case object id. */
  readonly objects = new Map<string, DirectoryObject>();

  constructor() {
    seedDirectory(this);
  }

  add<T extends DirectoryObject>(object: T): T {
    this.objects.set(object.id.toLowerCase(), object);
    return object;
  }

  get(id: string): DirectoryObject | undefined {
    return this.objects.get(id.toLowerCase());
  }

  remove(id: string): boolean {
    const removed = this.objects.delete(id.toLowerCase());
    for (const object of this.objects.values()) {
      if (object.kind === 'group') object.members = object.members.filter((member) => member.toLowerCase() !== id.toLowerCase());
    }
    return removed;
  }

  list<K extends DirectoryKind>(kind: K, tenantId: string): Extract<DirectoryObject, { kind: K }>[] {
    return [...this.objects.values()].filter(
      (object): object is Extract<DirectoryObject, { kind: K }> =>
        object.kind === kind && object.tenantId.toLowerCase() === tenantId.toLowerCase(),
    );
  }

  /** Replaces the Graph application permissions of a service principal or managed identity (tests arrange 403s). */
  setGraphPermissions(principalId: string, permissions: string[]): void {
    const principal = this.get(principalId);
    if (principal?.kind !== 'servicePrincipal') throw new RangeError(`no service principal ${principalId}`);
    principal.graphPermissions = [...permissions];
  }

  /** Replaces the directory roles of a user. */
  setDirectoryRoles(userId: string, roles: string[]): void {
    const user = this.get(userId);
    if (user?.kind !== 'user') throw new RangeError(`no user ${userId}`);
    user.directoryRoles = [...roles];
  }

  findUser(idOrUpn: string, tenantId: string): DirectoryUser | undefined {
    const wanted = idOrUpn.toLowerCase();
    return this.list('user', tenantId).find((user) => user.id.toLowerCase() === wanted || user.userPrincipalName.toLowerCase() === wanted);
  }

  principalType(id: string): PrincipalType | undefined {
    const object = this.get(id);
    if (!object) return undefined;
    if (object.kind === 'user') return 'User';
    if (object.kind === 'group') return 'Group';
    return object.kind === 'servicePrincipal' ? 'ServicePrincipal' : undefined;
  }

  /** Ids of every group the object is in, directly or through nested groups. */
  groupsOf(id: string): string[] {
    const found: string[] = [];
    const queue = [id.toLowerCase()];
    while (queue.length > 0) {
      const current = queue.shift() as string;
      for (const object of this.objects.values()) {
        if (object.kind !== 'group' || found.includes(object.id.toLowerCase())) continue;
        if (object.members.some((member) => member.toLowerCase() === current)) {
          found.push(object.id.toLowerCase());
          queue.push(object.id.toLowerCase());
        }
      }
    }
    return found;
  }

  /** Users and service principals in a group, through nested groups too. */
  transitiveMembers(groupId: string): string[] {
    const members = new Set<string>();
    const queue = [groupId.toLowerCase()];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const current = this.get(queue.shift() as string);
      if (current?.kind !== 'group' || seen.has(current.id.toLowerCase())) continue;
      seen.add(current.id.toLowerCase());
      for (const member of current.members) {
        if (this.get(member)?.kind === 'group') queue.push(member.toLowerCase());
        else members.add(member.toLowerCase());
      }
    }
    return [...members];
  }
}

/** A user with Graph's defaults for everything not given. */
export function newUser(
  fields: Pick<DirectoryUser, 'displayName' | 'userPrincipalName' | 'tenantId'> & Partial<DirectoryUser>,
): DirectoryUser {
  const nickname = fields.userPrincipalName.split('@')[0] ?? fields.userPrincipalName;
  return {
    kind: 'user',
    id: newGuid(),
    givenName: null,
    surname: null,
    mail: null,
    mailNickname: nickname,
    jobTitle: null,
    department: null,
    officeLocation: null,
    mobilePhone: null,
    businessPhones: [],
    preferredLanguage: null,
    accountEnabled: true,
    userType: 'Member',
    usageLocation: null,
    createdDateTime: graphTimestamp(),
    ...fields,
  };
}

/** Graph's timestamps: UTC, whole seconds, "Z". */
export function graphTimestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function seedDirectory(directory: DirectoryState): void {
  const tenantId = SEED.tenantId;
  const domain = TENANT_SEED.find((tenant) => tenant.tenantId === tenantId)?.defaultDomain ?? 'contoso.onmicrosoft.com';
  const [givenName, surname] = SEED.cliUser.name.split(' ');
  directory.add(
    newUser({
      id: SEED.cliUser.objectId,
      tenantId,
      displayName: SEED.cliUser.name,
      givenName: givenName ?? null,
      surname: surname ?? null,
      userPrincipalName: SEED.cliUser.upn,
      mail: SEED.cliUser.upn,
      jobTitle: 'Software Engineer',
      department: 'Engineering',
      officeLocation: 'Redmond 4/1120',
      preferredLanguage: 'en-US',
      usageLocation: 'US',
      createdDateTime: '2025-03-14T08:30:00Z',
    }),
  );
  const sp = SEED.servicePrincipal;
  directory.add({
    kind: 'application',
    id: newGuid(),
    appId: sp.clientId,
    tenantId,
    displayName: sp.displayName,
    description: null,
    signInAudience: 'AzureADMyOrg',
    identifierUris: [],
    publisherDomain: domain,
    redirectUris: [],
    tags: [],
    createdDateTime: '2025-03-14T08:00:00Z',
    passwordCredentials: [
      {
        keyId: newGuid(),
        displayName: 'azops-mcp',
        hint: sp.clientSecret.slice(0, 3),
        startDateTime: '2025-03-14T08:00:00Z',
        endDateTime: '2027-03-14T08:00:00Z',
      },
    ],
  });
  directory.add({
    kind: 'servicePrincipal',
    id: sp.objectId,
    appId: sp.clientId,
    tenantId,
    displayName: sp.displayName,
    servicePrincipalType: 'Application',
    accountEnabled: true,
    appOwnerOrganizationId: tenantId,
    servicePrincipalNames: [sp.clientId],
    alternativeNames: [],
    tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
    graphPermissions: [...SEEDED_GRAPH_PERMISSIONS],
  });
  const mi = SEED.managedIdentity;
  directory.add({
    kind: 'servicePrincipal',
    id: mi.objectId,
    appId: mi.clientId,
    tenantId,
    displayName: 'azops-app',
    servicePrincipalType: 'ManagedIdentity',
    accountEnabled: true,
    appOwnerOrganizationId: null,
    servicePrincipalNames: [mi.clientId, `https://identity.azure.net/${mi.clientId}`],
    alternativeNames: ['isExplicit=False', mi.resourceId],
    tags: [],
  });
}

declare module '../../core/state.js' {
  interface EmulatorStateParts {
    /** Entra ID directory objects as Microsoft Graph serves them. */
    readonly directory: DirectoryState;
  }
}

declare module '../../core/snapshot.js' {
  interface EmulatorSnapshot {
    directory: DirectoryObject[];
  }
}

export const DIRECTORY_SNAPSHOT: SnapshotPart = {
  save: ({ directory }) => ({ directory: [...directory.objects.values()] }),
  check(value) {
    records(value.directory, 'directory', { id: 'string', kind: 'string', tenantId: 'string' });
  },
  load({ directory }, snapshot) {
    replace(
      directory.objects,
      byLowerId(snapshot.directory, (o) => o.id),
    );
    // Saved before Graph permissions were kept: the seeded service principal keeps what it always had.
    const seeded = directory.get(SEED.servicePrincipal.objectId);
    if (seeded?.kind === 'servicePrincipal' && seeded.graphPermissions === undefined)
      seeded.graphPermissions = [...SEEDED_GRAPH_PERMISSIONS];
  },
};

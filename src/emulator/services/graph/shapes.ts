// Microsoft Graph v1.0 representations of directory objects: every property the emulator knows (what
// `$select` and `$filter` may name) and the default property set Graph returns without `$select`
// (for users only eleven properties: accountEnabled, department and the like need `$select`).
import type {
  DirectoryApplication,
  DirectoryGroup,
  DirectoryKind,
  DirectoryObject,
  DirectoryServicePrincipal,
  DirectoryUser,
} from './directory.js';

export interface EntityInfo {
  /** Entity set name in URLs and @odata.context. */
  set: string;
  /** OData type name, e.g. microsoft.graph.user. */
  type: string;
  /** Properties returned without $select; undefined means all. */
  defaults: readonly string[] | undefined;
}

export const ENTITY: Record<DirectoryKind, EntityInfo> = {
  user: {
    set: 'users',
    type: 'microsoft.graph.user',
    defaults: [
      'businessPhones',
      'displayName',
      'givenName',
      'jobTitle',
      'mail',
      'mobilePhone',
      'officeLocation',
      'preferredLanguage',
      'surname',
      'userPrincipalName',
      'id',
    ],
  },
  group: { set: 'groups', type: 'microsoft.graph.group', defaults: undefined },
  application: { set: 'applications', type: 'microsoft.graph.application', defaults: undefined },
  servicePrincipal: { set: 'servicePrincipals', type: 'microsoft.graph.servicePrincipal', defaults: undefined },
};

function userToGraph(user: DirectoryUser): Record<string, unknown> {
  return {
    id: user.id,
    businessPhones: [...user.businessPhones],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: user.jobTitle,
    mail: user.mail,
    mobilePhone: user.mobilePhone,
    officeLocation: user.officeLocation,
    preferredLanguage: user.preferredLanguage,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    accountEnabled: user.accountEnabled,
    department: user.department,
    companyName: null,
    createdDateTime: user.createdDateTime,
    mailNickname: user.mailNickname,
    otherMails: [],
    proxyAddresses: user.mail ? [`SMTP:${user.mail}`] : [],
    usageLocation: user.usageLocation,
    userType: user.userType,
    employeeId: null,
    city: null,
    country: null,
    onPremisesSyncEnabled: null,
  };
}

function groupToGraph(group: DirectoryGroup): Record<string, unknown> {
  return {
    id: group.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: group.createdDateTime,
    creationOptions: [],
    description: group.description,
    displayName: group.displayName,
    expirationDateTime: null,
    groupTypes: [...group.groupTypes],
    isAssignableToRole: null,
    mail: group.mail,
    mailEnabled: group.mailEnabled,
    mailNickname: group.mailNickname,
    membershipRule: null,
    membershipRuleProcessingState: null,
    onPremisesSyncEnabled: null,
    preferredDataLocation: null,
    preferredLanguage: null,
    proxyAddresses: group.mail ? [`SMTP:${group.mail}`] : [],
    renewedDateTime: group.createdDateTime,
    resourceBehaviorOptions: [],
    resourceProvisioningOptions: [],
    securityEnabled: group.securityEnabled,
    securityIdentifier: `S-1-12-1-${parseInt(group.id.slice(0, 8), 16)}-${parseInt(group.id.slice(9, 13), 16)}`,
    theme: null,
    visibility: group.visibility,
    onPremisesProvisioningErrors: [],
    serviceProvisioningErrors: [],
  };
}

function applicationToGraph(app: DirectoryApplication): Record<string, unknown> {
  return {
    id: app.id,
    deletedDateTime: null,
    appId: app.appId,
    applicationTemplateId: null,
    createdDateTime: app.createdDateTime,
    description: app.description,
    displayName: app.displayName,
    identifierUris: [...app.identifierUris],
    notes: null,
    publisherDomain: app.publisherDomain,
    signInAudience: app.signInAudience,
    tags: [...app.tags],
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      requestedAccessTokenVersion: null,
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
    },
    appRoles: [],
    info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
    keyCredentials: [],
    passwordCredentials: app.passwordCredentials.map((credential) => ({ customKeyIdentifier: null, secretText: null, ...credential })),
    requiredResourceAccess: [],
    web: {
      homePageUrl: null,
      logoutUrl: null,
      redirectUris: [...app.redirectUris],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
    },
  };
}

function servicePrincipalToGraph(sp: DirectoryServicePrincipal): Record<string, unknown> {
  return {
    id: sp.id,
    deletedDateTime: null,
    accountEnabled: sp.accountEnabled,
    alternativeNames: [...sp.alternativeNames],
    appDisplayName: sp.servicePrincipalType === 'Application' ? sp.displayName : null,
    appDescription: null,
    appId: sp.appId,
    applicationTemplateId: null,
    appOwnerOrganizationId: sp.appOwnerOrganizationId,
    appRoleAssignmentRequired: false,
    description: null,
    displayName: sp.displayName,
    homepage: null,
    loginUrl: null,
    logoutUrl: null,
    notes: null,
    replyUrls: [],
    servicePrincipalNames: [...sp.servicePrincipalNames],
    servicePrincipalType: sp.servicePrincipalType,
    signInAudience: sp.servicePrincipalType === 'Application' ? 'AzureADMyOrg' : null,
    tags: [...sp.tags],
    appRoles: [],
    keyCredentials: [],
    oauth2PermissionScopes: [],
    passwordCredentials: [],
  };
}

/** Every property Graph would show for the object. */
export function toGraph(object: DirectoryObject): Record<string, unknown> {
  switch (object.kind) {
    case 'user':
      return userToGraph(object);
    case 'group':
      return groupToGraph(object);
    case 'application':
      return applicationToGraph(object);
    case 'servicePrincipal':
      return servicePrincipalToGraph(object);
  }
}

const known = new Map<DirectoryKind, string[]>();

/** Names Graph accepts in `$select` / `$filter` for a kind (case-insensitively). */
export function knownProperties(kind: DirectoryKind): string[] {
  const cached = known.get(kind);
  if (cached) return cached;
  const sample: Record<DirectoryKind, DirectoryObject> = {
    user: {
      kind: 'user',
      id: '',
      tenantId: '',
      displayName: '',
      givenName: null,
      surname: null,
      userPrincipalName: '',
      mail: null,
      mailNickname: '',
      jobTitle: null,
      department: null,
      officeLocation: null,
      mobilePhone: null,
      businessPhones: [],
      preferredLanguage: null,
      accountEnabled: true,
      userType: 'Member',
      usageLocation: null,
      createdDateTime: '',
    },
    group: {
      kind: 'group',
      id: '00000000-0000',
      tenantId: '',
      displayName: '',
      description: null,
      mailNickname: '',
      mail: null,
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      visibility: null,
      createdDateTime: '',
      members: [],
    },
    application: {
      kind: 'application',
      id: '',
      appId: '',
      tenantId: '',
      displayName: '',
      description: null,
      signInAudience: '',
      identifierUris: [],
      publisherDomain: '',
      redirectUris: [],
      tags: [],
      createdDateTime: '',
      passwordCredentials: [],
    },
    servicePrincipal: {
      kind: 'servicePrincipal',
      id: '',
      appId: '',
      tenantId: '',
      displayName: '',
      servicePrincipalType: 'Application',
      accountEnabled: true,
      appOwnerOrganizationId: null,
      servicePrincipalNames: [],
      alternativeNames: [],
      tags: [],
    },
  };
  const names = Object.keys(toGraph(sample[kind]));
  known.set(kind, names);
  return names;
}

/** The object cut down to `$select` (or Graph's defaults), keys in the order Graph writes them. */
export function project(full: Record<string, unknown>, select: readonly string[] | undefined): Record<string, unknown> {
  if (!select) return full;
  const byLower = new Map(Object.keys(full).map((key) => [key.toLowerCase(), key]));
  const projected: Record<string, unknown> = {};
  for (const name of select) {
    const key = byLower.get(name.toLowerCase());
    if (key) projected[key] = full[key];
  }
  return projected;
}

// The identity side of the sandbox's demo estate: the management-group tree, Entra users, groups and
// applications, the web app's managed identity, and role assignments that tell a story (who owns
// dev, who may only read rg-web, which identity pulls from the registry). No HTTP: it writes state.
import type { EmulatedAzure } from '../emulated-azure.js';
import { assignRole, stableGuid } from '../services/authorization/state.js';
import { newUser, type DirectoryGroup, type DirectoryState } from '../services/graph/directory.js';
import { ROLE_IDS } from '../services/authorization/role-definitions.js';
import { SEED } from '../core/seed.js';
import { DEMO } from './names.js';

const DOMAIN = 'contoso.onmicrosoft.com';
const dev = `/subscriptions/${DEMO.devSubscriptionId}`;
const group = (name: string): string => `${dev}/resourceGroups/${name}`;

/** Ids other seeds (the ARM estate) need to agree on. */
export const DEMO_IDENTITY = {
  /** principalId of azops-web-frontend's system-assigned managed identity. */
  webAppPrincipalId: stableGuid('demo|mi|azops-web-frontend'),
  webAppResourceId: `${group(DEMO.resourceGroups.web)}/providers/Microsoft.Web/sites/${DEMO.webApps.running}`,
  registryResourceId: `${group(DEMO.resourceGroups.shared)}/providers/Microsoft.ContainerRegistry/registries/${DEMO.registry}`,
  appConfigResourceId: `${group(DEMO.resourceGroups.shared)}/providers/Microsoft.AppConfiguration/configurationStores/${DEMO.appConfigStore}`,
  appConfigSecureResourceId: `${group(DEMO.resourceGroups.shared)}/providers/Microsoft.AppConfiguration/configurationStores/${DEMO.appConfigSecureStore}`,
  storageAccountResourceId: `${group(DEMO.resourceGroups.shared)}/providers/Microsoft.Storage/storageAccounts/${DEMO.storageAccounts[0]}`,
  groups: {
    web: stableGuid('demo|group|web'),
    platform: stableGuid('demo|group|platform'),
    finance: stableGuid('demo|group|finance'),
    all: stableGuid('demo|group|all'),
  },
} as const;

/** [given, surname, alias, department, job title, enabled, guest] */
const PEOPLE: [string, string, string, string, string, boolean, boolean][] = [
  ['Alex', 'Wilber', 'alexw', 'Engineering', 'Senior Developer', true, false],
  ['Megan', 'Bowen', 'meganb', 'Engineering', 'Web Developer', true, false],
  ['Priya', 'Natarajan', 'priyan', 'Engineering', 'Site Reliability Engineer', true, false],
  ['Diego', 'Siciliani', 'diegos', 'IT Operations', 'Cloud Platform Lead', true, false],
  ['Lynne', 'Robbins', 'lynner', 'IT Operations', 'Network Engineer', true, false],
  ['Isaiah', 'Langer', 'isaiahl', 'Finance', 'Financial Analyst', true, false],
  ['Grady', 'Archie', 'gradya', 'Finance', 'Controller', false, false],
  ['Johanna', 'Lorenz', 'johannal', 'Sales', 'Account Executive', true, false],
  ['Lee', 'Gu', 'leeg', 'Sales', 'Sales Manager', true, false],
  ['Nestor', 'Wilke', 'nestorw', 'Human Resources', 'HR Business Partner', false, false],
  ['Pradeep', 'Gupta', 'pradeepg', 'Marketing', 'Marketing Specialist', true, false],
  ['Oliver', 'Auditor', 'oliver.auditor_fabrikam.com#EXT#', 'Compliance', 'External Auditor', true, true],
  // A quote in the name and the UPN: filters and paths must escape it.
  ['Sean', "O'Brien", "sean.o'brien", 'Sales', 'Regional Sales Director', true, false],
];

export function seedIdentityDemoEstate(azure: EmulatedAzure): void {
  const state = azure.state;
  const groups = state.managementGroups;
  groups.upsert(DEMO.managementGroups.platform, 'Platform', DEMO.managementGroups.root);
  groups.upsert(DEMO.managementGroups.workloads, 'Workloads', DEMO.managementGroups.root);
  groups.moveSubscription(DEMO.devSubscriptionId, DEMO.managementGroups.workloads);
  groups.moveSubscription(DEMO.prodSubscriptionId, DEMO.managementGroups.workloads);
  groups.moveSubscription(SEED.inaccessibleSubscriptionId, DEMO.managementGroups.platform);
  // The third seeded subscription (Contoso Legacy, disabled) stays directly under the tenant root.

  const people = seedPeople(state.directory);
  seedGroups(state.directory, people);
  seedApplications(state.directory);

  const grant = (scope: string, role: string, principalId: string): void =>
    void assignRole(state, { scope, role, principalId, createdBy: SEED.cliUser.objectId });
  grant(dev, ROLE_IDS.contributor, SEED.servicePrincipal.objectId);
  // The sandbox signs in as this service principal; it may manage access too, so the RBAC tools work there.
  grant(dev, ROLE_IDS.userAccessAdministrator, SEED.servicePrincipal.objectId);
  grant(dev, ROLE_IDS.owner, SEED.cliUser.objectId);
  grant(group(DEMO.resourceGroups.web), ROLE_IDS.reader, people['oliver.auditor_fabrikam.com#EXT#'] as string);
  grant(group(DEMO.resourceGroups.web), ROLE_IDS.websiteContributor, DEMO_IDENTITY.groups.web);
  grant(group(DEMO.resourceGroups.network), ROLE_IDS.networkContributor, DEMO_IDENTITY.groups.platform);
  grant(group(DEMO.resourceGroups.compute), ROLE_IDS.virtualMachineContributor, people['priyan'] as string);
  grant(group(DEMO.resourceGroups.compute), ROLE_IDS.customVmOperator, people['alexw'] as string);
  grant(`/subscriptions/${DEMO.prodSubscriptionId}`, ROLE_IDS.reader, DEMO_IDENTITY.groups.finance);
  grant(`/providers/Microsoft.Management/managementGroups/${DEMO.managementGroups.platform}`, ROLE_IDS.owner, people['diegos'] as string);
  grant(DEMO_IDENTITY.registryResourceId, ROLE_IDS.acrPull, DEMO_IDENTITY.webAppPrincipalId);
  grant(DEMO_IDENTITY.appConfigResourceId, ROLE_IDS.appConfigurationDataReader, DEMO_IDENTITY.webAppPrincipalId);
  // Data-plane roles: Owner/Contributor do not reach App Configuration or blob data, as in Azure.
  grant(DEMO_IDENTITY.appConfigResourceId, ROLE_IDS.appConfigurationDataOwner, SEED.servicePrincipal.objectId);
  grant(DEMO_IDENTITY.appConfigResourceId, ROLE_IDS.appConfigurationDataOwner, SEED.cliUser.objectId);
  // The store without access keys: the web app reads it, the sandbox's principal manages it.
  grant(DEMO_IDENTITY.appConfigSecureResourceId, ROLE_IDS.appConfigurationDataReader, DEMO_IDENTITY.webAppPrincipalId);
  grant(DEMO_IDENTITY.appConfigSecureResourceId, ROLE_IDS.appConfigurationDataOwner, SEED.servicePrincipal.objectId);
  grant(DEMO_IDENTITY.storageAccountResourceId, ROLE_IDS.storageBlobDataContributor, SEED.cliUser.objectId);
  grant(DEMO_IDENTITY.storageAccountResourceId, ROLE_IDS.storageBlobDataReader, DEMO_IDENTITY.webAppPrincipalId);
}

/**
 * The store staff: enough users that a list reads more than one page of Graph's default 100 (and more than the
 * tools' default 50). Seeded by seedDemoEstate only, so the directory tests keep the short list of people above.
 */
export function seedStoreStaff(azure: EmulatedAzure): void {
  const given = ['Avery', 'Blake', 'Casey', 'Devon', 'Emery', 'Finley', 'Harper', 'Jordan', 'Kendall', 'Logan', 'Morgan'];
  const family = ['Abbott', 'Barnes', 'Chandler', 'Dalton', 'Ellison', 'Fletcher', 'Garrison', 'Holloway', 'Ingram', 'Jennings'];
  given.forEach((givenName, g) =>
    family.forEach((surname, f) => {
      const alias = `${givenName}.${surname}`.toLowerCase();
      azure.state.directory.add(
        newUser({
          id: stableGuid(`demo|user|${alias}`),
          tenantId: DEMO.tenantId,
          displayName: `${givenName} ${surname}`,
          givenName,
          surname,
          userPrincipalName: `${alias}@${DOMAIN}`,
          mail: `${alias}@${DOMAIN}`,
          department: 'Retail Stores',
          jobTitle: 'Store Associate',
          officeLocation: `Store ${100 + g * 10 + f}`,
          preferredLanguage: 'en-US',
          usageLocation: 'US',
          createdDateTime: '2025-06-01T09:00:00Z',
        }),
      );
    }),
  );
}

/** Users by alias → object id. */
function seedPeople(directory: DirectoryState): Record<string, string> {
  const ids: Record<string, string> = {};
  PEOPLE.forEach(([givenName, surname, alias, department, jobTitle, accountEnabled, guest], index) => {
    const id = stableGuid(`demo|user|${alias}`);
    directory.add(
      newUser({
        id,
        tenantId: DEMO.tenantId,
        displayName: `${givenName} ${surname}`,
        givenName,
        surname,
        userPrincipalName: `${alias}@${DOMAIN}`,
        mail: guest ? 'oliver.auditor@fabrikam.com' : `${alias}@${DOMAIN}`,
        mailNickname: alias.replace(/#EXT#$/, ''),
        department,
        jobTitle,
        accountEnabled,
        userType: guest ? 'Guest' : 'Member',
        officeLocation: guest ? null : `${18 + (index % 4)}/${2100 + index * 7}`,
        businessPhones: guest ? [] : [`+1 425 555 01${String(index).padStart(2, '0')}`],
        preferredLanguage: 'en-US',
        usageLocation: 'US',
        createdDateTime: `2025-0${1 + (index % 9)}-1${index % 10}T09:00:00Z`,
      }),
    );
    ids[alias] = id;
  });
  return ids;
}

function seedGroups(directory: DirectoryState, people: Record<string, string>): void {
  const make = (id: string, displayName: string, description: string, members: string[], unified = false): DirectoryGroup => ({
    kind: 'group',
    id,
    tenantId: DEMO.tenantId,
    displayName,
    description,
    mailNickname: displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    mail: unified ? `${displayName.toLowerCase().replace(/[^a-z0-9]+/g, '')}@${DOMAIN}` : null,
    mailEnabled: unified,
    securityEnabled: !unified,
    groupTypes: unified ? ['Unified'] : [],
    visibility: unified ? 'Public' : null,
    createdDateTime: '2025-02-01T10:00:00Z',
    members,
  });
  const by = (...aliases: string[]): string[] => aliases.map((alias) => people[alias] as string);
  directory.add(
    make(DEMO_IDENTITY.groups.web, 'Web Team', 'Builds and runs the Contoso web front end.', [
      ...by('alexw', 'meganb'),
      SEED.cliUser.objectId,
    ]),
  );
  directory.add(
    make(DEMO_IDENTITY.groups.platform, 'Platform Engineers', 'Owns networking, compute images and the shared platform.', [
      ...by('priyan', 'diegos', 'lynner'),
      DEMO_IDENTITY.groups.web,
    ]),
  );
  directory.add(
    make(DEMO_IDENTITY.groups.finance, 'Finance Readers', 'Read-only access to production for cost reviews.', by('isaiahl', 'gradya')),
  );
  directory.add(
    make(
      DEMO_IDENTITY.groups.all,
      'All Contoso',
      'Everyone at Contoso.',
      [...Object.values(people).filter((id) => id !== people['oliver.auditor_fabrikam.com#EXT#']), SEED.cliUser.objectId],
      true,
    ),
  );
}

function seedApplications(directory: DirectoryState): void {
  const apps: [string, string, string[], boolean][] = [
    ['contoso-billing-api', 'Internal billing API used by the finance portal.', ['api://contoso-billing'], true],
    ['contoso-github-deployer', 'Workload identity for GitHub Actions deployments.', [], true],
    ['contoso-internal-portal', 'Employee portal (single-page app).', [], false],
  ];
  for (const [displayName, description, identifierUris, withServicePrincipal] of apps) {
    const appId = stableGuid(`demo|appId|${displayName}`);
    directory.add({
      kind: 'application',
      id: stableGuid(`demo|app|${displayName}`),
      appId,
      tenantId: DEMO.tenantId,
      displayName,
      description,
      signInAudience: 'AzureADMyOrg',
      identifierUris,
      publisherDomain: DOMAIN,
      redirectUris: displayName.includes('portal') ? ['https://portal.contoso.com/auth/callback'] : [],
      tags: [],
      createdDateTime: '2025-04-02T12:00:00Z',
      passwordCredentials: displayName.includes('billing')
        ? [
            {
              keyId: stableGuid(`demo|secret|${displayName}`),
              displayName: 'ci',
              hint: 'Q7r',
              startDateTime: '2025-04-02T12:00:00Z',
              endDateTime: '2026-04-02T12:00:00Z',
            },
          ]
        : [],
    });
    if (withServicePrincipal) {
      directory.add({
        kind: 'servicePrincipal',
        id: stableGuid(`demo|sp|${displayName}`),
        appId,
        tenantId: DEMO.tenantId,
        displayName,
        servicePrincipalType: 'Application',
        accountEnabled: true,
        appOwnerOrganizationId: DEMO.tenantId,
        servicePrincipalNames: [appId, ...identifierUris],
        alternativeNames: [],
        tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
      });
    }
  }
  // azops-web-frontend's system-assigned identity: a service principal of type ManagedIdentity.
  const clientId = stableGuid('demo|mi-client|azops-web-frontend');
  directory.add({
    kind: 'servicePrincipal',
    id: DEMO_IDENTITY.webAppPrincipalId,
    appId: clientId,
    tenantId: DEMO.tenantId,
    displayName: DEMO.webApps.running,
    servicePrincipalType: 'ManagedIdentity',
    accountEnabled: true,
    appOwnerOrganizationId: null,
    servicePrincipalNames: [clientId, `https://identity.azure.net/${stableGuid('demo|mi-thumb|azops-web-frontend')}`],
    alternativeNames: ['isExplicit=False', DEMO_IDENTITY.webAppResourceId],
    tags: [],
  });
}

// Managed identities of App Service sites, as Azure keeps them: a system-assigned identity gets a principal
// (a ManagedIdentity service principal in the directory, so role assignments can name it) when it is turned
// on by PUT or PATCH, and loses it when turned off; user-assigned identities are listed only while the
// identity type names UserAssigned, each with its principal and client id.
import { asDoc, asString, isDoc, stableGuid } from '../../core/resources/documents.js';
import { idKey } from '../../core/resources/ids.js';
import type { StoredResource } from '../../core/resources/model.js';
import type { ResourceStore } from '../../core/resources/store.js';
import { newGuid } from '../../core/util.js';

const hasType = (type: unknown, wanted: string): boolean =>
  typeof type === 'string' &&
  type
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .includes(wanted.toLowerCase());

/** Brings the identity block in line with its type (called on every site write). */
export function normalizeIdentity(site: StoredResource, tenantId: string | undefined): void {
  const identity = site.doc['identity'];
  if (!isDoc(identity)) return;
  const type = identity['type'];
  if (hasType(type, 'SystemAssigned')) {
    identity['principalId'] ??= newGuid();
    if (tenantId) identity['tenantId'] ??= tenantId;
  } else {
    delete identity['principalId'];
    delete identity['tenantId'];
  }
  if (!hasType(type, 'UserAssigned')) {
    delete identity['userAssignedIdentities'];
    return;
  }
  const assigned = asDoc(identity['userAssignedIdentities']);
  for (const [id, value] of Object.entries(assigned)) {
    const entry = asDoc(value);
    entry['principalId'] ??= stableGuid(`uami-principal|${idKey(id)}`);
    entry['clientId'] ??= stableGuid(`uami-client|${idKey(id)}`);
    assigned[id] = entry;
  }
  identity['userAssignedIdentities'] = assigned;
}

/** The directory object behind a site's system-assigned identity, added when missing. */
export function registerSystemIdentity(site: StoredResource, store: ResourceStore): void {
  const identity = asDoc(site.doc['identity']);
  const principalId = asString(identity['principalId']);
  const tenantId = asString(identity['tenantId']);
  const directory = store.host.directory;
  if (!principalId || !tenantId || directory.get(principalId)) return;
  const appId = stableGuid(`mi-client|${principalId}`);
  directory.add({
    kind: 'servicePrincipal',
    id: principalId,
    appId,
    tenantId,
    displayName: site.name,
    servicePrincipalType: 'ManagedIdentity',
    accountEnabled: true,
    appOwnerOrganizationId: null,
    servicePrincipalNames: [appId, `https://identity.azure.net/${stableGuid(`mi-thumb|${principalId}`)}`],
    alternativeNames: ['isExplicit=False', site.id],
    tags: [],
  });
}

/** Removes the directory object of a system-assigned identity that is gone (site deleted or identity off). */
export function unregisterSystemIdentity(principalId: string | undefined, store: ResourceStore): void {
  if (!principalId) return;
  const object = store.host.directory.get(principalId);
  if (object?.kind === 'servicePrincipal' && object.servicePrincipalType === 'ManagedIdentity') store.host.directory.remove(principalId);
}

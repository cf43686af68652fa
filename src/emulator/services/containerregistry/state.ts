// Container registries as their data plane ({name}.azurecr.io) sees them: repositories, tags and
// manifests, the admin user's two passwords (what ARM's listCredentials returns) and the ACR refresh
// and access tokens the OAuth2 endpoints issue. The ARM side calls `ensureRegistry` when a registry
// is created and `registryCredentials` for listCredentials.
import { createHash, randomBytes } from 'node:crypto';
import { byLowerId, records, replace, type SnapshotPart } from '../../core/snapshot.js';

export interface ChangeableAttributes {
  deleteEnabled: boolean;
  writeEnabled: boolean;
  readEnabled: boolean;
  listEnabled: boolean;
}

export interface RegistryTag extends ChangeableAttributes {
  name: string;
  digest: string;
  createdTime: string;
  lastUpdateTime: string;
}

export interface RegistryManifest extends ChangeableAttributes {
  digest: string;
  imageSize: number;
  createdTime: string;
  lastUpdateTime: string;
  architecture: string;
  os: string;
}

export interface RegistryRepository extends ChangeableAttributes {
  name: string;
  createdTime: string;
  lastUpdateTime: string;
  /** By tag name. */
  tags: Map<string, RegistryTag>;
  /** By digest. */
  manifests: Map<string, RegistryManifest>;
}

export interface Registry {
  /** Lower-case, as ACR names are. */
  name: string;
  /** `{name}.azurecr.io` */
  loginServer: string;
  /** The ARM resource id; when set, AAD callers need RBAC (AcrPull, Reader, ...) on it. */
  resourceId: string | undefined;
  adminUserEnabled: boolean;
  passwords: { name: 'password' | 'password2'; value: string }[];
  /** By repository name. */
  repositories: Map<string, RegistryRepository>;
}

/** What an ACR token grants: `repository:web/frontend:pull,push`, `registry:catalog:*`. */
export interface AcrAccess {
  type: string;
  name: string;
  actions: string[];
}

export interface AcrTokenGrant {
  kind: 'refresh' | 'access';
  registry: string;
  /** The AAD principal's object id, or `admin` for the admin user. */
  subject: string;
  tenantId: string | undefined;
  access: AcrAccess[];
  expiresAt: number;
}

export class RegistryState {
  /** By lower-case registry name. */
  readonly registries = new Map<string, Registry>();
  /** Refresh and access tokens issued by every registry's /oauth2 endpoints. */
  readonly tokens = new Map<string, AcrTokenGrant>();
  /** Signs the SAS links to task run logs (run-logs.ts); a new process makes new links. */
  readonly logKey = randomBytes(32);
}

export interface RegistryOptions {
  resourceId?: string;
  adminUserEnabled?: boolean;
}

const ALL_ENABLED: ChangeableAttributes = { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true };

/** The registry with this name, created (empty, admin user disabled) when missing. */
export function ensureRegistry(state: { registries: RegistryState }, name: string, options: RegistryOptions = {}): Registry {
  const key = name.toLowerCase();
  let registry = state.registries.registries.get(key);
  if (!registry) {
    registry = {
      name: key,
      loginServer: `${key}.azurecr.io`,
      resourceId: undefined,
      adminUserEnabled: false,
      // Derived from the name, so a registry's passwords are the same in every emulator process.
      passwords: [
        { name: 'password', value: derivePassword(key, 'password') },
        { name: 'password2', value: derivePassword(key, 'password2') },
      ],
      repositories: new Map(),
    };
    state.registries.registries.set(key, registry);
  }
  if (options.resourceId !== undefined) registry.resourceId = options.resourceId;
  if (options.adminUserEnabled !== undefined) registry.adminUserEnabled = options.adminUserEnabled;
  return registry;
}

export function deleteRegistry(state: { registries: RegistryState }, name: string): boolean {
  return state.registries.registries.delete(name.toLowerCase());
}

/** The body of ARM's POST .../registries/{name}/listCredentials (RegistryListCredentials.json). */
export function registryCredentials(registry: Registry): { username: string; passwords: { name: string; value: string }[] } {
  return { username: registry.name, passwords: registry.passwords.map((password) => ({ ...password })) };
}

/** ARM's regenerateCredential. */
export function regenerateRegistryPassword(registry: Registry, name: 'password' | 'password2'): void {
  const password = registry.passwords.find((candidate) => candidate.name === name);
  if (password) password.value = randomBytes(39).toString('base64').replace(/[+/=]/g, '').slice(0, 52);
}

export interface PushImageInput {
  repository: string;
  tag: string;
  /** Defaults to a digest derived from registry, repository and tag. */
  digest?: string;
  imageSize?: number;
  architecture?: string;
  os?: string;
  /** When the image was pushed (ISO 8601); defaults to now. */
  at?: string;
}

/** Records an image push: the repository, manifest and tag appear, as after `docker push`. */
export function pushImage(registry: Registry, input: PushImageInput): RegistryTag {
  const at = input.at ?? acrTime();
  let repository = registry.repositories.get(input.repository);
  if (!repository) {
    repository = { name: input.repository, createdTime: at, lastUpdateTime: at, ...ALL_ENABLED, tags: new Map(), manifests: new Map() };
    registry.repositories.set(input.repository, repository);
  }
  const digest = input.digest ?? `sha256:${createHash('sha256').update(`${registry.name}/${input.repository}:${input.tag}`).digest('hex')}`;
  if (!repository.manifests.has(digest)) {
    repository.manifests.set(digest, {
      digest,
      imageSize: input.imageSize ?? 52_428_800,
      createdTime: at,
      lastUpdateTime: at,
      architecture: input.architecture ?? 'amd64',
      os: input.os ?? 'linux',
      ...ALL_ENABLED,
    });
  }
  const previous = repository.tags.get(input.tag);
  const tag: RegistryTag = { name: input.tag, digest, createdTime: previous?.createdTime ?? at, lastUpdateTime: at, ...ALL_ENABLED };
  repository.tags.set(input.tag, tag);
  if (at > repository.lastUpdateTime) repository.lastUpdateTime = at;
  return tag;
}

/** ACR's timestamps: ISO 8601 with 7 fractional digits. */
export function acrTime(date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

function derivePassword(name: string, which: string): string {
  // ACR admin passwords are 52 characters of base64 alphabet.
  return createHash('sha512').update(`azops-emulated-acr|${name}|${which}`).digest('base64').replace(/[+/=]/g, '').slice(0, 52);
}

declare module '../../core/state.js' {
  interface EmulatorStateParts {
    /** Container registries' repositories, admin credentials and ACR tokens ({name}.azurecr.io). */
    readonly registries: RegistryState;
  }
}

export type SnapshotRepository = Omit<RegistryRepository, 'tags' | 'manifests'> & { tags: RegistryTag[]; manifests: RegistryManifest[] };
export type SnapshotRegistry = Omit<Registry, 'repositories'> & { repositories: SnapshotRepository[] };

declare module '../../core/snapshot.js' {
  interface EmulatorSnapshot {
    registries: SnapshotRegistry[];
  }
}

/** ACR tokens are not kept: a new process signs in again. */
export const REGISTRY_SNAPSHOT: SnapshotPart = {
  save: ({ registries }) => ({
    registries: [...registries.registries.values()].map((registry) => ({
      ...registry,
      repositories: [...registry.repositories.values()].map((repository) => ({
        ...repository,
        tags: [...repository.tags.values()],
        manifests: [...repository.manifests.values()],
      })),
    })),
  }),
  check(value) {
    records(value.registries, 'registries', { name: 'string', loginServer: 'string', passwords: 'array', repositories: 'array' }).forEach(
      (registry, index) => {
        records(registry.repositories, `registries[${index}].repositories`, { name: 'string', tags: 'array', manifests: 'array' }).forEach(
          (repository, r) => {
            records(repository.tags, `registries[${index}].repositories[${r}].tags`, { name: 'string', digest: 'string' });
            records(repository.manifests, `registries[${index}].repositories[${r}].manifests`, { digest: 'string' });
          },
        );
      },
    );
  },
  load({ registries }, snapshot) {
    replace(
      registries.registries,
      byLowerId(
        snapshot.registries.map(({ repositories, ...registry }): Registry => ({
          ...registry,
          repositories: new Map(
            repositories.map(({ tags, manifests, ...repository }): [string, RegistryRepository] => [
              repository.name,
              {
                ...repository,
                tags: new Map(tags.map((tag) => [tag.name, tag])),
                manifests: new Map(manifests.map((manifest) => [manifest.digest, manifest])),
              },
            ]),
          ),
        })),
        (r) => r.name,
      ),
    );
    registries.tokens.clear();
  },
};

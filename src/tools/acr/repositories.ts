import { z } from 'zod';
import type { ContainerRegistryClient } from '@azure/container-registry';
import { defineTool } from '../define.js';
import { acrClient, registryDataClient } from '../../azure/clients-acr.js';
import type { AzureSession } from '../../azure/session.js';
import { bounded, limitInput, listOutput, listText } from '../list.js';
import { nameInput, resourceGroupInput } from '../arm-common.js';
import { ACR_NAME_RULES, loginServerOf, registryNameInput } from './common.js';

/** Repositories a listing reads at most (their properties are one request each, eight at a time). */
const MAX_REPOSITORIES = 1000;
const CONCURRENCY = 8;

/** The registry's data-plane client, found through ARM (its login server is never guessed). */
async function dataPlaneOf(
  session: AzureSession,
  resourceGroup: string,
  registryName: string,
  signal: AbortSignal,
): Promise<{ client: ContainerRegistryClient; loginServer: string }> {
  const { client } = await acrClient(session);
  const loginServer = loginServerOf(await client.registries.get(resourceGroup, registryName, { abortSignal: signal }));
  return { client: await registryDataClient(session, loginServer), loginServer };
}

async function mapLimited<T, R>(items: T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

const repositoryRow = z.object({
  name: z.string(),
  tagCount: z.number(),
  manifestCount: z.number(),
  lastUpdated: z.string(),
  latestDigest: z.string().nullable().describe('Digest of the most recently pushed image.'),
  latestTags: z.array(z.string()).describe('Tags of the most recently pushed image.'),
  latestSizeBytes: z.number().nullable().describe('Size of the most recently pushed image.'),
});

export const listRepositories = defineTool({
  name: 'acr_list_repositories',
  title: 'List repositories in a container registry',
  description:
    "Lists a registry's repositories, most recently pushed first, with tag and image counts and the newest image's digest, tags and size (data plane, with the signed-in identity: Reader, AcrPull or more on the registry).",
  access: 'read',
  example: { resource_group: 'rg-shared', registry_name: 'azopsdemoacr' },
  inputSchema: z.object({ resource_group: resourceGroupInput, registry_name: registryNameInput, limit: limitInput() }),
  outputSchema: listOutput(repositoryRow),
  async handler({ resource_group, registry_name, limit }, { session, signal }) {
    const { client, loginServer } = await dataPlaneOf(session, resource_group, registry_name, signal);
    const names: string[] = [];
    let more = false;
    for await (const name of client.listRepositoryNames({ abortSignal: signal })) {
      if (names.length === MAX_REPOSITORIES) {
        more = true;
        break;
      }
      names.push(name);
    }
    const properties = await mapLimited(names, CONCURRENCY, (name) => client.getRepository(name).getProperties({ abortSignal: signal }));
    properties.sort((a, b) => b.lastUpdatedOn.getTime() - a.lastUpdatedOn.getTime() || a.name.localeCompare(b.name));
    const shown = properties.slice(0, limit);
    const rows = await mapLimited(shown, CONCURRENCY, async (repository) => {
      const pages = client
        .getRepository(repository.name)
        .listManifestProperties({ order: 'LastUpdatedOnDescending', abortSignal: signal })
        .byPage({ maxPageSize: 1 });
      const first = (await pages.next()).value?.[0];
      return {
        name: repository.name,
        tagCount: repository.tagCount,
        manifestCount: repository.manifestCount,
        lastUpdated: repository.lastUpdatedOn.toISOString(),
        latestDigest: first?.digest ?? null,
        latestTags: first?.tags ?? [],
        latestSizeBytes: first?.sizeInBytes ?? null,
      };
    });
    const data = bounded(rows, limit, more ? `only the first ${MAX_REPOSITORIES} repositories were read` : undefined, properties.length);
    const text = listText('repositories', `in ${registry_name} (${loginServer})`, data, (r) => {
      const latest = r.latestDigest
        ? `, newest ${r.latestTags.length ? r.latestTags.join(',') : 'untagged'} ${r.latestDigest.slice(0, 19)}… ${mb(r.latestSizeBytes)}`
        : '';
      return `${r.name}: ${r.tagCount} tag(s), ${r.manifestCount} image(s), pushed ${r.lastUpdated}${latest}`;
    });
    return { data, text: more ? `${text}\nThe registry has more than ${MAX_REPOSITORIES} repositories; only those were read.` : text };
  },
});

function mb(bytes: number | null): string {
  return bytes === null ? '' : `${(bytes / 1_000_000).toFixed(1)} MB`;
}

const tagRow = z.object({
  name: z.string().describe('The tag.'),
  digest: z.string(),
  sizeBytes: z.number().nullable(),
  pushed: z.string().describe('When the image was last pushed or updated.'),
  architecture: z.string().nullable(),
  os: z.string().nullable(),
});

export const listTags = defineTool({
  name: 'acr_list_tags',
  title: 'List tags of a repository',
  description:
    "Lists a repository's tags, newest image first, each with the image digest, size, platform and push time (tags of one image share its digest). Data plane, with the signed-in identity.",
  access: 'read',
  example: { resource_group: 'rg-shared', registry_name: 'azopsdemoacr', repository: 'web/frontend' },
  inputSchema: z.object({
    resource_group: resourceGroupInput,
    registry_name: registryNameInput,
    repository: nameInput(ACR_NAME_RULES.repository).describe('Repository name, such as web/frontend (no registry host, no tag).'),
    limit: limitInput(),
  }),
  outputSchema: listOutput(tagRow),
  async handler({ resource_group, registry_name, repository, limit }, { session, signal }) {
    const { client, loginServer } = await dataPlaneOf(session, resource_group, registry_name, signal);
    const repo = client.getRepository(repository);
    const { tagCount } = await repo.getProperties({ abortSignal: signal });
    const rows: z.infer<typeof tagRow>[] = [];
    // Manifests newest first carry their tags: stop once `limit` tags are in hand.
    for await (const manifest of repo.listManifestProperties({ order: 'LastUpdatedOnDescending', abortSignal: signal })) {
      for (const tag of [...manifest.tags].sort())
        rows.push({
          name: tag,
          digest: manifest.digest,
          sizeBytes: manifest.sizeInBytes ?? null,
          pushed: manifest.lastUpdatedOn.toISOString(),
          architecture: manifest.architecture ?? null,
          os: manifest.operatingSystem ?? null,
        });
      if (rows.length >= limit) break;
    }
    const data = bounded(rows, limit, undefined, Math.max(tagCount, rows.length));
    const text = listText(
      'tags',
      `of ${loginServer}/${repository}`,
      data,
      (t) => `${t.name}: ${t.digest}, ${mb(t.sizeBytes) || 'size unknown'}, ${t.os ?? '?'}/${t.architecture ?? '?'}, pushed ${t.pushed}`,
    );
    return { data, text };
  },
});

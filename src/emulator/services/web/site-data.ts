// What an App Service site keeps outside its ARM document: app settings and connection strings (only
// config/appsettings and config/connectionstrings list them, never the site's GET) and the container's
// log lines (POST .../containerlogs). They live in the site's runtime, so snapshots carry them.
import { asArray, asDoc, asString, isDoc } from '../../core/resources/documents.js';
import type { Doc, StoredResource } from '../../core/resources/model.js';

export interface ConnectionStringValue {
  value: string;
  type: string;
}

declare module '../../core/resources/model.js' {
  interface ResourceRuntime {
    /** App Service sites: config/appsettings. */
    appSettings?: Record<string, string>;
    /** App Service sites: config/connectionstrings. */
    connectionStrings?: Record<string, ConnectionStringValue>;
    /** App Service sites: the container's log lines, oldest first. */
    containerLog?: string[];
    /** App Service sites: the principal of the system-assigned identity last registered in the directory. */
    systemPrincipalId?: string;
  }
}

/** How many log lines a site keeps (Azure serves the last lines of the current docker log). */
const LOG_LINES_KEPT = 2000;

/** The connection string types Azure accepts (ConnectionStringType). */
export const CONNECTION_STRING_TYPES = [
  'MySql',
  'SQLServer',
  'SQLAzure',
  'Custom',
  'NotificationHub',
  'ServiceBus',
  'EventHub',
  'ApiHub',
  'DocDb',
  'RedisCache',
  'PostgreSQL',
];

/** siteConfig.appSettings ([{name, value}]) as a dictionary; undefined when the body did not list them. */
export function appSettingsFromSiteConfig(config: Doc): Record<string, string> | undefined {
  if (!Array.isArray(config['appSettings'])) return undefined;
  const settings: Record<string, string> = {};
  for (const pair of asArray(config['appSettings']).filter(isDoc)) {
    const name = asString(pair['name']);
    if (name) settings[name] = asString(pair['value']) ?? '';
  }
  return settings;
}

/** siteConfig.connectionStrings ([{name, connectionString, type}]) as a dictionary. */
export function connectionStringsFromSiteConfig(config: Doc): Record<string, ConnectionStringValue> | undefined {
  if (!Array.isArray(config['connectionStrings'])) return undefined;
  const strings: Record<string, ConnectionStringValue> = {};
  for (const entry of asArray(config['connectionStrings']).filter(isDoc)) {
    const name = asString(entry['name']);
    if (name) strings[name] = { value: asString(entry['connectionString']) ?? '', type: asString(entry['type']) ?? 'Custom' };
  }
  return strings;
}

/** Appends docker-log lines, stamped now, keeping the last LOG_LINES_KEPT. */
export function appendContainerLog(site: StoredResource, ...lines: string[]): void {
  const stamp = new Date().toISOString();
  const log = site.runtime.containerLog ?? [];
  log.push(...lines.map((line) => `${stamp} ${line}`));
  site.runtime.containerLog = log.length > LOG_LINES_KEPT ? log.slice(-LOG_LINES_KEPT) : log;
}

/** The container image a site runs: the part after DOCKER| in linuxFxVersion or windowsFxVersion. */
export function containerImage(config: Doc): string | undefined {
  for (const key of ['linuxFxVersion', 'windowsFxVersion']) {
    const value = asString(config[key]) ?? '';
    if (/^docker\|/i.test(value)) return value.slice('DOCKER|'.length);
    if (/^compose\|/i.test(value)) return 'compose';
  }
  return undefined;
}

/** What a (re)starting container writes to the docker log. */
export function containerStartLines(site: StoredResource, config: Doc): string[] {
  const image = containerImage(config);
  if (!image) return [];
  const name = site.name.toLowerCase();
  const [, repository = image, tag = 'latest'] = /^(?:[^/]*[.:][^/]*\/)?([^:@]+)(?::([^@]+))?/.exec(image) ?? [];
  const pull = image === 'compose' ? [] : [`INFO  - Pulling image: ${image}`, `INFO  - ${tag} Pulling from ${repository}`];
  return [
    ...pull,
    `INFO  - Starting container for site`,
    `INFO  - docker run -d --expose=80 --name ${name}_0 -e WEBSITE_SITE_NAME=${name} -e WEBSITE_HOSTNAME=${name}.azurewebsites.net ${image === 'compose' ? '' : image}`.trimEnd(),
    `INFO  - Initiating warmup request to container ${name}_0 for site ${name}`,
    `INFO  - Container ${name}_0 for site ${name} initialized successfully and is ready to serve requests.`,
  ];
}

/** The site's config/web document, when it has one. */
export function webConfigOf(children: StoredResource[]): Doc {
  return asDoc(children.find((child) => child.name.toLowerCase() === 'web')?.doc.properties);
}

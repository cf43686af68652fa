// The activity log (Microsoft.Insights eventtypes/management): one Started event when a write, delete
// or action begins and one Succeeded/Failed event when it ends, served newest first with the
// $filter grammar Azure Monitor accepts (an eventTimestamp window plus optional equality clauses).
import { newGuid } from '../util.js';
import type { Actor, ArmErrorInfo, Doc } from './model.js';

export type EventStatus = 'Started' | 'Accepted' | 'Succeeded' | 'Failed';

export interface ActivityEvent {
  eventDataId: string;
  correlationId: string;
  operationId: string;
  /** e.g. Microsoft.Compute/virtualMachines/start/action */
  operationName: string;
  status: EventStatus;
  /** The HTTP status the operation ended with (subStatus), when it ended. */
  httpStatus?: number;
  /** Epoch milliseconds. */
  timestamp: number;
  subscriptionId: string;
  tenantId: string;
  resourceGroup?: string;
  resourceId: string;
  resourceType: string;
  caller: string;
  claims: Record<string, string>;
  method: string;
  clientRequestId: string;
  level: 'Informational' | 'Warning' | 'Error';
  error?: { code: string; message: string };
}

export type NewEvent = Omit<ActivityEvent, 'eventDataId' | 'claims' | 'clientRequestId' | 'level' | 'tenantId' | 'caller'> & {
  actor: Actor;
  clientRequestId?: string;
  level?: ActivityEvent['level'];
};

export interface ActivityFilter {
  from: number;
  to: number;
  /** Lower-case field → lower-case wanted value. */
  equals: Map<string, string>;
}

export class ActivityLog {
  readonly events: ActivityEvent[] = [];

  record(input: NewEvent): ActivityEvent {
    const { actor, ...rest } = input;
    const event: ActivityEvent = {
      ...rest,
      eventDataId: newGuid(),
      caller: actor.name,
      tenantId: actor.tenantId,
      claims: claimsOf(actor, input.timestamp),
      clientRequestId: input.clientRequestId ?? newGuid(),
      level: input.level ?? (input.status === 'Failed' ? 'Error' : 'Informational'),
    };
    this.events.push(event);
    return event;
  }

  /** Events of a subscription matching the filter, newest first (of two in the same millisecond, the later recorded). */
  query(subscriptionId: string, filter: ActivityFilter): ActivityEvent[] {
    const sub = subscriptionId.toLowerCase();
    return this.events
      .filter(
        (event) =>
          event.subscriptionId.toLowerCase() === sub &&
          event.timestamp >= filter.from &&
          event.timestamp <= filter.to &&
          matchesEquals(event, filter.equals),
      )
      .reverse()
      .sort((a, b) => b.timestamp - a.timestamp);
  }
}

const EQUALITY_FIELDS: Record<string, (event: ActivityEvent) => string | undefined> = {
  resourcegroupname: (event) => event.resourceGroup,
  resourceid: (event) => event.resourceId,
  resourceuri: (event) => event.resourceId,
  resourceprovider: (event) => event.resourceType.split('/')[0],
  correlationid: (event) => event.correlationId,
  caller: (event) => event.caller,
  status: (event) => event.status,
  levels: (event) => event.level,
};

function matchesEquals(event: ActivityEvent, equals: Map<string, string>): boolean {
  for (const [field, wanted] of equals) {
    const actual = EQUALITY_FIELDS[field]?.(event)?.toLowerCase();
    // `levels eq 'Error,Warning'` lists alternatives.
    const options = field === 'levels' ? wanted.split(',').map((value) => value.trim()) : [wanted];
    if (actual === undefined || !options.includes(actual)) return false;
  }
  return true;
}

const FILTER_HELP =
  "The $filter query parameter is required and must have the form \"eventTimestamp ge '<start>' and eventTimestamp le '<end>'\", optionally followed by \"and resourceGroupName eq '<name>'\", \"and resourceUri eq '<id>'\", \"and resourceProvider eq '<namespace>'\", \"and correlationId eq '<id>'\", \"and caller eq '<caller>'\" or \"and status eq '<status>'\".";

export function parseActivityFilter(filter: string | null, now = Date.now()): ActivityFilter | ArmErrorInfo {
  const invalid: ArmErrorInfo = { status: 400, code: 'BadRequest', message: FILTER_HELP };
  if (!filter) return invalid;
  const result: ActivityFilter = { from: Number.NaN, to: now, equals: new Map() };
  for (const clause of filter.trim().split(/\s+and\s+/i)) {
    const match = /^\s*(\w+)\s+(ge|le|eq)\s+'([^']*)'\s*$/i.exec(clause);
    if (!match) return invalid;
    const field = (match[1] as string).toLowerCase();
    const op = (match[2] as string).toLowerCase();
    const value = match[3] as string;
    if (field === 'eventtimestamp' && op !== 'eq') {
      const time = Date.parse(value);
      if (Number.isNaN(time))
        return { ...invalid, message: `The value '${value}' of eventTimestamp is not a valid date and time. ${FILTER_HELP}` };
      if (op === 'ge') result.from = time;
      else result.to = time;
    } else if (op === 'eq' && field in EQUALITY_FIELDS) {
      result.equals.set(field, value.toLowerCase());
    } else {
      return invalid;
    }
  }
  return Number.isNaN(result.from) ? invalid : result;
}

const HTTP_STATUS_NAMES: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'NoContent',
  400: 'BadRequest',
  409: 'Conflict',
  500: 'InternalServerError',
};

/** GetActivityLogsFiltered.json's shape, plus category/resourceId/resourceType/tenantId (EventData has them). */
export function eventToArm(event: ActivityEvent, select?: readonly string[]): Doc {
  const ended = event.status !== 'Started';
  const statusName = event.httpStatus !== undefined ? (HTTP_STATUS_NAMES[event.httpStatus] ?? String(event.httpStatus)) : '';
  const provider = event.resourceType.split('/')[0] ?? '';
  const body: Doc = {
    authorization: { action: event.operationName, role: 'Contributor', scope: event.resourceId },
    caller: event.caller,
    category: { value: 'Administrative', localizedValue: 'Administrative' },
    claims: { ...event.claims },
    correlationId: event.correlationId,
    description: '',
    eventDataId: event.eventDataId,
    eventName: ended ? { value: 'EndRequest', localizedValue: 'End request' } : { value: 'BeginRequest', localizedValue: 'Begin request' },
    httpRequest: { clientRequestId: event.clientRequestId, clientIpAddress: '127.0.0.1', method: event.method },
    id: `${event.resourceId}/events/${event.eventDataId}/ticks/${ticks(event.timestamp)}`,
    level: event.level,
    resourceGroupName: event.resourceGroup ?? '',
    resourceProviderName: { value: provider, localizedValue: provider },
    resourceId: event.resourceId,
    resourceType: { value: event.resourceType, localizedValue: event.resourceType },
    operationId: event.operationId,
    operationName: { value: event.operationName, localizedValue: friendlyOperation(event.operationName) },
    properties: {
      ...(ended && statusName ? { statusCode: statusName } : {}),
      ...(event.error ? { statusMessage: JSON.stringify({ error: event.error }) } : {}),
    },
    status: { value: event.status, localizedValue: event.status },
    subStatus:
      ended && statusName
        ? { value: statusName, localizedValue: `${statusName} (HTTP Status Code: ${event.httpStatus})` }
        : { value: '', localizedValue: '' },
    eventTimestamp: eventTime(event.timestamp),
    submissionTimestamp: eventTime(event.timestamp + 12_000),
    subscriptionId: event.subscriptionId,
    tenantId: event.tenantId,
  };
  if (!select || select.length === 0) return body;
  const wanted = new Set(select.map((field) => field.trim().toLowerCase()));
  return Object.fromEntries(Object.entries(body).filter(([key]) => wanted.has(key.toLowerCase())));
}

/** "Microsoft.Compute/virtualMachines/start/action" → "Start Virtual Machine", as the portal shows it. */
export function friendlyOperation(operationName: string): string {
  const parts = operationName.split('/');
  const last = parts.at(-1)?.toLowerCase();
  const isAction = last === 'action';
  const verbPart = isAction ? parts.at(-2) : last;
  const typePart = parts[parts.length - (isAction ? 3 : 2)] ?? '';
  const noun = typePart
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/ies$/, 'y')
    .replace(/s$/, '')
    .replace(/^./, (c) => c.toUpperCase());
  const verb =
    verbPart === 'write' ? 'Create or Update' : verbPart === 'delete' ? 'Delete' : (verbPart ?? '').replace(/^./, (c) => c.toUpperCase());
  return `${verb} ${noun}`.trim();
}

function eventTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** .NET ticks, as the event id carries them. */
function ticks(epochMs: number): string {
  return (BigInt(epochMs) * 10000n + 621355968000000000n).toString();
}

function claimsOf(actor: Actor, timestamp: number): Record<string, string> {
  const grant = actor.grant;
  const iat = grant ? grant.issuedAt : Math.floor(timestamp / 1000) - 300;
  const claims: Record<string, string> = {
    aud: grant?.audience ?? 'https://management.core.windows.net/',
    iss: `https://sts.windows.net/${actor.tenantId}/`,
    iat: String(iat),
    nbf: String(iat),
    exp: String(grant ? grant.expiresAt : iat + 3600),
    ver: '1.0',
    'http://schemas.microsoft.com/identity/claims/tenantid': actor.tenantId,
    'http://schemas.microsoft.com/identity/claims/objectidentifier': actor.objectId,
  };
  if (actor.type === 'User') {
    claims['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn'] = actor.name;
    claims['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name'] = actor.name;
    claims['http://schemas.microsoft.com/identity/claims/scope'] = 'user_impersonation';
  } else {
    claims.appid = actor.name;
    claims.appidacr = actor.type === 'Application' ? '1' : '2';
  }
  return claims;
}

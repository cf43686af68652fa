import { newContainer, type EmulatedContainer, type EmulatedLogLine } from './containers.js';

// The sandbox's Docker engine: a web front end, an API, a worker stuck in a restart loop, a terminal
// container, and a finished one-off job (shown only with all=true).

export const DOCKER_DEMO = {
  version: '27.3.1',
  apiVersion: '1.47',
  minApiVersion: '1.24',
  containers: {
    web: 'web-frontend',
    api: 'orders-api',
    restarting: 'queue-worker',
    tty: 'dev-shell',
    exited: 'db-migrate',
  },
} as const;

const out = (text: string): EmulatedLogLine => ({ stream: 1, text });
const err = (text: string): EmulatedLogLine => ({ stream: 2, text });

const HOUR = 3600;
const DAY = 24 * HOUR;

export function demoContainers(now = Date.now()): EmulatedContainer[] {
  const { web, api, restarting, tty, exited } = DOCKER_DEMO.containers;
  const nginxStart = [
    err('/docker-entrypoint.sh: Configuration complete; ready for start up'),
    err('2026/12/04 08:00:01 [notice] 1#1: nginx/1.27.3'),
    err('2026/12/04 08:00:01 [notice] 1#1: start worker processes'),
  ];
  const workerStart = [out('queue-worker 1.8.0 starting'), out('connecting to redis://cache:6379')];
  const workerCrash = [
    err('Error: connect ECONNREFUSED 10.0.4.7:6379'),
    err('    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)'),
  ];
  return [
    newContainer(
      {
        name: web,
        image: 'nginx:1.27-alpine',
        command: "/docker-entrypoint.sh nginx -g 'daemon off;'",
        state: 'running',
        createdAgo: 3 * DAY,
        startedAgo: 5 * HOUR,
        restartPolicy: 'unless-stopped',
        ports: [
          { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
          { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
        ],
        startupLogs: nginxStart,
        logs: [
          ...nginxStart,
          out('172.18.0.1 - - [04/Dec/2026:09:12:44 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.5.0"'),
          out('172.18.0.1 - - [04/Dec/2026:09:12:51 +0000] "GET /api/orders HTTP/1.1" 200 1432 "-" "Mozilla/5.0"'),
          err(
            '2026/12/04 09:13:02 [error] 29#29: *7 upstream timed out (110: Connection timed out) while reading response header from upstream',
          ),
          out('172.18.0.1 - - [04/Dec/2026:09:13:02 +0000] "GET /api/orders/118 HTTP/1.1" 504 167 "-" "Mozilla/5.0"'),
          out('172.18.0.1 - - [04/Dec/2026:09:14:10 +0000] "GET /health HTTP/1.1" 200 2 "-" "kube-probe/1.30"'),
        ],
      },
      now,
    ),
    newContainer(
      {
        name: api,
        image: 'contoso/orders-api:2.4.1',
        command: 'dotnet Orders.Api.dll',
        state: 'running',
        createdAgo: 3 * DAY,
        startedAgo: 5 * HOUR,
        restartPolicy: 'unless-stopped',
        ports: [{ IP: '127.0.0.1', PrivatePort: 5000, PublicPort: 5000, Type: 'tcp' }],
        startupLogs: [out('info: Microsoft.Hosting.Lifetime[14] Now listening on: http://[::]:5000')],
        logs: [
          out('info: Microsoft.Hosting.Lifetime[14] Now listening on: http://[::]:5000'),
          out('info: Orders.Api[0] GET /api/orders answered 200 in 38 ms'),
          err('warn: Orders.Api.Data[3] Slow query: 4210 ms for order 118'),
          out('info: Orders.Api[0] GET /api/orders/118 answered 200 in 4236 ms'),
        ],
      },
      now,
    ),
    newContainer(
      {
        name: restarting,
        image: 'contoso/queue-worker:1.8.0',
        command: 'node worker.js',
        state: 'restarting',
        createdAgo: 2 * DAY,
        startedAgo: 40,
        finishedAgo: 38,
        exitCode: 1,
        restartCount: 14,
        restartPolicy: 'always',
        crashLoop: true,
        startupLogs: [...workerStart, ...workerCrash],
        logs: [...workerStart, ...workerCrash, ...workerStart, ...workerCrash],
      },
      now,
    ),
    newContainer(
      {
        name: tty,
        image: 'ubuntu:24.04',
        command: 'bash',
        state: 'running',
        createdAgo: 1 * DAY,
        startedAgo: 1 * DAY,
        tty: true,
        startupLogs: [out('root@4f1c2a9e7b31:/# ')],
        logs: [out('root@4f1c2a9e7b31:/# uname -a'), out('Linux 4f1c2a9e7b31 6.8.0-49-generic #49-Ubuntu SMP x86_64 GNU/Linux')],
      },
      now,
    ),
    newContainer(
      {
        name: exited,
        image: 'contoso/orders-db-migrate:2.4.1',
        command: 'dotnet ef database update',
        state: 'exited',
        createdAgo: 2 * DAY,
        startedAgo: 2 * DAY,
        finishedAgo: 2 * DAY - 45,
        exitCode: 0,
        logs: [out('Applying migration 20261201_AddOrderIndex'), out('Done.')],
      },
      now,
    ),
  ];
}

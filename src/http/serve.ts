// `azops-mcp --transport http`: serve until SIGINT or SIGTERM, then stop gracefully.
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { AzopsServer } from '../server.js';
import { startHttpServer } from './listen.js';

export interface ServeHttpOptions {
  httpClient?: HttpClient;
  version: string;
  /** Runs once the server has stopped (the sandbox saves its state file). */
  onStopped?: () => void;
}

export async function serveHttp(azops: AzopsServer, options: ServeHttpOptions): Promise<void> {
  const config = azops.session.config;
  const { http } = config;
  const running = await startHttpServer(azops, http, { httpClient: options.httpClient });
  let stopping = false;
  const shutdown = (why: string) => {
    if (stopping) {
      azops.logger.warning(`${why} again: stopping now, without waiting for requests in progress`);
      process.exit(1);
    }
    stopping = true;
    // Closing sessions and connections after the grace period is bounded too: whatever hangs, the process ends.
    setTimeout(() => {
      azops.logger.error('shutdown did not finish within the grace period plus 5 s; exiting');
      process.exit(1);
    }, http.shutdownGraceMs + 5000).unref();
    azops.logger.info(
      `shutting down (${why}); waiting up to ${http.shutdownGraceMs / 1000}s for ${running.inFlight()} request(s) in progress`,
    );
    void running.close().then(
      (left) => {
        if (left) azops.logger.warning(`${left} request(s) were still running at the deadline and were cut off`);
        try {
          options.onStopped?.();
        } catch (error) {
          azops.logger.error((error as Error).message);
          process.exit(1);
        }
        process.exit(0);
      },
      (error: Error) => {
        azops.logger.error(`shutdown: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  const auth =
    http.auth === 'none'
      ? 'no authentication (loopback only)'
      : http.auth === 'token'
        ? 'bearer token (AZOPS_HTTP_TOKEN)'
        : `Entra ID tokens for ${http.entra!.audiences.join(', ')} in tenant ${http.entra!.tenantId}${http.entra!.requiredRole ? ` with role or scope ${http.entra!.requiredRole}` : ''}`;
  if (http.entra && !http.entra.requiredRole)
    azops.logger.warning(
      `AZOPS_HTTP_ENTRA_REQUIRED_ROLE is not set: any user or application in tenant ${http.entra.tenantId} that can get an access token for ${http.entra.audiences.join(', ')} acts on Azure with this server's identity. Require an app role (assigned to the callers you mean) or a scope.`,
    );
  const mode = config.sandbox ? 'SANDBOX (emulated Azure, nothing real is touched)' : `cloud ${config.cloud.name}`;
  azops.logger.info(
    `azops-mcp ${options.version} ready on ${running.url.href} (Streamable HTTP; ${auth}): ${azops.selection.summary} Credential: ${azops.session.credential.plan}; ${mode}. Every caller acts on Azure with this identity.`,
  );
}

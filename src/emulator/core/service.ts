// What an emulated Azure service brings to the core. Each service folder's index.ts exports one, and
// services/index.ts lists them all: EmulatedAzure builds its state, resource catalog, routes and
// snapshots from that list, so the core never imports a service.
import type { ResourceBehaviour } from './resources/store.js';
import type { Router } from './router.js';
import type { SnapshotPart } from './snapshot.js';
import type { StatePartFactory } from './state.js';

export interface EmulatedService {
  /** Its folder under services/. */
  readonly name: string;
  /**
   * Makes the service's part of the state; the part's field is declared on EmulatorStateParts by a
   * `declare module` next to its state class.
   */
  readonly state?: StatePartFactory;
  /** ARM resource types that behave specially (defaults, derived properties, actions, long-running operations). */
  readonly resourceTypes?: readonly ResourceBehaviour[];
  /** Resource provider namespaces registered in the emulated subscriptions (others answer 404 InvalidResourceType). */
  readonly namespaces?: readonly string[];
  /** Registers its HTTP routes: `addArmRoute(router, ...)` for ARM, `router.add(...)` for anything else. */
  readonly routes?: (router: Router) => void;
  /** Its keys in exported state (--sandbox-state), declared on EmulatorSnapshot like the state part. */
  readonly snapshot?: SnapshotPart;
}

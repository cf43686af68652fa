// ARM's subscription-level reads: GET /subscriptions, /subscriptions/{id}, its locations, and /tenants.
import type { EmulatedService } from '../../core/service.js';
import { registerArmSubscriptionRoutes } from './routes.js';

export const SUBSCRIPTIONS: EmulatedService = {
  name: 'subscriptions',
  routes: registerArmSubscriptionRoutes,
};

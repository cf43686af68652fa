import { defineToolset } from '../define.js';
import { getStorageStatus, listStorageAccounts } from './accounts.js';

export const storage = defineToolset('storage', 'Storage accounts and their security posture.', [listStorageAccounts, getStorageStatus]);

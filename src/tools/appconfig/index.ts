import { defineToolset } from '../define.js';
import { listStores, showStore } from './stores.js';
import { listKeyValues, showKeyValue } from './kv-read.js';
import { deleteKeyValue, setKeyValue } from './kv-write.js';

export const appconfig = defineToolset(
  'appconfig',
  'App Configuration stores and their key-values (Entra ID first, access keys only as a stated fallback; secrets masked).',
  [listStores, showStore, listKeyValues, showKeyValue, setKeyValue, deleteKeyValue],
);

import { HackBridgeError } from '../common/index.js';
import type { Store, StoreOptions } from './types.js';

/** Opens a store and runs its migrations. */
export async function createStore(url: string, options: StoreOptions = {}): Promise<Store> {
  void options;
  throw new HackBridgeError('HB_INTERNAL', `createStore(${url}) is not implemented yet`);
}

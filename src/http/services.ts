import type { Config } from '../config.js';
import type { WorldIndex } from '../index/world-index.js';
import type { Storage } from '../storage/storage.js';

/** What route modules are given: configuration, storage and the live index. */
export interface Services {
  readonly config: Config;
  readonly storage: Storage;
  readonly index: WorldIndex;
}

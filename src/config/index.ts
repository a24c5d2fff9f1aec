export { loadConfig, configFromEnv } from './load.js';
export type { LoadConfigOptions, DeepPartial } from './load.js';
export { configSchema } from './schema.js';
export type { Config, EngineConfig } from './schema.js';

/**
 * The engine's public API: a pool of sandboxed Python zygotes (ARCHITECTURE §1).
 */
export { createEngine } from './engine.js';
export type { Engine, EngineOptions, EngineStats } from './engine.js';
export type { RunOptions } from './limits.js';
export { runResultSchema, runStatusSchema } from './result.js';
export type {
  RunResult,
  RunStatus,
  RunEvent,
  RunError,
  Termination,
  ReturnValue,
  RunEnvironment,
  SandboxLayer,
} from './result.js';
export { engineConfigSchema, sandboxModeSchema } from './config.js';
export type { EngineConfig, SandboxMode } from './config.js';

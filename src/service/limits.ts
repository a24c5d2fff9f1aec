/**
 * Request limits, clamped to the operator's maxima (a caller can never buy more than the
 * operator allows, as in piston). The contract keeps its units (CPU s, wall s, MB, KB); the
 * config's maxima carry theirs in their names and are converted here, in one place.
 */
import { msToSeconds } from '../common/index.js';
import type { EngineConfig } from '../config/index.js';
import type { RunOptions } from './schemas.js';

export function clampRunOptions(options: RunOptions, engine: EngineConfig): RunOptions {
  const clamp = (value: number | undefined, max: number): number | undefined =>
    value === undefined ? undefined : Math.min(value, max);
  const timeLimit = clamp(options.timeLimit, msToSeconds(engine.maxCpuTimeMs));
  const wallTimeLimit = clamp(options.wallTimeLimit, msToSeconds(engine.maxWallTimeMs));
  const memoryLimit = clamp(options.memoryLimit, engine.maxMemoryMiB);
  const outputLimit = clamp(options.outputLimit, engine.maxOutputKiB);
  return {
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    ...(timeLimit === undefined ? {} : { timeLimit }),
    ...(wallTimeLimit === undefined ? {} : { wallTimeLimit }),
    ...(memoryLimit === undefined ? {} : { memoryLimit }),
    ...(outputLimit === undefined ? {} : { outputLimit }),
  };
}

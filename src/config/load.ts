/**
 * Loads the configuration once, in a fixed order: defaults < config file < environment
 * (`HACKBRIDGE_*`, `PYTHON_PATH`, `NODE_ENV`) < CLI flags; validates it and freezes it.
 * This is the only module that reads process.env.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { HackBridgeError } from '../common/index.js';
import { configSchema, type Config } from './schema.js';

export interface LoadConfigOptions {
  /** A JSON or YAML file; missing file is an error when named explicitly. */
  readonly file?: string;
  /** Defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Highest precedence, already shaped like the config (e.g. `{ server: { port: 9000 } }`). */
  readonly overrides?: DeepPartial<Config>;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

type Plain = Record<string, unknown>;

function merge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const prev = out[k];
    out[k] =
      v !== null && typeof v === 'object' && !Array.isArray(v) && prev !== null && typeof prev === 'object'
        ? merge(prev as Plain, v as Plain)
        : v;
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function readFile(file: string): Plain {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new HackBridgeError('HB_CONFIG_INVALID', `Cannot read config file ${file}`, {
      statusCode: 400,
      details: { file, reason: 'unreadable' },
      cause,
    });
  }
  const parsed: unknown = parseYaml(text);
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HackBridgeError('HB_CONFIG_INVALID', `Config file ${file} must hold an object`, {
      statusCode: 400,
      details: { file, path: '', reason: 'not an object' },
    });
  }
  return parsed as Plain;
}

const num = (name: string, raw: string): number => {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) {
    throw new HackBridgeError('HB_CONFIG_INVALID', `${name} must be a number, got '${raw}'`, {
      statusCode: 400,
      details: { path: name, reason: 'not a number' },
    });
  }
  return n;
};

/** Maps environment variables onto the config shape. */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): Plain {
  const out: Plain = {};
  const set = (section: string, key: string, value: unknown): void => {
    out[section] = { ...((out[section] as Plain | undefined) ?? {}), [key]: value };
  };
  const e = (k: string): string | undefined => {
    const v = env[k];
    return v === undefined || v === '' ? undefined : v;
  };
  const python = e('PYTHON_PATH') ?? e('HACKBRIDGE_PYTHON_PATH');
  if (python !== undefined) set('engine', 'pythonPath', python);
  const workers = e('HACKBRIDGE_WORKERS');
  if (workers !== undefined) set('engine', 'workers', num('HACKBRIDGE_WORKERS', workers));
  const sandbox = e('HACKBRIDGE_SANDBOX');
  if (sandbox !== undefined) set('engine', 'sandbox', sandbox);
  const port = e('HACKBRIDGE_PORT') ?? e('PORT');
  if (port !== undefined) set('server', 'port', num('HACKBRIDGE_PORT', port));
  const host = e('HACKBRIDGE_HOST');
  if (host !== undefined) set('server', 'host', host);
  const db = e('HACKBRIDGE_DB');
  if (db !== undefined) set('store', 'url', db);
  const tasks = e('HACKBRIDGE_TASKS');
  if (tasks !== undefined) set('grading', 'tasksDir', tasks);
  const redis = e('HACKBRIDGE_REDIS_URL');
  if (redis !== undefined) set('queue', 'redisUrl', redis);
  const queue = e('HACKBRIDGE_QUEUE');
  if (queue !== undefined) set('queue', 'kind', queue);
  const level = e('HACKBRIDGE_LOG_LEVEL');
  if (level !== undefined) set('telemetry', 'level', level);
  const logFile = e('HACKBRIDGE_LOG_FILE');
  if (logFile !== undefined) set('telemetry', 'logFile', logFile);
  if (e('NODE_ENV') === 'production') set('telemetry', 'production', true);
  return out;
}

export function loadConfig(options: LoadConfigOptions = {}): Readonly<Config> {
  const env = options.env ?? process.env;
  const configFile = options.file ?? env['HACKBRIDGE_CONFIG'];
  let raw: Plain = {};
  if (configFile !== undefined && configFile !== '') raw = merge(raw, readFile(configFile));
  raw = merge(raw, configFromEnv(env));
  raw = merge(raw, (options.overrides ?? {}) as Plain);
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const first = result.error.issues[0];
    const path = first?.path.join('.') ?? '';
    throw new HackBridgeError('HB_CONFIG_INVALID', `Invalid configuration at '${path}': ${first?.message}`, {
      statusCode: 400,
      details: {
        file: configFile ?? null,
        path,
        reason: first?.message ?? 'invalid',
        issues: result.error.issues,
      },
    });
  }
  return deepFreeze(result.data);
}

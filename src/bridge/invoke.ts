/**
 * The one place a contract call crosses a boundary: the positional arguments arrive as
 * `unknown` (JSON body, IPC message, library caller), are parsed with the method's schema,
 * and the call goes to the service's use case for the caller. Every transport ends here.
 */
import type { ServiceApi } from '../service/index.js';
import { HackBridgeError } from '../common/index.js';
import { contract, contractMethodNames } from './contract.js';
import type { ContractMethod, ContractResult, HackBridgeApi } from './contract.js';

/** Parses `args` with the method's schema; HB_VALIDATION (400) names each offending argument. */
export function parseArgs<M extends ContractMethod>(method: M, args: readonly unknown[]): unknown[] {
  // A trailing `undefined` (an omitted optional argument) is the same as leaving it out.
  const trimmed = [...args];
  while (trimmed.length > 0 && trimmed[trimmed.length - 1] === undefined) trimmed.pop();
  const result = contract[method].args.safeParse(trimmed);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first === undefined || first.path.length === 0 ? '' : ` (argument ${first.path.join('.')})`;
    throw new HackBridgeError('HB_VALIDATION', `Invalid arguments to ${method}${where}: ${first?.message}`, {
      statusCode: 400,
      details: {
        method,
        issues: result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      },
    });
  }
  return result.data as unknown[];
}

/** Validates and dispatches one call. */
export async function invoke<M extends ContractMethod>(
  api: ServiceApi,
  method: M,
  args: readonly unknown[],
): Promise<ContractResult<M>> {
  const parsed = parseArgs(method, args);
  const fn = api[method] as (...a: unknown[]) => Promise<ContractResult<M>>;
  return fn.apply(api, parsed);
}

/** Builds a typed client from any "call this method with these args" function. */
export function clientFrom(
  call: (method: ContractMethod, args: unknown[]) => Promise<unknown>,
): HackBridgeApi {
  const entries = contractMethodNames.map((m) => [m, (...args: unknown[]) => call(m, args)] as const);
  return Object.fromEntries(entries) as unknown as HackBridgeApi;
}

/** In-process transport: library use, with the same validation as the wire transports. */
export function createInProcessClient(api: ServiceApi): HackBridgeApi {
  return clientFrom((method, args) => invoke(api, method, args));
}

/**
 * Compile-time proof that the service's use cases and the contract agree: if a schema and a
 * use case drift apart, this assignment stops compiling.
 */
export const serviceImplementsContract: (api: ServiceApi) => HackBridgeApi = (api) => api;

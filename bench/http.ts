/**
 * HTTP overhead: requests/s and p50/p99 latency of `POST /api/analyze` and `POST /api/run`
 * through the full server (auth, validation, telemetry, JSON) with autocannon, side by side
 * with calling analyzeCode() / engine.run() directly at the same concurrency, in this process.
 * autocannon runs in this process too, so the HTTP rows also pay for the client's parsing;
 * `GET /health` gives that floor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { analyzeCode } from '../src/analysis/index.js';
import { buildHttpApp } from '../src/bridge/index.js';
import { loadConfig } from '../src/config/index.js';
import { createEngine } from '../src/engine/index.js';
import { createService } from '../src/service/index.js';
import { createTelemetry } from '../src/telemetry/index.js';

const CONNECTIONS = 8;
const SECONDS = 5;
const CODE = 'def f(n):\n    return sum(i * i for i in range(n))\nprint(f(100))\n';

interface Figures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

/** Calls `fn` from `CONNECTIONS` concurrent loops for SECONDS; latency percentiles in ms. */
async function direct(fn: () => Promise<unknown>): Promise<Figures> {
  const latencies: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await fn();
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: latencies.length / SECONDS, p50Ms: at(0.5), p99Ms: at(0.99) };
}

let counter = 0;

async function overHttp(url: string, path: string, token: string): Promise<Figures> {
  const r = await autocannon({
    url: url + path,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    // A distinct source per request, as in the direct loop, so the analysis cache never answers.
    requests: [
      { setupRequest: (req) => ({ ...req, body: JSON.stringify({ code: `${CODE}# http ${counter++}\n` }) }) },
    ],
  });
  if (r.non2xx > 0 || r.errors > 0) console.log(`  (warning: ${r.non2xx} non-2xx, ${r.errors} errors)`);
  return { rps: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99 };
}

const row = (name: string, f: Figures, base?: Figures): string =>
  `  ${name.padEnd(28)} ${f.rps.toFixed(0).padStart(7)} req/s   p50 ${f.p50Ms.toFixed(1).padStart(7)} ms   p99 ${f.p99Ms
    .toFixed(1)
    .padStart(
      7,
    )} ms${base === undefined ? '' : `   ${(f.rps / base.rps).toFixed(2)}× the direct throughput`}`;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hb-bench-http-'));
  const config = loadConfig({
    overrides: {
      store: { url: `sqlite:${join(dir, 'bench.db')}` },
      server: { runsPerMinute: 0, submissionsPerMinute: 0 },
      telemetry: { level: 'silent' },
    },
  });
  const engine = createEngine(config.engine);
  const telemetry = createTelemetry({ level: 'silent', processMetrics: false });
  const service = await createService({ config, engine, telemetry });
  const app = await buildHttpApp({ service });
  try {
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const { token } = await service.createUser('bench', 'organiser');
    // Warm the pool and the analyser's parser.
    await Promise.all([engine.run('print(1)'), analyzeCode(CODE)]);
    console.log(
      `${CONNECTIONS} concurrent clients, ${SECONDS} s each; engine workers: ${engine.stats().size}`,
    );
    // Vary the source so the analysis cache does not turn the comparison into a lookup.
    let n = 0;
    const analyzeDirect = await direct(() => analyzeCode(`${CODE}# direct ${n++}\n`));
    const analyzeHttp = await overHttp(url, '/api/analyze', token);
    console.log(row('analyzeCode() direct', analyzeDirect));
    console.log(row('POST /api/analyze', analyzeHttp, analyzeDirect));
    const floor = await autocannon({ url: `${url}/health`, connections: CONNECTIONS, duration: SECONDS });
    console.log(
      row('GET /health (HTTP floor)', {
        rps: floor.requests.average,
        p50Ms: floor.latency.p50,
        p99Ms: floor.latency.p99,
      }),
    );
    const runDirect = await direct(() => engine.run(CODE));
    const runHttp = await overHttp(url, '/api/run', token);
    console.log(row('engine.run() direct', runDirect));
    console.log(row('POST /api/run', runHttp, runDirect));
  } finally {
    await app.close();
    await service.close();
    await engine.close();
    await telemetry.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

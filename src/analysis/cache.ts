/**
 * Reports cached by SHA-256 of the source and of the policy (a weak hash would let a
 * crafted collision fetch another submission's "safe" verdict). LRU from lru-cache.
 */
import { LRUCache } from 'lru-cache';
import type { Policy } from './policy.js';
import type { AnalysisReport } from './schema.js';

export interface AnalysisCacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly size: number;
  readonly maxEntries: number;
}

const encoder = new TextEncoder();

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text));
  let out = '';
  for (const b of new Uint8Array(digest)) out += b.toString(16).padStart(2, '0');
  return out;
}

export class ReportCache {
  private readonly lru: LRUCache<string, AnalysisReport> | undefined;
  private readonly policyKeys = new WeakMap<Policy, Promise<string>>();
  private hits = 0;
  private misses = 0;

  constructor(private readonly maxEntries: number) {
    this.lru = maxEntries > 0 ? new LRUCache({ max: maxEntries }) : undefined;
  }

  get enabled(): boolean {
    return this.lru !== undefined;
  }

  async key(code: string, policy: Policy): Promise<string> {
    let policyKey = this.policyKeys.get(policy);
    if (policyKey === undefined) {
      policyKey = sha256Hex(JSON.stringify(policy));
      this.policyKeys.set(policy, policyKey);
    }
    return `${await sha256Hex(code)}:${await policyKey}`;
  }

  get(key: string): AnalysisReport | undefined {
    const hit = this.lru?.get(key);
    if (hit === undefined) this.misses++;
    else this.hits++;
    return hit;
  }

  set(key: string, report: AnalysisReport): void {
    this.lru?.set(key, report);
  }

  stats(): AnalysisCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.lru?.size ?? 0, maxEntries: this.maxEntries };
  }
}

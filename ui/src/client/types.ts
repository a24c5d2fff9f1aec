/**
 * What every screen talks to: the bridge contract (the same typed API over Electron IPC or
 * HTTP) plus progress subscriptions for submissions. Screens receive a `UiClient` and never
 * know which transport serves it.
 */
import type { HackBridgeApi, WsServerMessage } from '../../../src/bridge/contract.js';

export type {
  HackBridgeApi,
  WsServerMessage,
  UserData,
  TaskSummary,
  TaskDetail,
  Submission,
  SubmissionSummary,
  SubmissionAck,
} from '../../../src/bridge/contract.js';
export type { RunResult } from '../../../src/engine/index.js';
export type { AnalysisReport, AnalysisIssue } from '../../../src/analysis/index.js';
export type { MetricsSnapshot } from '../../../src/telemetry/index.js';

/** A progress or completion message for one submission. */
export type ProgressMessage = Extract<WsServerMessage, { type: 'progress' | 'done' }>;

export interface UiClient extends HackBridgeApi {
  /** 'ipc' inside the Electron shell, 'http' in a browser. */
  readonly transport: 'ipc' | 'http';
  /**
   * Calls `onMessage` with each progress message of submission `id` until it is done or the
   * returned function is called. Over IPC (no push channel) it polls `getSubmission`.
   */
  subscribe(id: string, onMessage: (message: ProgressMessage) => void): () => void;
}

/** Props every screen takes. */
export interface ScreenProps {
  readonly client: UiClient;
}

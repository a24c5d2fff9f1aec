/**
 * SARIF 2.1.0 output (OASIS static analysis results interchange format), so results show up
 * in code-scanning tools. Columns are UTF-16 code units, declared with `columnKind`.
 */
import { version } from '../common/index.js';
import { rules } from './rules/catalog.js';
import type { AnalysisReport, Severity } from './schema.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const level: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

/** GitHub code scanning reads `security-severity` (0–10) from rule properties. */
const securitySeverity: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
};

export interface SarifOptions {
  /** The analysed file as a URI reference (relative paths are fine). */
  readonly uri: string;
  readonly helpBaseUri?: string;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Record<string, unknown>[];
}

/** Converts a report into a SARIF 2.1.0 log with one run. */
export function toSarif(report: AnalysisReport, options: SarifOptions): SarifLog {
  const helpBase =
    options.helpBaseUri ?? 'https://github.com/hackbridge/hackbridge/blob/main/docs/analysis-rules.md';
  const index = new Map<string, number>(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'HackBridge',
            version,
            informationUri: 'https://github.com/hackbridge/hackbridge',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.title
                .replace(/[^A-Za-z0-9]+/g, ' ')
                .trim()
                .replace(/ (\w)/g, (_m, c: string) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.why },
              help: { text: r.hint },
              helpUri: `${helpBase}#${r.id.toLowerCase()}`,
              defaultConfiguration: { level: level[r.severity] },
              properties: {
                tags: ['security', r.family, r.cwe, `external/cwe/${r.cwe.toLowerCase()}`],
                precision: r.confidence === 'high' ? 'high' : r.confidence === 'medium' ? 'medium' : 'low',
                'security-severity': securitySeverity[r.severity],
              },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        artifacts: [{ location: { uri: options.uri }, mimeType: 'text/x-python' }],
        results: report.issues.map((issue) => ({
          ruleId: issue.rule,
          ruleIndex: index.get(issue.rule) ?? -1,
          level: level[issue.severity],
          message: { text: issue.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: options.uri, index: 0 },
                region: {
                  startLine: issue.line,
                  startColumn: issue.column,
                  endLine: issue.endLine,
                  endColumn: issue.endColumn,
                },
              },
            },
          ],
          properties: { severity: issue.severity, confidence: issue.confidence, cwe: issue.cwe },
        })),
        properties: {
          safe: report.safe,
          riskScore: report.riskScore,
          // SARIF has no notion of a capped result list: say so where a reader of the run looks.
          issuesTotal: report.issuesTotal,
          issuesTruncated: report.issuesTruncated,
          importsTotal: report.importsTotal,
          importsTruncated: report.importsTruncated,
        },
      },
    ],
  };
}

/**
 * electron-builder.yml as packaging reads it: the Electron fuses that close the packaged
 * binary's back doors (red-team L4) are set under electron-builder 26's own key, with names
 * its schema knows (a misspelt key would be silently ignored by the fuse flipper).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;
const scheme = JSON.parse(readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8')) as {
  properties: Record<string, unknown>;
  definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
};

describe('electron-builder.yml', () => {
  it('flips the Electron fuses under electronFuses, a key electron-builder knows', () => {
    expect(Object.keys(scheme.properties)).toContain('electronFuses');
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('uses only fuse names in electron-builder’s schema', () => {
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    for (const key of Object.keys(config['electronFuses'] as object)) expect(known, key).toContain(key);
  });
});

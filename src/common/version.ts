/**
 * HackBridge's own version. A constant rather than a read of package.json so that common/
 * stays free of `node:` imports: the analyser imports it and must also run in a browser.
 * test/common/version.test.ts keeps it equal to package.json's version.
 */
export const version = '0.1.0';

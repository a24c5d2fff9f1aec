/**
 * Unit conversions, in one tested place. Inside the code names carry units (`cpuTimeMs`,
 * `memoryKiB`, `outputBytes`); the public contract keeps its own names and units
 * (seconds, MB, KB) and converts here.
 */
export const KiB = 1024;
export const MiB = 1024 * 1024;

export const secondsToMs = (s: number): number => Math.round(s * 1000);
export const msToSeconds = (ms: number): number => ms / 1000;
/** The contract's "MB" is a mebibyte, as in every judge's memory limit. */
export const mbToBytes = (mb: number): number => Math.round(mb * MiB);
export const kbToBytes = (kb: number): number => Math.round(kb * KiB);
export const bytesToKiB = (bytes: number): number => Math.round(bytes / KiB);

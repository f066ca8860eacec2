import os from 'node:os';

/** The p-th percentile of timings (nearest rank), NaN when there are none. */
export const percentile = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);

/** Milliseconds as seconds with two decimals, as the benches print them. */
export const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** The machine's load average over 1, 5 and 15 minutes, printed beside every figure (these machines are shared). */
export const machineLoad = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

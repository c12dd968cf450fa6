import { setFlagsFromString } from 'node:v8';

/**
 * V8 lets the old generation grow to 4× its live size between full collections; 1.25× keeps peak RSS low
 * (figures in docs/performance.md). Call it first, before the heap grows.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=25');
}

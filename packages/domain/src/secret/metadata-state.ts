export const MetadataState = {
  New: 'new',
  Viewed: 'viewed',
  Received: 'received',
  Burned: 'burned',
  Expired: 'expired',
  Orphaned: 'orphaned',
} as const;

export type MetadataState = (typeof MetadataState)[keyof typeof MetadataState];

/**
 * States that are written to storage; `expired` and `orphaned` are derived when reading. `viewed` is kept
 * for compatibility (rows written before reads stopped changing state, spec §5); nothing enters it now.
 */
export type StoredState = typeof MetadataState.New | typeof MetadataState.Viewed | typeof MetadataState.Received | typeof MetadataState.Burned;

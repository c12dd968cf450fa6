import { MetadataState, type MetadataView } from '@hush/domain';
import type { MessageKey } from './i18n/catalogue';
import type { PageContext } from './page-context';

const RECEIPT_STATE_TEXT: Record<MetadataState, MessageKey> = {
  [MetadataState.New]: 'receipt.state.new',
  [MetadataState.Viewed]: 'receipt.state.new',
  [MetadataState.Received]: 'receipt.state.received',
  [MetadataState.Burned]: 'receipt.state.burned',
  [MetadataState.Expired]: 'receipt.state.expired',
  [MetadataState.Orphaned]: 'receipt.state.expired',
};

/** What the receipt, its burn step and the account's list show of a secret: its reference, when it was made and until when its link works. */
export function receiptFacts(receipt: MetadataView, context: PageContext): { reference: string; created: string; expires?: string } {
  return {
    reference: receipt.reference,
    created: context.time(receipt.createdAt),
    expires: receipt.secretTtl !== null ? context.time(receipt.secretExpiresAt) : undefined,
  };
}

/** A receipt's state in words, dated by its last change (the receipt and the account's list). */
export function receiptStateHtml(receipt: MetadataView, context: PageContext): string {
  return context.html(RECEIPT_STATE_TEXT[receipt.state], { date: context.time(receipt.receivedAt ?? receipt.updatedAt) });
}

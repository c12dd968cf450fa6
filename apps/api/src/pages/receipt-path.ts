/** The receipt a burn path belongs to (`/receipt/KEY/burn` → `/receipt/KEY`); any other path as it is. */
export const receiptPathOf = (path: string): string => path.replace(/\/burn\/?$/, '');

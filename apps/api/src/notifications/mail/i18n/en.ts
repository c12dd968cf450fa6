/** The English mail texts: every other language has exactly these keys, with the same {placeholders}. */
export const en = {
  'recipient.subject': '{sender} shared a secret with you',
  'recipient.intro': '{sender} shared a secret with you through {brand}.',
  'recipient.open': 'Open the secret',
  'recipient.copy': 'Or copy this link into your browser:',
  'recipient.once': 'The link works once: when it is opened, the secret is shown and then deleted from the server.',
  'recipient.expiry': 'It works until {expiry}; after that it stops working, opened or not.',
  'recipient.passphrase': 'You also need a passphrase to open it. The sender will give you the passphrase separately; it is never in this e-mail.',
  'recipient.unexpected': 'If you did not expect this, you can ignore this e-mail.',

  'notice.revealed.subject': 'Your secret {ref} was opened',
  'notice.revealed.body': 'Your secret {ref} was opened on {date}. It is now deleted from the server.',
  'notice.burned_by_policy.subject': 'Your secret {ref} was deleted',
  'notice.burned_by_policy.body':
    'Your secret {ref} was deleted on {date} after too many wrong passphrases. Nobody saw it; share it again if it is still needed.',
  'notice.expired.subject': 'Your secret {ref} expired unread',
  'notice.expired.body': 'Your secret {ref} expired on {date} without being opened. It is deleted from the server.',
  'notice.created': 'You shared it on {created}. {ref} is its reference on the page that gave you its link, on its status page and in your list of secrets.',
  'notice.why': 'You get this notice because read notices are on for your {brand} account. You can turn them off in your list of secrets.',

  footer: 'Sent by {brand}, which shows each secret once, then deletes it.',
} as const;

export type MailMessageKey = keyof typeof en;
/** A language's mail texts: the compiler fails when one is missing or extra. */
export type MailCatalogue = { readonly [K in MailMessageKey]: string };

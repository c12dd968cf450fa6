/** One e-mail to one address, rendered and ready for a transport. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The display name to send under (the creator's custid), with MAIL_FROM's address. */
  readonly fromName?: string;
  readonly replyTo?: string;
}

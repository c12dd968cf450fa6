/**
 * A message that did not go out. `message` is a fixed description with at most a reply code: SMTP
 * servers echo addresses and message text in their replies, and this error is logged and stored.
 */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    /** Whether sending the same message again cannot succeed (an SMTP 5xx reply). */
    readonly permanent: boolean,
    readonly responseCode?: number,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }

  /** An SMTP reply refusing the message: 5xx is permanent, anything else is worth another try. */
  static reply(responseCode: number): MailDeliveryError {
    const permanent = responseCode >= 500 && responseCode < 600;
    return new MailDeliveryError(`SMTP ${responseCode} (${permanent ? 'permanent' : 'temporary'})`, permanent, responseCode);
  }
}

/** A request the transport could not make sense of: bad JSON, a parameter of the wrong shape, a broken form. */
export class MalformedRequestError extends Error {
  constructor(message = 'Invalid request') {
    super(message);
    this.name = 'MalformedRequestError';
  }
}

/** A body larger than its route takes: one that carries a secret (its own message), or parameters only. */
export class RequestTooLargeError extends Error {
  constructor(
    readonly maxBytes: number,
    readonly carriesSecret: boolean,
  ) {
    super('Request body too large');
    this.name = 'RequestTooLargeError';
  }
}

/** A body sent to a route that takes none (every GET, every route but the POSTs that take parameters). */
export class BodyNotAcceptedError extends MalformedRequestError {
  constructor() {
    super('This request takes no body');
    this.name = 'BodyNotAcceptedError';
  }
}

/** The bodies being read already hold all the memory they may: refused at once rather than queued. */
export class BodyBudgetExhaustedError extends Error {
  constructor() {
    super('Service temporarily unavailable');
    this.name = 'BodyBudgetExhaustedError';
  }
}

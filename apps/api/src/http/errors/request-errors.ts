/** A request the transport could not make sense of: bad JSON, a parameter of the wrong shape, a broken form. */
export class MalformedRequestError extends Error {
  constructor(message = 'Invalid request') {
    super(message);
    this.name = 'MalformedRequestError';
  }
}

/** A body larger than any acceptable secret could need. */
export class RequestTooLargeError extends Error {
  constructor() {
    super('Request body too large');
    this.name = 'RequestTooLargeError';
  }
}

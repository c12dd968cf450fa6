/**
 * The status an answer would have had, when a surface answers another one on the wire (v1 answers some errors 404, as
 * Onetime Secret does, and says the intended status here); the request observer labels its duration metric with it.
 */
export const INTENDED_STATUS_HEADER = 'X-OTS-Intended-Status';

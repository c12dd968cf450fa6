/** A SQL statement with named parameters (`:name`), compiled once to PostgreSQL's positional `$n`. */
export interface Statement<P extends string = string> {
  /** The prepared-statement name on each connection. */
  readonly name: string;
  readonly text: string;
  /** Parameter names in `$n` order. */
  readonly parameters: readonly P[];
}

const PARAMETER = /(?<!:):([a-z_][a-z0-9_]*)/g;

export function statement<P extends string = never>(name: string, sql: string): Statement<P> {
  const parameters: string[] = [];
  const text = sql.replace(PARAMETER, (_match, parameter: string) => {
    const index = parameters.indexOf(parameter);
    if (index >= 0) return `$${index + 1}`;
    parameters.push(parameter);
    return `$${parameters.length}`;
  });
  return { name, text: text.replace(/\s+/g, ' ').trim(), parameters: parameters as P[] };
}

/** Values in `$n` order; every parameter must be given. */
export function positionalValues<P extends string>(statement: Statement<P>, values: Readonly<Record<P, unknown>>): unknown[] {
  return statement.parameters.map((parameter) => {
    if (!(parameter in values)) throw new Error(`${statement.name}: no value for :${parameter}`);
    return values[parameter];
  });
}

export type ParametersOf<S> = S extends Statement<infer P> ? P : never;

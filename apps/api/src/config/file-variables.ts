import { readFileSync } from 'node:fs';

/** `MASTER_KEY_FILE=/run/secrets/hush_master_key` stands for `MASTER_KEY`: how Docker and Kubernetes hand secrets over. */
export const FILE_SUFFIX = '_FILE';

/** Whether `name` is a variable Hush reads, or its `_FILE` form. */
export function isReadVariable(name: string, variables: readonly string[]): boolean {
  return variables.includes(name) || (name.endsWith(FILE_SUFFIX) && variables.includes(name.slice(0, -FILE_SUFFIX.length)));
}

/**
 * The environment with every `<NAME>_FILE` of a variable Hush reads replaced by `<NAME>`, the file's content less one
 * trailing newline. Setting both, an unreadable file or an empty one is refused with the variable's name, never its value.
 */
export function withFileVariables(
  env: Readonly<Record<string, string>>,
  variables: readonly string[],
  fail: (message: string) => never,
): Record<string, string> {
  const resolved = { ...env };
  for (const name of variables) {
    const path = env[`${name}${FILE_SUFFIX}`];
    if (path === undefined) continue;
    if (env[name] !== undefined) fail(`${name}${FILE_SUFFIX} cannot be set together with ${name}`);
    let content: string;
    try {
      content = readFileSync(path, 'utf8');
    } catch (error) {
      fail(`${name}${FILE_SUFFIX} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const value = content.replace(/\r?\n$/, '');
    if (value === '') fail(`${name}${FILE_SUFFIX} names an empty file`);
    resolved[name] = value;
    delete resolved[`${name}${FILE_SUFFIX}`];
  }
  return resolved;
}

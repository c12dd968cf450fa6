import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { renderConfigurationPage } from '../../src/config/configuration-page';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const README = join(ROOT, 'README.md');
const DOCS = join(ROOT, 'docs');
const README_MAX_LINES = 150;

function markdownFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** The text outside fenced code blocks and code spans: example URLs there are not links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Targets of inline links and images, `[text](target)` and `![alt](target)`, and of reference definitions. */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1] ?? '');
  const references = [...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((match) => match[1] ?? '');
  const bare = [...text.matchAll(/<(https?:\/\/[^>]+)>/g)].map((match) => match[1] ?? '');
  return [...inline, ...references, ...bare];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const headings = prose(markdown.replace(/`([^`\n]*)`/g, '$1'))
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => line.replace(/^#+ /, '').trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'));
  return new Set(headings);
}

/** Repository paths named in code spans (`apps/api/src/…`), without wildcards or placeholders. */
function namedPaths(markdown: string): string[] {
  const withoutBlocks = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  return [...withoutBlocks.matchAll(/`((?:apps|packages|docker|docs|scripts)\/[^`\s]*)`/g)]
    .map((match) => match[1] ?? '')
    .filter((path) => !/[*<>{}…]|\.\.\.|:/.test(path));
}

/** Output folders the tests or builds create (test-results/, dist/) are named in the docs but not committed. */
function gitIgnored(path: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '-q', '--no-index', path], { cwd: ROOT, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const pages = [README, ...markdownFiles(DOCS)];
const name = (path: string) => relative(ROOT, path);

describe('the documentation (README.md and docs/)', () => {
  it(`README.md fits on a screen: at most ${README_MAX_LINES} lines`, () => {
    expect(readFileSync(README, 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it.each(pages.map((path) => [name(path), path]))('%s: every link stays in the repository and resolves', (_name, path) => {
    const markdown = readFileSync(path, 'utf8');
    const problems: string[] = [];
    for (const target of linkTargets(markdown)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        problems.push(`${target}: leaves the repository`);
        continue;
      }
      const [file = '', anchor] = target.split('#');
      const resolved = file === '' ? path : resolve(dirname(path), decodeURIComponent(file));
      if (!resolved.startsWith(`${ROOT}/`) && resolved !== ROOT) problems.push(`${target}: leaves the repository`);
      else if (!existsSync(resolved)) problems.push(`${target}: no such file`);
      else if (anchor && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(anchor)) problems.push(`${target}: no such heading`);
    }
    expect(problems).toEqual([]);
  });

  it.each(pages.map((path) => [name(path), path]))('%s: every repository path in a code span exists', (_name, path) => {
    const missing = namedPaths(readFileSync(path, 'utf8')).filter((named) => !existsSync(join(ROOT, named)) && !gitIgnored(named));
    expect(missing).toEqual([]);
  });

  it('docs/operate/configuration.md is what `npm run docs:config` generates from the configuration schema', () => {
    const page = readFileSync(join(DOCS, 'operate', 'configuration.md'), 'utf8');
    // On a difference: npm run docs:config (after describing any new variable in variable-descriptions.ts).
    expect(page).toBe(renderConfigurationPage());
  });
});

import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { contrastRatio, liftUntilContrast } from './contrast';

/** The pages' own backgrounds (apps/api/assets/hush.css, light and dark): an accent must read on each. */
export const PAGE_BACKGROUNDS = {
  light: ['#f6f7f9', '#ffffff'],
  dark: ['#121418', '#1c2027'],
} as const;
/** WCAG 2.2 AA for text. */
export const MIN_CONTRAST = 4.5;
export const MAX_LOGO_BYTES = 256 * 1024;

const flagDefaultTrue = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''], { message: 'must be true or false' })
  .optional()
  .transform((value) => value === undefined || value === '' || value === 'true' || value === '1' || value === 'yes');

/** One line of text: a line break would split a title, a subject or a header. */
const oneLine = (max: number) =>
  z.string().trim().min(1).max(max, `must be at most ${max} characters`).refine((value) => !/\p{Cc}/u.test(value), 'must be one line of text');

/** The variables of PAGES.md §7, spread into the configuration schema. */
export const BRAND_SCHEMA_SHAPE = {
  BRAND_NAME: oneLine(60).default('Hush'),
  BRAND_LOGO_FILE: z.string().trim().min(1).optional(),
  BRAND_ACCENT_COLOR: z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #rrggbb').transform((value) => value.toLowerCase()).optional(),
  BRAND_FOOTER_TEXT: oneLine(200).optional(),
  BRAND_FOOTER_URL: z
    .string()
    .trim()
    .refine((value) => (/^https?:\/\/[^\s"'<>\\]+$/.test(value) && URL.canParse(value)) || /^mailto:[^\s"'<>\\]+@[^\s"'<>\\]+$/.test(value), 'must be an http(s) URL or a mailto: address')
    .optional(),
  MAIL_FROM_NAME: oneLine(80)
    .refine((value) => !/[@<>"]/.test(value), 'must be a name, not an address (no @, < > or ")')
    .optional(),
  WEB_SHOW_SENDER: flagDefaultTrue,
};

type BrandVariables = z.output<z.ZodObject<typeof BRAND_SCHEMA_SHAPE>>;

export interface BrandLogo {
  /** Where the pages and mails load it from, on the page's own origin. */
  readonly path: '/assets/brand/logo.png' | '/assets/brand/logo.svg';
  readonly contentType: 'image/png' | 'image/svg+xml';
  readonly bytes: Buffer;
}

/** The operator's name, logo, colour and footer on every page and mail (PAGES.md §7). */
export interface BrandConfig {
  readonly name: string;
  readonly logo: BrandLogo | null;
  /** Buttons and links: the colour as given for light pages, and a lighter one of the same hue for dark pages. */
  readonly accent: { readonly light: string; readonly dark: string } | null;
  readonly footer: { readonly text: string; readonly url: string | null } | null;
  /** The confirm page names the account that shared the secret. */
  readonly showSender: boolean;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG by its signature, an SVG by its root element (after an XML declaration, comments or a doctype). */
function logoType(bytes: Buffer): 'png' | 'svg' | null {
  if (bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return 'png';
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const prologue = /^\s*(<\?xml[^>]*\?>\s*)?((<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)\s*)*<svg[\s>]/i;
  return prologue.test(text) ? 'svg' : null;
}

function readLogo(path: string, fail: (message: string) => never): BrandLogo {
  let bytes: Buffer;
  try {
    if (statSync(path).size > MAX_LOGO_BYTES) fail(`BRAND_LOGO_FILE is larger than ${MAX_LOGO_BYTES / 1024} KiB`);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof Error && !('code' in error)) throw error;
    fail(`BRAND_LOGO_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const type = logoType(bytes);
  if (type === null) fail('BRAND_LOGO_FILE must be a PNG or an SVG image');
  return type === 'png'
    ? { path: '/assets/brand/logo.png', contentType: 'image/png', bytes }
    : { path: '/assets/brand/logo.svg', contentType: 'image/svg+xml', bytes };
}

function accentOf(color: string, fail: (message: string) => never): BrandConfig['accent'] {
  const white = contrastRatio(color, '#ffffff');
  if (white < MIN_CONTRAST) fail(`BRAND_ACCENT_COLOR ${color} has a contrast of ${white.toFixed(2)}:1 with white button text; at least ${MIN_CONTRAST}:1 is needed (a darker colour)`);
  for (const background of PAGE_BACKGROUNDS.light) {
    const ratio = contrastRatio(color, background);
    if (ratio < MIN_CONTRAST) fail(`BRAND_ACCENT_COLOR ${color} has a contrast of ${ratio.toFixed(2)}:1 with the page background ${background}; at least ${MIN_CONTRAST}:1 is needed`);
  }
  // No colour reads both with white text and on a dark page: dark pages get the same hue lifted until it reads there.
  return { light: color, dark: liftUntilContrast(color, PAGE_BACKGROUNDS.dark, MIN_CONTRAST) };
}

export function brandConfigFrom(e: BrandVariables, fail: (message: string) => never): BrandConfig {
  return Object.freeze({
    name: e.BRAND_NAME,
    logo: e.BRAND_LOGO_FILE ? Object.freeze(readLogo(e.BRAND_LOGO_FILE, fail)) : null,
    accent: e.BRAND_ACCENT_COLOR ? Object.freeze(accentOf(e.BRAND_ACCENT_COLOR, fail)) : null,
    footer: e.BRAND_FOOTER_TEXT || e.BRAND_FOOTER_URL
      ? Object.freeze({ text: e.BRAND_FOOTER_TEXT ?? (e.BRAND_FOOTER_URL as string).replace(/^mailto:/, ''), url: e.BRAND_FOOTER_URL ?? null })
      : null,
    showSender: e.WEB_SHOW_SENDER,
  });
}

/** The display name of mails: MAIL_FROM_NAME, else MAIL_FROM's own name, else the brand; never an address. */
export function mailFromName(e: BrandVariables & { readonly MAIL_FROM?: string }, fail: (message: string) => never): string {
  if (e.MAIL_FROM_NAME) return e.MAIL_FROM_NAME;
  const own = /^\s*"?([^"<]*?)"?\s*<[^>]*>\s*$/.exec(e.MAIL_FROM ?? '')?.[1]?.trim();
  if (own?.includes('@')) fail('MAIL_FROM\'s display name must be a name, not an address (spam filters read that as spoofing): set MAIL_FROM_NAME');
  return own || e.BRAND_NAME;
}

/** docs/operate/configuration.md's lines for these variables (spread into VARIABLE_DESCRIPTIONS). */
export const BRAND_VARIABLE_DESCRIPTIONS = {
  BRAND_NAME: { meaning: 'the service\'s name in page titles, the header, mails and the footer. See [branding](branding.md)' },
  BRAND_LOGO_FILE: {
    meaning: `a PNG or SVG file (at most ${MAX_LOGO_BYTES / 1024} KiB), read at start-up, shown in the page header and mails and served at \`/assets/brand/logo.png\` or \`.svg\``,
    unset: 'unset (Hush\'s icon)',
  },
  BRAND_ACCENT_COLOR: {
    meaning: `\`#rrggbb\` for buttons and links; start-up refuses a colour below ${MIN_CONTRAST}:1 against white text or the light page background (dark pages get it lifted to read there)`,
    unset: 'unset (Hush\'s blue)',
  },
  BRAND_FOOTER_TEXT: { meaning: 'one line in the footer of every page and mail, such as "Run by Example AB IT — help"', unset: 'unset' },
  BRAND_FOOTER_URL: { meaning: 'an http(s) or `mailto:` link for that line', unset: 'unset' },
  MAIL_FROM_NAME: { meaning: 'the display name of mails; never an address (the creator is named in the mail\'s text)', unset: '`MAIL_FROM`\'s own display name, else `BRAND_NAME`' },
  WEB_SHOW_SENDER: { meaning: 'the recipient\'s confirm page names the account that shared the secret ("alice@example.com shared a secret with you"); anonymous secrets say "someone"' },
} as const;

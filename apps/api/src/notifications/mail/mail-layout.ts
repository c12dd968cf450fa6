import type { Locale } from '../../i18n/locales';

/** A rendered e-mail: a subject, and the same content as plain text and as HTML. */
export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** A piece of a mail's body, written once and rendered into both parts. */
export type MailBlock =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'notice'; readonly text: string }
  /** A link to act on: a button and the address to copy in HTML, the label and the address in text. */
  | { readonly kind: 'action'; readonly label: string; readonly href: string; readonly copyHint: string };

/** Who runs the service, on every mail (PAGES.md §7). */
export interface MailBrand {
  readonly name: string;
  /** The logo's absolute link on PUBLIC_URL (mail clients load no relative link, and an SVG is never inlined). */
  readonly logoUrl: string | null;
  readonly footer: { readonly text: string; readonly url: string | null } | null;
}

export interface MailContent {
  readonly locale: Locale;
  readonly brand: MailBrand;
  readonly subject: string;
  readonly blocks: readonly MailBlock[];
  readonly footer: readonly string[];
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** Control characters (a line break in a name, say) become spaces: they would break a subject or a line of text. */
export const oneLine = (value: string): string => value.replace(/\p{Cc}+/gu, ' ');

/** Only an absolute http(s) link without spaces or quotes goes into a mail. */
export function assertMailLink(link: string): void {
  if (!/^https?:\/\/[^\s"'<>\\]+$/.test(link)) throw new Error('A mail link must be an absolute http(s) URL');
}

// Inline styles only (mail clients drop <style> and never load assets); contrast ≥ 4.5:1 on white.
// Inside a double-quoted attribute, so a quoted font name takes single quotes: a double quote would end the attribute.
export const MAIL_FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const BODY = `margin:0;padding:24px 12px;background-color:#f4f4f5;color:#18181b;font-family:${MAIL_FONT};font-size:16px;line-height:1.5`;
const HEADER = 'max-width:560px;margin:0 auto 12px auto;font-size:20px;font-weight:700;color:#18181b';
const LOGO = 'display:block;height:40px;width:auto;max-width:240px;border:0';
const CARD = 'max-width:560px;margin:0 auto;padding:24px;background-color:#ffffff;border-radius:8px';
const PARAGRAPH = 'margin:0 0 16px 0';
const NOTICE = 'margin:0 0 16px 0;padding:12px 16px;background-color:#fef3c7;border-left:4px solid #b45309;color:#18181b';
const BUTTON = 'display:inline-block;padding:12px 20px;background-color:#1d4ed8;color:#ffffff;font-weight:600;text-decoration:none;border-radius:6px';
const LINK = 'color:#1d4ed8;word-break:break-all';
const FOOTER = 'max-width:560px;margin:16px auto 0 auto;color:#52525b;font-size:13px';
const FOOTER_LINK = 'color:#52525b';

function htmlHeader(brand: MailBrand): string {
  const name = escapeHtml(brand.name);
  const mark = brand.logoUrl === null ? name : `<img src="${escapeHtml(brand.logoUrl)}" alt="${name}" height="40" style="${LOGO}">`;
  return `<div style="${HEADER}">${mark}</div>`;
}

function htmlBrandFooter(footer: NonNullable<MailBrand['footer']>): string {
  const text = escapeHtml(footer.text);
  return `<p style="${FOOTER}">${footer.url === null ? text : `<a href="${escapeHtml(footer.url)}" style="${FOOTER_LINK}">${text}</a>`}</p>`;
}

const textBrandFooter = (footer: MailBrand['footer']): string[] =>
  footer === null ? [] : [footer.url === null || footer.url.replace(/^mailto:/, '') === footer.text ? footer.text : `${footer.text}: ${footer.url}`];

function htmlBlock(block: MailBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="${PARAGRAPH}">${escapeHtml(block.text)}</p>`;
    case 'notice':
      return `<p style="${NOTICE}">${escapeHtml(block.text)}</p>`;
    case 'action': {
      const href = escapeHtml(block.href);
      return [
        `<p style="${PARAGRAPH}"><a href="${href}" style="${BUTTON}">${escapeHtml(block.label)}</a></p>`,
        `<p style="${PARAGRAPH}">${escapeHtml(block.copyHint)}<br><a href="${href}" style="${LINK}">${href}</a></p>`,
      ].join('\n');
    }
  }
}

const textBlock = (block: MailBlock): string => (block.kind === 'action' ? `${block.label}:\n${block.href}` : block.text);

/** The two parts of one mail, from the same blocks: the text part reads on its own. */
export function renderMail(content: MailContent): RenderedMail {
  const subject = oneLine(content.subject);
  const footer = [...content.footer, ...textBrandFooter(content.brand.footer)];
  const text = [content.brand.name, ...content.blocks.map(textBlock), `-- \n${footer.join('\n')}`].join('\n\n');
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${content.locale}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="${BODY}">`,
    htmlHeader(content.brand),
    `<div style="${CARD}">`,
    ...content.blocks.map(htmlBlock),
    '</div>',
    ...content.footer.map((line) => `<p style="${FOOTER}">${escapeHtml(line)}</p>`),
    ...(content.brand.footer === null ? [] : [htmlBrandFooter(content.brand.footer)]),
    '</body>',
    '</html>',
  ].join('\n');
  return { subject, text: `${text}\n`, html: `${html}\n` };
}

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config';
import { MIN_CONTRAST, PAGE_BACKGROUNDS } from './brand-config';
import { contrastRatio } from './contrast';

const dir = mkdtempSync(join(tmpdir(), 'hush-brand-'));
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
const SVG = '<?xml version="1.0"?>\n<!-- the logo -->\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n';

describe('the brand (PAGES.md §7)', () => {
  it('is Hush, with no logo, accent or footer, and names senders, by default', () => {
    expect(loadConfig({}).brand).toEqual({ name: 'Hush', logo: null, accent: null, footer: null, showSender: true });
    expect(loadConfig({ WEB_SHOW_SENDER: 'false' }).brand.showSender).toBe(false);
  });

  it('reads the name and the footer line, with an http(s) or mailto: link', () => {
    const brand = loadConfig({ BRAND_NAME: ' Example AB ', BRAND_FOOTER_TEXT: 'Run by Example AB IT — help', BRAND_FOOTER_URL: 'https://it.example.com/help' }).brand;
    expect(brand).toMatchObject({ name: 'Example AB', footer: { text: 'Run by Example AB IT — help', url: 'https://it.example.com/help' } });
    expect(loadConfig({ BRAND_FOOTER_URL: 'mailto:it@example.com' }).brand.footer).toEqual({ text: 'it@example.com', url: 'mailto:it@example.com' });
    expect(loadConfig({ BRAND_FOOTER_TEXT: 'IT desk, room 4' }).brand.footer).toEqual({ text: 'IT desk, room 4', url: null });
  });

  it.each([
    [{ BRAND_NAME: 'Two\nlines' }, /BRAND_NAME must be one line of text/],
    [{ BRAND_NAME: 'x'.repeat(61) }, /BRAND_NAME must be at most 60 characters/],
    [{ BRAND_FOOTER_URL: 'javascript:alert(1)' }, /BRAND_FOOTER_URL must be an http\(s\) URL or a mailto: address/],
    [{ BRAND_FOOTER_URL: 'https://it.example.com/" onclick="x' }, /BRAND_FOOTER_URL must be/],
    [{ BRAND_ACCENT_COLOR: 'blue' }, /BRAND_ACCENT_COLOR must be a colour written #rrggbb/],
    [{ BRAND_ACCENT_COLOR: '#fc0' }, /BRAND_ACCENT_COLOR must be a colour written #rrggbb/],
    [{ BRAND_ACCENT_COLOR: '#ffcc00' }, /BRAND_ACCENT_COLOR #ffcc00 has a contrast of 1\.\d\d:1 with white button text; at least 4\.5:1/],
    [{ BRAND_ACCENT_COLOR: '#2b78e4' }, /BRAND_ACCENT_COLOR #2b78e4 has a contrast of 4\.\d\d:1 with/],
    [{ WEB_SHOW_SENDER: 'maybe' }, /WEB_SHOW_SENDER must be true or false/],
  ])('stops on %p, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('takes an accent that reads on the light pages as it is, and lifts it for the dark pages until it reads there too', () => {
    const accent = loadConfig({ BRAND_ACCENT_COLOR: '#0B3D91' }).brand.accent;
    expect(accent?.light).toBe('#0b3d91');
    for (const background of PAGE_BACKGROUNDS.light) expect(contrastRatio('#0b3d91', background)).toBeGreaterThanOrEqual(MIN_CONTRAST);
    for (const background of PAGE_BACKGROUNDS.dark) {
      expect(contrastRatio('#0b3d91', background)).toBeLessThan(MIN_CONTRAST);
      expect(contrastRatio(accent?.dark ?? '', background)).toBeGreaterThanOrEqual(MIN_CONTRAST);
    }
  });

  it('checks against the backgrounds the stylesheet really has, light and dark', () => {
    const css = readFileSync(join(__dirname, '..', '..', 'assets', 'hush.css'), 'utf8');
    const [light, dark] = css.split('@media (prefers-color-scheme: dark)') as [string, string];
    expect([/--bg: (#\w+)/.exec(light)?.[1], /--surface: (#\w+)/.exec(light)?.[1]]).toEqual(PAGE_BACKGROUNDS.light);
    expect([/--bg: (#\w+)/.exec(dark)?.[1], /--surface: (#\w+)/.exec(dark)?.[1]]).toEqual(PAGE_BACKGROUNDS.dark);
  });

  it('reads a PNG or an SVG logo at start-up, by its content', () => {
    expect(loadConfig({ BRAND_LOGO_FILE: file('logo.png', PNG) }).brand.logo).toEqual({ path: '/assets/brand/logo.png', contentType: 'image/png', bytes: PNG });
    expect(loadConfig({ BRAND_LOGO_FILE: file('logo.svg', SVG) }).brand.logo).toMatchObject({ path: '/assets/brand/logo.svg', contentType: 'image/svg+xml' });
  });

  it.each([
    ['missing', () => join(dir, 'nothing.png'), /BRAND_LOGO_FILE cannot be read \(ENOENT\)/],
    ['a directory', () => dir, /BRAND_LOGO_FILE cannot be read \(EISDIR\)|BRAND_LOGO_FILE must be a PNG or an SVG image/],
    ['too big', () => file('big.png', Buffer.concat([PNG, Buffer.alloc(256 * 1024)])), /BRAND_LOGO_FILE is larger than 256 KiB/],
    ['a JPEG', () => file('logo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), /BRAND_LOGO_FILE must be a PNG or an SVG image/],
    ['HTML named .svg', () => file('page.svg', '<html><script>alert(1)</script></html>'), /BRAND_LOGO_FILE must be a PNG or an SVG image/],
  ])('refuses a logo that is %s, clearly', (_, path, message) => {
    expect(() => loadConfig({ BRAND_LOGO_FILE: path() })).toThrow(message);
  });
});

import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../tokens';
import { BRAND_STYLESHEET_PATH, PageRenderer } from './page-renderer';

/** The accent for light pages, and its lifted twin for dark ones; buttons' text is white on the first, the dark page on the second. */
export function brandStylesheet(accent: NonNullable<AppConfig['brand']['accent']>): string {
  return [
    `:root { --accent: ${accent.light}; --accent-text: #ffffff; }`,
    `@media (prefers-color-scheme: dark) { :root { --accent: ${accent.dark}; --accent-text: #121418; } }`,
    '',
  ].join('\n');
}

/**
 * PAGES.md §7: the operator's logo and accent colour, served from the page's own origin (the CSP loads nothing
 * from elsewhere, and allows no inline style). The logo keeps its own Content-Type and gets the pages' CSP, so an
 * SVG opened on its own runs nothing; mails load it by its absolute link.
 */
@ApiExcludeController()
@Controller('assets')
export class BrandAssetsController {
  private readonly stylesheet: string | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly renderer: PageRenderer,
  ) {
    this.stylesheet = config.brand.accent ? brandStylesheet(config.brand.accent) : null;
  }

  @Get(BRAND_STYLESHEET_PATH.replace('/assets/', ''))
  accent(@Res() response: Response): void {
    if (this.stylesheet === null) throw new NotFoundException();
    response.set({ 'Content-Type': 'text/css; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }).send(this.stylesheet);
  }

  @Get('brand/:file')
  logo(@Param('file') file: string, @Res() response: Response): void {
    const { logo } = this.config.brand;
    if (!logo || `/assets/brand/${file}` !== logo.path) throw new NotFoundException();
    response
      .set({
        'Content-Type': logo.contentType,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': this.renderer.csp,
        // Mails show it from their reader's own origin (a webmail's page): the one asset another origin may embed.
        'Cross-Origin-Resource-Policy': 'cross-origin',
      })
      .send(logo.bytes);
  }
}

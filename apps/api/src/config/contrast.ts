/** WCAG 2.2 colour contrast, for `#rrggbb` colours. */

const channels = (color: string): [number, number, number] => [1, 3, 5].map((start) => Number.parseInt(color.slice(start, start + 2), 16)) as [number, number, number];

const hex = (rgb: readonly number[]): string => `#${rgb.map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;

export function relativeLuminance(color: string): number {
  const [r, g, b] = channels(color).map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The colour mixed towards white, step by step, until it reaches `ratio` against every one of `backgrounds`. */
export function liftUntilContrast(color: string, backgrounds: readonly string[], ratio: number): string {
  const rgb = channels(color);
  for (let step = 0; step <= 20; step += 1) {
    const mixed = hex(rgb.map((channel) => channel + ((255 - channel) * step) / 20));
    if (backgrounds.every((background) => contrastRatio(mixed, background) >= ratio)) return mixed;
  }
  return '#ffffff';
}

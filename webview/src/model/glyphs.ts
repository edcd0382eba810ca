// A distinct marker shape per step, so steps stay apart without color (high-contrast themes,
// color-blind readers, grey print): circle, square, diamond, triangle, inverted triangle,
// hexagon; a Sigma detection (a negative index) is a four-pointed star, which no step uses.
// Paths are centred on (0, 0); the marker is moved with a translate.

export const GLYPH_COUNT = 6;

function polygon(points: readonly (readonly [number, number])[]): string {
  return `M${points.map(([x, y]) => `${round(x)},${round(y)}`).join('L')}Z`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The SVG path of step `index`'s glyph with radius `r` (about the same area for every shape). */
export function glyphPath(index: number, r: number): string {
  if (index < 0) {
    const s = r * 1.5;
    const i = r * 0.45;
    return polygon([[0, -s], [i, -i], [s, 0], [i, i], [0, s], [-i, i], [-s, 0], [-i, -i]]);
  }
  switch (index % GLYPH_COUNT) {
    case 0: return `M${-r},0A${r},${r} 0 1,0 ${r},0A${r},${r} 0 1,0 ${-r},0Z`;
    case 1: { const s = r * 0.9; return polygon([[-s, -s], [s, -s], [s, s], [-s, s]]); }
    case 2: { const s = r * 1.25; return polygon([[0, -s], [s, 0], [0, s], [-s, 0]]); }
    case 3: { const s = r * 1.3; return polygon([[0, -s], [s * 0.95, s * 0.7], [-s * 0.95, s * 0.7]]); }
    case 4: { const s = r * 1.3; return polygon([[0, s], [s * 0.95, -s * 0.7], [-s * 0.95, -s * 0.7]]); }
    default: {
      const s = r * 1.1;
      return polygon(Array.from({ length: 6 }, (_, k) => [s * Math.cos((Math.PI / 3) * k), s * Math.sin((Math.PI / 3) * k)] as const));
    }
  }
}

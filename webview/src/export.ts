// Export of the timeline as it looks now: SVG (the live SVG cloned, each element carrying its
// computed theme colors, so the file stands alone outside VS Code) and PNG (that SVG drawn
// on a canvas at 2x). Both are handed to the host, which saves them.

const PROPERTIES = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity', 'font-family', 'font-size', 'font-weight', 'display', 'visibility'];

export function svgForExport(live: SVGSVGElement): string {
  const clone = live.cloneNode(true) as SVGSVGElement;
  const sources = [live, ...Array.from(live.querySelectorAll('*'))];
  const targets = [clone, ...Array.from(clone.querySelectorAll('*'))];
  sources.forEach((source, i) => {
    const computed = getComputedStyle(source);
    const target = targets[i] as SVGElement;
    for (const p of PROPERTIES) target.style.setProperty(p, computed.getPropertyValue(p));
    target.removeAttribute('class');
  });
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.style.setProperty('fill', getComputedStyle(document.body).backgroundColor);
  clone.insertBefore(background, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}

export async function pngFromSvg(svgText: string, width: number, height: number, scale = 2): Promise<string> {
  const image = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('the SVG could not be drawn'));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas available');
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  return canvas.toDataURL('image/png');
}

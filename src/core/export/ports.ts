// Firewall port specs as port_in() reads them ("3389", "80,443", "5000-5010", "*"/"Any"),
// parsed once so every target expands a literal spec the same way.

export type PortRange = readonly [number, number];

/** The ranges a spec lists, or 'any'; null when the spec is not a port spec. */
export function parsePortSpec(spec: string): PortRange[] | 'any' | null {
  const ranges: PortRange[] = [];
  for (const part of spec.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    if (part === '*' || part.toLowerCase() === 'any') return 'any';
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return null;
    ranges.push([Number(m[1]), Number(m[2] ?? m[1])]);
  }
  return ranges;
}

// Seeded randomness for the sample generator: the same seed always yields the same
// scenarios byte for byte, so committed samples and benchmark sets are reproducible.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** A Sysmon ProcessGuid: the machine prefix, then time-derived groups, then a fixed tail. */
  guid(prefix: string): string;
  hex(digits: number): string;
}

/** mulberry32: small, fast and good enough for plausible noise. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const hex = (digits: number): string =>
    Array.from({ length: digits }, () => int(0, 15).toString(16)).join('');
  return {
    next,
    int,
    hex,
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    guid: (prefix) => `{${prefix}-${hex(4)}-${hex(4)}-${hex(4)}-000000000${int(1, 9)}00}`,
  };
}

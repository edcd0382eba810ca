// Field mappings: the built-in one per target (mappings/*.json, data, not code) and a workspace
// override (`--schema <file>`) merged over it key by key, so a team can rename one field or
// point a category at its own index without copying the whole table.

import eql from './mappings/eql.json';
import kql from './mappings/kql.json';
import sigma from './mappings/sigma.json';
import spl from './mappings/spl.json';
import type { Mapping, TargetName } from './model';
import { readRegularTextSync } from '../fs/regularFile';

const BUILT_IN: Record<TargetName, Mapping> = {
  eql: eql as unknown as Mapping,
  kql: kql as unknown as Mapping,
  spl: spl as unknown as Mapping,
  sigma: sigma as unknown as Mapping,
};

export function builtInMapping(target: TargetName): Mapping {
  return BUILT_IN[target];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `override` over `base`: objects merge recursively, anything else replaces. */
function mergeMapping(base: Mapping, override: Json): Mapping {
  const merge = (a: Json, b: Json): Json => {
    const out: Json = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = isObject(v) && isObject(a[k]) ? merge(a[k] as Json, v) : v;
    return out;
  };
  return merge(base as unknown as Json, override) as unknown as Mapping;
}

/** The mapping for a target with a workspace override file applied; bad files throw with the path. */
export function loadMapping(target: TargetName, overridePath?: string): Mapping {
  const base = builtInMapping(target);
  if (!overridePath) return base;
  let parsed: unknown;
  try {
    // Only a regular file: a FIFO named as the mapping waited forever, /dev/zero was read until memory ran out.
    parsed = JSON.parse(readRegularTextSync(overridePath));
  } catch (e) {
    throw new Error(`cannot read mapping ${overridePath}: ${(e as Error).message}`);
  }
  if (!isObject(parsed)) throw new Error(`mapping ${overridePath}: expected a JSON object`);
  if (parsed.target !== undefined && parsed.target !== target) throw new Error(`mapping ${overridePath} is for target "${String(parsed.target)}", not "${target}"`);
  return mergeMapping(base, parsed);
}

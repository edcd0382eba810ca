// js-yaml ships no types; the export tests only read YAML back to validate Sigma output.
declare module 'js-yaml' {
  export function load(text: string): unknown;
}

// What completion, hover and diagnostics ask the engine about the loaded data, cached until
// the session changes (a load, unload or new session). Never starts the engine: with no
// data loaded every answer is empty, immediately.

import type { Context } from '../context';
import type { ValueCount } from '../core/types/session';

const TOP_VALUES = 20;

export class DataCache {
  private values = new Map<string, Promise<readonly ValueCount[]>>();
  private fields: Promise<readonly string[]> | undefined;

  constructor(private readonly ctx: Context) {
    ctx.onSessionChanged(() => {
      this.values = new Map();
      this.fields = undefined;
    });
  }

  topValues(field: string): Promise<readonly ValueCount[]> {
    if (!this.ctx.hasData) return Promise.resolve([]);
    const key = field.toLowerCase();
    let pending = this.values.get(key);
    if (!pending) {
      pending = this.ctx.request('topValues', { field, limit: TOP_VALUES }).catch(() => []);
      this.values.set(key, pending);
    }
    return pending;
  }

  /** Field names present in the data (schema columns with values, and original fields). */
  fieldsSeen(): Promise<readonly string[]> {
    if (!this.ctx.hasData) return Promise.resolve([]);
    this.fields ??= this.ctx.request('fieldsSeen', {}).catch(() => []);
    return this.fields;
  }
}

// Records loaded without their event data (an EvtxECmd Payload that cannot be read): the
// event's System fields still load, and the source gets one warning that counts them and names
// the first by line (or offset) and reason, so a file of 100,000 damaged payloads adds one line
// to the load report, not 100,000. Shared by the CSV and both JSON readers.

export class DataProblems {
  private count = 0;
  private first = '';

  note(where: { readonly line?: number; readonly offset: number }, problem: string): void {
    if (this.count++ === 0) this.first = `${where.line === undefined ? `offset ${where.offset}` : `line ${where.line}`}: ${problem}`;
  }

  report(warn: (message: string) => void): void {
    if (this.count === 0) return;
    const others = this.count > 1 ? ` (and ${(this.count - 1).toLocaleString('en-US')} more record(s) like it)` : '';
    warn(`${this.first}; the event loaded without its event data${others}`);
  }
}

// Records whose embedded event data (a Sentinel row's EventData XML or JSON) cannot be read
// load without it. A source says so once, with the count and the first record's place and
// reason, not once per record: an export of 100,000 such rows would bury the load report.

export class EventDataProblems {
  private count = 0;
  private first = '';

  /** `where` names the record: `line 12`, or `byte offset 4096` in a JSON array. */
  note(where: string, problem: string): void {
    if (this.count++ === 0) this.first = `${where}: ${problem}`;
  }

  report(warn: (message: string) => void): void {
    if (this.count === 0) return;
    warn(`${this.count} record(s) have event data that cannot be read; loaded with their other columns only (first at ${this.first})`);
  }
}

// How many ranges the writer parses itself: none while the pool keeps up, more while the writer
// waits for it, never more than half.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InlineShare, inOrder } from '../../../../src/core/ingest/parallel/inlineShare';

function taken(share: InlineShare, ranges: number): number {
  let count = 0;
  for (let i = 0; i < ranges; i++) if (share.takesNext()) count++;
  return count;
}

test('a pool that keeps up leaves every range to the workers', () => {
  const share = new InlineShare();
  for (let i = 0; i < 1000; i++) share.answered(0.01);
  assert.equal(taken(share, 1000), 0);
});

test('waiting for the pool makes the writer take ranges, at most half of them, and fewer again once it stops waiting', () => {
  const share = new InlineShare();
  for (let i = 0; i < 5; i++) share.answered(4);
  const early = taken(share, 100);
  assert.ok(early > 0 && early <= 15, `a few after a few waits: ${early}`);
  for (let i = 0; i < 1000; i++) share.answered(4);
  assert.equal(taken(share, 1000), 500);
  for (let i = 0; i < 1000; i++) share.answered(0.01);
  assert.equal(taken(share, 1000), 0);
});

test('the share settles where the writer waits for about one answer in six', () => {
  // A writer that waits whenever it parses less than a sixth itself, as with one worker that is
  // a fifth slower than the writer.
  const share = new InlineShare();
  let inline = 0;
  let answers = 0;
  for (let i = 0; i < 20_000; i++) {
    if (share.takesNext()) {
      inline++;
      continue;
    }
    answers++;
    share.answered(inline / (i + 1) < 1 / 6 ? 3 : 0.01);
  }
  const fraction = inline / 20_000;
  assert.ok(fraction > 0.12 && fraction < 0.22, `settled at ${fraction}`);
  assert.ok(answers > 0);
});

test('jobs come back in order whether sent or done here, answers arriving in any order', async () => {
  const sent: number[] = [];
  const here: number[] = [];
  const work = {
    inFlight: 4,
    // Later jobs answer sooner.
    send: (job: number) => {
      sent.push(job);
      return new Promise<number>((resolve) => setTimeout(() => resolve(job * 10), 20 - (job % 5) * 4));
    },
    answered: (answer: number, job: number) => `${job}:${answer}`,
    here: (job: number) => {
      here.push(job);
      return `${job}:here`;
    },
  };
  let turn = 0;
  const results: string[] = [];
  for await (const result of inOrder(Array.from({ length: 12 }, (_, i) => i), work, { takesNext: () => turn++ % 3 === 0, answered: () => undefined })) results.push(result);
  assert.deepEqual(results.map((r) => Number(r.split(':')[0])), Array.from({ length: 12 }, (_, i) => i));
  assert.deepEqual(here, [0, 3, 6, 9]);
  assert.deepEqual(sent, [1, 2, 4, 5, 7, 8, 10, 11]);
  assert.ok(results.every((r) => r.endsWith(here.includes(Number(r.split(':')[0])) ? ':here' : `:${Number(r.split(':')[0]) * 10}`)));
});

test('the first jobs are done here before any is sent', () => {
  const share = new InlineShare(2);
  assert.deepEqual([share.takesNext(), share.takesNext(), share.takesNext()], [true, true, false]);
});

// The editor's explanation report: the step table with where partial chains died, and log text
// from "why not" inside a fence no backtick run in the text can close.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explanationMarkdown } from '../../../src/core/format/explanation';
import type { Explanation } from '../../../src/core/types/session';

const base: Explanation = {
  analytic: 'TEST-SVC', chains: 0, truncated: 0, millis: 3, warnings: [], diagnostics: [],
  steps: [{ step: 'inbound', candidates: 4, reached: 3 }, { step: 'child', candidates: 0, reached: 0 }],
};

test('per step: candidates, reached, and how many partial chains died there', () => {
  const md = explanationMarkdown(base);
  assert.match(md, /\| inbound \| 4 \| 3 \|  \|/);
  assert.match(md, /\| child \| 0 \| 0 \| 3 \|/);
  assert.match(md, /No loaded event matches step \*\*child\*\* on its own/);
});

test('why-not text stays in a fence longer than any backtick run it holds', () => {
  const md = explanationMarkdown({ ...base, whyNot: { host: 'WS6', sentence: 'cmd ```` # not a heading', text: 'head\n\nstep inbound: ok' } });
  assert.match(md, /## Why not on WS6/);
  assert.match(md, /`````text\ncmd ```` # not a heading\n`````/);
  assert.match(md, /```text\nstep inbound: ok\n```/);
});

// A chain's story (src/core/format/story.ts): one sentence per step in an analyst's words and
// the values that tie each step to the earlier ones, from normalized columns only.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { carriedValues, chainStory, eventSentence, type Fields } from '../../../src/core/format/story';
import type { Chain, ChainEvent } from '../../../src/core/types/chain';

const inbound: Fields = { host: 'WORKSTATION6', category: 'network', action: 'connect', direction: 'inbound', process_name: 'services.exe', pid: 600, process_guid: '{S}', src_ip: '172.18.39.5', dst_port: 49726 };
const install: Fields = { host: 'WORKSTATION6', category: 'service', action: 'install', service_name: 'Updater', service_image: '%COMSPEC% /C start /b powershell -noP -enc AAAA' };
const child: Fields = { host: 'WORKSTATION6', category: 'process', action: 'start', parent_name: 'services.exe', ppid: 600, parent_guid: '{S}', process_name: 'cmd.exe', command_line: 'cmd.exe /c whoami', user: 'NT AUTHORITY\\SYSTEM' };

function ev(id: number): ChainEvent {
  return { id, ts: id, host: 'WORKSTATION6', channel: null, provider: null, event_id: null, record_id: null, summary: '', source: { file: 'f', line: id } };
}

test('each kind of event reads as a sentence with its actor, target and host', () => {
  assert.equal(eventSentence(inbound), '172.18.39.5 reached WORKSTATION6 on port 49726, accepted by services.exe');
  assert.equal(eventSentence(install), 'service Updater was installed on WORKSTATION6 to run %COMSPEC% /C start /b powershell -noP -enc AAAA');
  assert.equal(eventSentence(child), 'services.exe started cmd.exe /c whoami on WORKSTATION6 as NT AUTHORITY\\SYSTEM');
  assert.equal(eventSentence({ host: 'WS1', category: 'network', direction: 'outbound', process_name: 'powershell.exe', dst_ip: '10.0.2.19', dst_port: 4444 }), 'powershell.exe on WS1 connected to 10.0.2.19 port 4444');
  assert.equal(eventSentence({ host: 'WS1', category: 'network', direction: 'inbound', src_ip: '10.0.0.9', dst_port: 50115, process_name: 'services.exe', fw_action: 'block' }), '10.0.0.9 reached WS1 on port 50115, accepted by services.exe (block)');
  assert.equal(eventSentence({ host: 'DC1', category: 'logon', target_user: 'THESHIRE\\pgustavo', src_ip: '172.18.39.5', logon_type: 3 }), 'THESHIRE\\pgustavo logged on to DC1 from 172.18.39.5 (type 3)');
});

test('a step carries the values it shares with earlier steps, nearest first, named by what they are', () => {
  assert.deepEqual(carriedValues(inbound, child), ['parent services.exe', 'pid 600']);
  assert.deepEqual(carriedValues(install, child), []);
  assert.deepEqual(carriedValues({ src_ip: '10.0.0.9', user: 'A\\b' }, { src_ip: '10.0.0.9', user: 'a\\B' }), ['from 10.0.0.9', 'user A\\b']);
  const chain: Chain = { analytic: 'X', title: 'x', severity: 'high', key: {}, start: 1, end: 3, steps: [
    { name: 'inbound', missing: false, events: [ev(1)] },
    { name: 'installed', missing: false, events: [ev(2)] },
    { name: 'gone', missing: true, events: [] },
    { name: 'child', missing: false, events: [ev(3)] },
  ] };
  const story = chainStory(chain, new Map([[1, inbound], [2, install], [3, child]]));
  assert.equal(story.sentences.length, 4);
  assert.equal(story.sentences[2], null);
  // The child's parent is the process that accepted two steps before, past the install.
  assert.deepEqual(story.carried, [[], [], [], ['parent services.exe', 'pid 600']]);
});

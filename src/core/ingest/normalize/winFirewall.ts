// Windows Firewall With Advanced Security (…/Firewall channel) rule events → canonical
// columns. Rule events carry numeric enums: Direction 1 in / 2 out, Action 2 block /
// 3 allow; rendered messages (Event Viewer CSV, Export-Csv) spell them out (Inbound, Allow).
// Event ids differ between Windows builds for the same change (2004 vs 2071 vs
// 2097 for "rule added"), so they map to one action each.

import { setImage, type EventData, type EventRow } from './eventData';

const ACTIONS: ReadonlyMap<number, string> = new Map([
  [2004, 'rule_add'], [2071, 'rule_add'], [2097, 'rule_add'],
  [2005, 'rule_modify'], [2073, 'rule_modify'], [2099, 'rule_modify'],
  [2006, 'rule_delete'], [2052, 'rule_delete'], [2102, 'rule_delete'],
  [2033, 'rule_delete_all'], [2032, 'rule_delete_all'],
]);

// Maps, looked up by the log's text: an object would answer `constructor` with its own.
const RULE_ACTIONS: ReadonlyMap<string, string> = new Map([['2', 'block'], ['3', 'allow'], ['block', 'block'], ['allow', 'allow']]);
const RULE_DIRECTIONS: ReadonlyMap<string, string> = new Map([['1', 'inbound'], ['2', 'outbound'], ['inbound', 'inbound'], ['outbound', 'outbound']]);

export function mapFirewall(d: EventData, row: EventRow, eventId: number): void {
  const action = ACTIONS.get(eventId);
  if (action === undefined) return;
  row.category = 'firewall';
  row.action = action;
  row.rule_id = d.text('RuleId');
  row.rule_name = d.text('RuleName');
  row.local_ports = d.text('LocalPorts');
  row.protocol = d.protocol('Protocol');
  row.service_name = d.text('ServiceName');
  const verdict = d.text('Action');
  row.fw_action = verdict === null ? null : RULE_ACTIONS.get(verdict.toLowerCase()) ?? null;
  const direction = d.text('Direction');
  row.direction = direction === null ? null : RULE_DIRECTIONS.get(direction.toLowerCase()) ?? null;
  // The acting process is the one that changed the rule; the rule's own program stays an original field (ApplicationPath).
  setImage(row, d.text('ModifyingApplication'));
  row.user = d.text('ModifyingUser');
}

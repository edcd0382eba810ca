// A fresh normalized row with every field present, in COLUMNS order. Rows built this way
// all share one object shape, so the mappers that fill them and the store that reads every
// field of every row stay on V8's fast, monomorphic paths (rows grown field by field take a
// different shape per event type). A unit test keeps the list equal to the schema's.

import type { EventField, NormalizedEvent } from '../../schema/columns';

export function emptyRow(): NormalizedEvent {
  return {
    ts: null,
    ts_raw: null,
    host: null,
    host_fqdn: null,
    provider: null,
    channel: null,
    event_id: null,
    record_id: null,
    category: null,
    action: null,
    process_guid: null,
    pid: null,
    image: null,
    process_name: null,
    command_line: null,
    parent_guid: null,
    ppid: null,
    parent_image: null,
    parent_name: null,
    user: null,
    src_ip: null,
    src_port: null,
    dst_ip: null,
    dst_port: null,
    protocol: null,
    direction: null,
    peer_scope: null,
    src_host: null,
    dst_host: null,
    conn_state: null,
    service_name: null,
    service_state: null,
    service_image: null,
    rule_id: null,
    rule_name: null,
    fw_action: null,
    local_ports: null,
    logon_type: null,
    logon_id: null,
    target_user: null,
    query_name: null,
    query_type: null,
    answers: null,
    lease_end: null,
  } satisfies Record<EventField, null>;
}

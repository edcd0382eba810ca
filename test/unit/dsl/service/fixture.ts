// A small analytic in the documented syntax, shared by the service tests; offsets are found
// by searching for marked text so the tests do not depend on hand-counted columns.

export const SAMPLE = `list remote_ports = [135, 445, 3389]
list allow from "lists/known-service-binaries.txt"

analytic "SVC-RPC-EXEC" {
  title "Remote execution of Windows services via RPC"
  severity high
  sequence by host within 5m
    step inbound: network where process_name == "services.exe" and dst_port >= 49152
    step child: process where parent_name == "services.exe" and not image in allow and pid != inbound.dst_port
    optional step installed: service where event_id in (7045, 4697)
}

analytic "NO-WINDOW" {
  sequence by host
    step a: process where action == "start"
    step effect: any of { crash: service where event_id == 7031 | onward: network where dst_port in remote_ports }
}
`;

/** Offset of the `nth` occurrence of `needle` plus `delta`. */
export function at(needle: string, delta = 0, nth = 1, text = SAMPLE): number {
  let index = -1;
  for (let i = 0; i < nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" not found`);
  }
  return index + delta;
}

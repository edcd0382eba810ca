// The editable analytic of the demo workspace: the walkthrough and the e2e suite open it,
// run it, and break it on purpose to see a diagnostic.

export const FIRST_HUNT_PATH = 'hunts/first-hunt.hunt';

export const FIRST_HUNT = `# My first hunt: a narrower SVC-RPC-EXEC to read, edit and run on the demo scenarios.
# The service control manager accepts a remote connection, then starts a shell.
analytic "FIRST-HUNT" {
  title "services.exe accepts a remote connection, then starts a shell"
  severity medium
  attack T1569.002
  description "Remote service creation (PsExec-style): an inbound connection to services.exe, then a shell as its child."
  sequence by host within 5m
    step inbound: network where process_name == "services.exe" and direction == "inbound"
    step shell: process where action == "start" and parent_name == "services.exe" and process_name in ("cmd.exe", "powershell.exe")
}
`;

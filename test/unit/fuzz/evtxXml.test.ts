// Fuzzing the EVTX-XML reader (wevtutil / Get-WinEvent ToXml output: <Event> elements in an
// <Events> root or one after another), with entity declarations, external entities and
// markup in the data. See lineFormat.ts for the properties; rejections name offsets.

import { readEvtxXml } from '../../../src/core/ingest/formats/evtxXml';
import { fuzzTextFormat } from './lineFormat';

const event = (n: number) =>
  "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon'/><EventID>1</EventID>" +
  `<TimeCreated SystemTime='2020-09-04T03:07:02.5171710Z'/><EventRecordID>${n}</EventRecordID><Channel>Microsoft-Windows-Sysmon/Operational</Channel>` +
  `<Computer>WS6.theshire.local</Computer></System><EventData><Data Name='Image'>C:\\Windows\\System32\\cmd.exe</Data>` +
  `<Data Name='CommandLine'>cmd.exe /c "echo &lt;b&gt;${n}&lt;/b&gt; &amp; whoami"</Data></EventData></Event>`;

fuzzTextFormat({
  name: 'evtx-xml',
  reader: readEvtxXml,
  header: ['<?xml version="1.0" encoding="UTF-8"?>', '<Events>'],
  row: event,
  footer: ['</Events>'],
  // Text between <Event> elements is not looked at (see docs/security.md, known gaps).
  isRecord: (text) => /<Event[\s>/]/.test(text),
  numberOf: (r) => (typeof r.event.record_id === 'number' ? r.event.record_id : undefined),
  rejectsByLine: false,
});

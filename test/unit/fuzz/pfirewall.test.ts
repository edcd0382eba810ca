// Fuzzing the Windows Firewall log reader (pfirewall.log, W3C extended format with local
// times). See lineFormat.ts for the properties.

import { readPfirewall } from '../../../src/core/ingest/formats/pfirewall';
import { fuzzTextFormat } from './lineFormat';

fuzzTextFormat({
  name: 'pfirewall',
  reader: readPfirewall,
  header: [
    '#Version: 1.5', '#Software: Microsoft Windows Firewall', '#Time Format: Local',
    '#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid', '',
  ],
  row: (n) => `2020-09-04 03:07:${String(n % 60).padStart(2, '0')} DROP TCP 172.18.39.5 172.18.39.6 ${n} 445 52 S 1868392145 0 8192 - - - RECEIVE 4`,
  numberOf: (r) => (typeof r.event.src_port === 'number' ? r.event.src_port : undefined),
  rejectsByLine: true,
});

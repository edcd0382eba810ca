// Fuzzing the Zeek TSV reader (conn.log as Zeek's ASCII writer writes it, header and
// #close included). See lineFormat.ts for the properties.

import { readZeekTsv } from '../../../src/core/ingest/formats/zeek';
import { fuzzTextFormat } from './lineFormat';

fuzzTextFormat({
  name: 'zeek tsv',
  reader: readZeekTsv,
  header: [
    '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tconn', '#open\t2020-05-01-05-49-12',
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\ttunnel_parents',
    '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tset[string]',
  ],
  row: (n) => `1588205201.${String(n).padStart(6, '0')}\tC${n}\t10.0.1.6\t${n}\t10.0.0.5\t445\ttcp\t-\t0.5\t10\t20\tSF\tT\tT\t0\tShAdDaFf\t(empty)`,
  footer: ['#close\t2020-05-01-05-49-13'],
  numberOf: (r) => (typeof r.event.src_port === 'number' ? r.event.src_port : undefined),
  rejectsByLine: true,
});

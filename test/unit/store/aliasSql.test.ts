// Alias rewriting in ad hoc SQL: identifiers that resolve to a column are rewritten;
// literals, comments, function names and canonical names are left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rewriteAliases } from '../../../src/core/store/aliasSql';

test('rewrites Sigma, ECS, CIM and Zeek names to canonical columns', () => {
  assert.equal(rewriteAliases('SELECT Computer, EventID FROM events WHERE DestinationPort = ?'), 'SELECT host, event_id FROM events WHERE dst_port = ?');
  assert.equal(rewriteAliases('SELECT "host.name", `process.name`, [source.ip] FROM events ORDER BY @timestamp'), 'SELECT "host", "process_name", "src_ip" FROM events ORDER BY ts');
  assert.equal(rewriteAliases('SELECT e.dvc, e.dest_port, "id.resp_p" FROM events e'), 'SELECT e.host, e.dst_port, "dst_port" FROM events e');
});

test('leaves values, comments, function calls and canonical names untouched', () => {
  const sql = "SELECT count(*), process_name, action FROM events WHERE image = 'Image' AND command_line LIKE '%Computer%' -- Computer\n/* EventID */";
  assert.equal(rewriteAliases(sql), sql);
  assert.equal(rewriteAliases("SELECT raw_field(id, 'Image') FROM events"), "SELECT raw_field(id, 'Image') FROM events");
  assert.equal(rewriteAliases("SELECT 'it''s Computer' AS x"), "SELECT 'it''s Computer' AS x");
});

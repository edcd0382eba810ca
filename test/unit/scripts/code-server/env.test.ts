// toolEnv: what `npm start` hands to the tools it runs (npm, code-server, esbuild, vsce) is the
// user's environment without the outer npm's configuration, script identity and PATH entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { toolEnv } from '../../../../scripts/code-server/env';

const NPM_RUN_ENV = {
  HOME: '/home/ana',
  HUNTBENCH_CACHE: '/tmp/cache',
  NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt',
  PATH: ['/repo/node_modules/.bin', '/node_modules/.bin', '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin', '/usr/local/bin', '/usr/bin'].join(delimiter),
  NODE: '/usr/bin/node',
  INIT_CWD: '/repo',
  npm_command: 'start',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_node_execpath: '/usr/bin/node',
  npm_lifecycle_event: 'start',
  npm_lifecycle_script: 'node --import tsx scripts/start.mjs',
  npm_package_name: 'huntbench',
  npm_package_json: '/repo/package.json',
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_local_prefix: '/repo',
  npm_config_nodedir: '/usr',
  NPM_CONFIG_LOGLEVEL: 'silent',
  npm_config_registry: 'https://mirror.example/',
  'npm_config_@corp:registry': 'https://corp.example/',
  npm_config_https_proxy: 'http://proxy:3128',
  npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
};

test('drops what npm run adds: npm_config_* (the user agent naming the outer Node), script identity, its paths', () => {
  const env = toolEnv(NPM_RUN_ENV);
  for (const name of ['npm_config_user_agent', 'npm_config_local_prefix', 'npm_config_nodedir', 'NPM_CONFIG_LOGLEVEL', 'NODE', 'INIT_CWD', 'npm_command', 'npm_execpath', 'npm_node_execpath', 'npm_lifecycle_event', 'npm_lifecycle_script', 'npm_package_name', 'npm_package_json']) {
    assert.equal(env[name], undefined, name);
  }
});

test('keeps the user\'s own variables and how to reach the registry', () => {
  const env = toolEnv(NPM_RUN_ENV);
  for (const name of ['HOME', 'HUNTBENCH_CACHE', 'NODE_EXTRA_CA_CERTS', 'npm_config_registry', 'npm_config_@corp:registry', 'npm_config_https_proxy', 'npm_config_cafile']) {
    assert.equal(env[name], NPM_RUN_ENV[name as keyof typeof NPM_RUN_ENV], name);
  }
});

test('PATH loses the node_modules/.bin folders and the node-gyp shim npm prepended, keeps the rest in order', () => {
  assert.equal(toolEnv(NPM_RUN_ENV).PATH, ['/usr/local/bin', '/usr/bin'].join(delimiter));
});

test('the environment a real `npm run` gives its script comes back to the caller\'s', () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-env-'));
  try {
    const dump = join(dir, 'env.json');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({
      name: 'probe',
      version: '1.0.0',
      scripts: { probe: `node -e "require('fs').writeFileSync(process.argv[1], JSON.stringify(process.env))" ${JSON.stringify(dump)}` },
    }));
    const outer = toolEnv(process.env);
    const result = spawnSync('npm', ['run', '--silent', 'probe'], { cwd: dir, env: outer, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const inner = JSON.parse(readFileSync(dump, 'utf8')) as NodeJS.ProcessEnv;
    assert.match(inner.npm_config_user_agent ?? '', /^npm\//, 'npm did export its configuration');
    const cleaned = toolEnv(inner);
    assert.equal(cleaned.npm_config_user_agent, undefined);
    // What npm read from its config files about reaching the registry may pass; nothing else of npm's.
    const added = Object.keys(cleaned).filter((name) => /^npm_/i.test(name) && !(name in outer));
    assert.ok(added.every((name) => /^npm_config_(registry|proxy|https_proxy|noproxy|cafile|ca|strict_ssl)$/.test(name)), added.join(', '));
    assert.equal(cleaned.PATH, outer.PATH);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

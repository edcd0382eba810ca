// The environment for a tool that `npm start` (or the e2e suite) runs: the user's environment
// without what the outer `npm run` added to it. npm exports its whole configuration to scripts
// as npm_config_* (including npm_config_user_agent, which names the Node that runs npm), the
// script's identity (npm_lifecycle_*, npm_package_*), its own paths (npm_execpath, NODE, ...) and
// PATH entries for the project's node_modules/.bin and its bundled node-gyp. A nested npm
// inherits all of it: under Node 24 it then reported Node 20 in its user agent, and
// code-server's postinstall, which reads the Node version from there, refused to install.
// Each tool re-reads ~/.npmrc and the global npmrc itself, so nothing of the user's is lost.
import { delimiter } from 'node:path';

/** npm settings that say how to reach the registry: the same for every npm, so they pass through. */
const REGISTRY_ACCESS = /^npm_config_(registry|@[^:]+:registry|proxy|https_proxy|noproxy|cafile|ca|strict_ssl)$/i;

/** Variables npm run-script sets for the script it runs (beyond npm_config_*). */
const SCRIPT_IDENTITY = /^(npm_lifecycle_.*|npm_package_.*|npm_command|npm_execpath|npm_node_execpath|NODE|INIT_CWD)$/i;

/** PATH entries npm run-script prepends: each ancestor's node_modules/.bin and npm's node-gyp shim. */
const NPM_PATH_ENTRY = /[\\/](node_modules[\\/]\.bin|node-gyp-bin)[\\/]?$/;

/** `env` without the outer npm's configuration, script identity and PATH additions. */
export function toolEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (/^npm_config_/i.test(name) && !REGISTRY_ACCESS.test(name)) continue;
    if (SCRIPT_IDENTITY.test(name)) continue;
    clean[name] = value;
  }
  for (const name of Object.keys(clean).filter((key) => key.toUpperCase() === 'PATH')) {
    clean[name] = (clean[name] ?? '').split(delimiter).filter((entry) => entry && !NPM_PATH_ENTRY.test(entry)).join(delimiter);
  }
  return clean;
}

// Builds archives for tests with the library Huntbench reads them with: 7-Zip's WebAssembly
// build (`7z-wasm`), writing a folder's files as a Deflate64 zip (what Windows Explorer writes)
// or as a .7z.

import { dirname, basename } from 'node:path';
import SevenZip from '7z-wasm';

export type BuiltKind = 'deflate64-zip' | '7z';

/** Writes every file under `folder` (paths relative to it) into the new archive `archive`. */
export async function buildArchive(folder: string, archive: string, kind: BuiltKind): Promise<void> {
  const said: string[] = [];
  const sz = await SevenZip({ print: (line) => said.push(line), printErr: (line) => said.push(line) });
  sz.FS.mkdir('/in');
  sz.FS.mount(sz.NODEFS, { root: folder }, '/in');
  sz.FS.mkdir('/out');
  sz.FS.mount(sz.NODEFS, { root: dirname(archive) }, '/out');
  sz.FS.chdir('/in');
  const type = kind === '7z' ? ['-t7z'] : ['-tzip', '-mm=Deflate64'];
  const status = sz.callMain(['a', '-bd', ...type, `/out/${basename(archive)}`, '-r', '*']) as unknown as number;
  if (status !== 0) throw new Error(`7-Zip could not build ${archive}: ${said.join('\n')}`);
}

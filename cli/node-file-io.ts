// Node's implementation of the FileIO that checkpoint storage uses (engines/ never import `node:`).
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { FileIO } from '../engines/core/checkpoint-storage.ts';
import { makeDirs } from './out-dir.ts';

export const nodeFileIO: FileIO = {
  mkdirp: (dir) => makeDirs(dir),
  writeFile: (path, text) => writeFileSync(path, text),
  rename: (from, to) => renameSync(from, to),
  readFile: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined),
  list: (dir) => (existsSync(dir) ? readdirSync(dir) : []),
  remove: (path) => rmSync(path, { force: true }),
};

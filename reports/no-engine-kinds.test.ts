// Reports name systems by result.json's `model` and branch only on its data fields: no source file under
// reports/ compares anything with an engine kind ('event', 'microbatch', 'tuple'). Event *time* ('event'
// as a job's time) is not a kind.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve('reports');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'out' || d.name === 'golden' ? [] : sources(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [p] : [];
  });
}

test('no file under reports/ mentions an engine kind as a literal or compares a kind', () => {
  const found: string[] = [];
  for (const file of sources(ROOT)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const literal = /['"`](event|microbatch|tuple)['"`]/.test(line) && !/\btime\s*[!=]==?\s*'event'/.test(line);
        const compared = /\.kind\s*[!=]==?/.test(line) && !/\b[df]\.kind\b/.test(line);
        if (literal || compared) found.push(`${file.slice(ROOT.length + 1)}:${i + 1}: ${line.trim()}`);
      });
  }
  expect(found).toEqual([]);
  expect(sources(ROOT).length).toBeGreaterThan(20);
});

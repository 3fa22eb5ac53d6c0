// Entry of `npm run notebooks`: build the pages and print each one's size.
import { buildNotebooks, NOTEBOOKS_DIST, PAGE_LIMIT, sizeLines } from './build.ts';

const started = performance.now();
const pages = await buildNotebooks();
for (const line of sizeLines(pages)) console.log(line);
console.log(`wrote ${pages.length} files to ${NOTEBOOKS_DIST} in ${Math.round(performance.now() - started)} ms`);
if (pages.some((p) => p.bytes > PAGE_LIMIT)) process.exitCode = 1;

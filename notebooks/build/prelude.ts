// Runs before every notebook page's code (esbuild `inject`): zod without its eval-compiled parsers (csp-safe.ts).
import { config } from 'zod';

config({ jitless: true });

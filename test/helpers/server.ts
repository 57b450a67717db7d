import * as path from 'node:path';

/** The built language server the tests drive (`npm run build` makes it). */
export const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');

import { join } from 'node:path';
import { rotateLocalKey } from '../../functions/adapters/credentials.ts';
import { localSettings } from './settings.ts';

/**
 * `npm run credentials:rotate-key` (DATA_DIR as for `npm start`, default .data): makes a new local credentials key the current one.
 * A running platform picks it up at once (new credentials are sealed under it); the hourly
 * `credentials-reencrypt` job re-seals the older ones, and the previous keys stay to read them until then.
 */
const file = join(localSettings.dataDir, 'credentials.key');
const name = rotateLocalKey(file);
console.log(`${file}: ${name} is now the current credentials key.`);
console.log('Credentials sealed under older keys stay readable and are re-sealed within the hour.');

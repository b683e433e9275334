import { startDynamo, startS3 } from '../../infra/local/services.ts';

/**
 * dynalite and s3rver for the backup bench, in a process of their own: the bench's measuring process
 * then holds only what a backup, restore or export function would (in AWS these are services too).
 * Prints `{ dynamo, s3 }` and runs until stopped.
 */
const [dir] = process.argv.slice(2);
if (!dir) throw new Error('usage: backup-storage.ts <dir>');
const [dynamo, s3] = await Promise.all([startDynamo(`${dir}/dynamodb`), startS3(`${dir}/s3`)]);
console.log(JSON.stringify({ dynamo: dynamo.url, s3: s3.url }));
const stop = async () => {
  await Promise.all([dynamo.stop(), s3.stop()]);
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

// Entry of a contender's worker thread: worker threads do not inherit the `--import tsx` hooks
// of their process, so register tsx here, then load the TypeScript module named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

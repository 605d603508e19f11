// Before any end-to-end test: the demo district in both variants (with and without its reports), made at once on
// the two cores while nothing else runs, so no test waits for it and no two workers make the same one.
import { makeDemoCache } from './fixtures';

export default async function globalSetup(): Promise<void> {
  await Promise.all([makeDemoCache({ reports: true }), makeDemoCache({ reports: false })]);
}

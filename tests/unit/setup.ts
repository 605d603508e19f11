// Before every unit test file: new password hashes and signing keys at a test cost (see cheapHashingForTests).
// Imported in a hook, after the test file's own imports and mocks (login-hardening counts node:crypto's scrypt).
import { beforeAll } from 'vitest';

beforeAll(async () => {
  (await import('../../db/system/passwords')).cheapHashingForTests(true);
  (await import('../../db/reports/signing-keys')).cheapKeyKdfForTests(true);
});

// The draw's computation as both bench commands time it: batch 2 of plan 1 sealed in memory (the directories read,
// each row hashed) and drawn from (seed, tiers, teams), nothing stored.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/core/schema';
import { prepareSeal } from '../../db/enforcement/draws';
import { buildDrawRecord } from '../../db/enforcement/draw-algorithm';
import { DRAW_ENTROPY } from './district';

export async function drawComputation(db: Kysely<DB>): Promise<ReturnType<typeof buildDrawRecord>> {
  const seal = await prepareSeal(db, {
    planId: 1,
    batchNumber: 2,
    sealedAt: '2026-11-18T14:30:00.000Z',
    sealedBy: 'bench',
  });
  return buildDrawRecord(seal, {
    entropy: DRAW_ENTROPY,
    witnesses: ['王见证', '李监督'],
    drawnAt: '2026-11-22T01:00:00.000Z',
    drawnBy: 'bench',
  });
}

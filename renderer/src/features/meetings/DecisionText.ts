// The decision wording lives in shared/domain/decisions.ts: the list, its print and its Excel export say the same.
export * from '../../../../shared/domain/decisions';

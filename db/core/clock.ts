// A clock that can be sent to an earlier moment and back. The demo district needs one: its history includes a
// 双随机 batch sealed on one day and drawn after a later day's lottery, and the app stamps seals and draws with its
// own clock (as it must: a seal's time is the point of it). Only the process that owns the app core holds `travel`
// (the CLI's seed-demo, tests); nothing reachable from a request can move the clock.
export type Travel = (to: Date | null) => void;

export interface TravellingClock {
  now: () => Date;
  /** From now on the clock reads `to` plus the time passed since; null goes back to the base clock. */
  travel: Travel;
}

export function travellingClock(base: () => Date = () => new Date()): TravellingClock {
  let shift = 0;
  return {
    now: () => new Date(base().getTime() + shift),
    travel: (to) => {
      shift = to ? to.getTime() - base().getTime() : 0;
    },
  };
}

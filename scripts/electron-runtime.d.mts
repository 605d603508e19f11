export function findElectronRuntime():
  { path: string; reason?: undefined } | { reason: string; path?: undefined };

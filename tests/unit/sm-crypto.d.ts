// sm-crypto (JUNE_01, on jsbn) ships no types: the part the signing tests use, as an independent SM2 verifier.
declare module 'sm-crypto' {
  export const sm2: {
    doVerifySignature(
      msg: string | number[],
      signHex: string,
      publicKey: string,
      options?: { der?: boolean; hash?: boolean; userId?: string },
    ): boolean;
  };
  export function sm3(msg: string | number[]): string;
}
